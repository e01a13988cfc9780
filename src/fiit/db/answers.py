"""Writing and reading an interview's answers, sealing what is sensitive.

Open-text answers and identifying fields go into ``Answer.sealed``, encrypted
with the interview's own data key by :func:`fiit.vault.sealing.answer_rows`;
the associated data binds each blob to the interview, the question and the
instrument version. Everything else stays in ``Answer.value`` so it can be
queried.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping

from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from fiit.problems.errors import FiitError
from fiit.db.bulk import insert_answers
from fiit.db.interview_seal import reseal
from fiit.db.models import Answer, Interview, WithdrawnSubmission
from fiit.db.prepared_queries import PreparedQuery
from fiit.instruments import Instrument
from fiit.vault import KeyFile, open_field, unwrap_data_key
from fiit.vault.sealing import answer_rows
from fiit.vault.shares import ShareDestroyed, share_store_for, wrapping_key
from fiit.vault.withdrawals import withdrawals_for


class KeyDestroyed(FiitError):
    """The interview's data key was destroyed (the respondent withdrew)."""

    code = "key_destroyed"


def data_key_for(interview: Interview, keyfile: KeyFile) -> bytes:
    uid = str(interview.uid)
    if not interview.wrapped_key:
        raise KeyDestroyed(f"The data key of interview {interview.pk} was destroyed; its sealed answers cannot be read.")
    try:
        share = share_store_for(keyfile.path).get(uid)
    except ShareDestroyed:
        raise KeyDestroyed(f"The key of interview {interview.pk} was destroyed; its sealed answers cannot be read.") from None
    return unwrap_data_key(
        wrapping_key(keyfile.key(interview.key_id), share, uid), bytes(interview.wrapped_key),
        interview_id=uid, key_id=interview.key_id,
    )


def write_answers(
    interview: Interview, instrument: Instrument, answers: Mapping[str, Any], keyfile: KeyFile,
    data_key: bytes | None = None,
) -> None:
    """Replace the interview's answers with these (all or nothing)."""
    if data_key is None:
        data_key = data_key_for(interview, keyfile)
    rows = [Answer(interview=interview, question_id=qid, value=value, sealed=sealed)
            for qid, value, sealed in answer_rows(str(interview.uid), instrument, answers, data_key)]
    with transaction.atomic():
        Answer.objects.filter(interview=interview).delete()
        Answer.objects.bulk_create(rows)
        reseal([interview.pk], keyfile)


def write_changed_answers(interview: Interview, instrument: Instrument, changed: Mapping[str, Any],
                          data_key: bytes, keyfile: KeyFile) -> None:
    """Replace only the answers of these questions (None or empty clears one); the others stay as stored.

    An autosave changes one or two answers: only those are sealed again, the
    other rows (and their sealed blobs) are not touched. The interview's seal
    over its clear fields is renewed (one read of its answers, one update).
    """
    write_answer_rows(interview, list(changed), answer_rows(str(interview.uid), instrument, changed, data_key),
                      keyfile)


def write_answer_rows(interview: Interview, questions: list[str], rows, keyfile: KeyFile,
                      seal: str | None = None) -> None:
    """Replace the answers of ``questions`` with ``rows`` (from :func:`answer_rows`, sealed beforehand).

    ``seal``: the interview's seal after this write, computed beforehand by
    :func:`fiit.db.interview_seal.seal_after` from rows the caller found still
    stored in this transaction; it is stored with ``updated_at`` in one update (an autosave
    under the write lock). Without it the seal is computed from a read back.
    """
    with transaction.atomic(savepoint=False):
        _delete_answers(interview.pk, questions)
        insert_answers([(interview.pk, list(rows))])  # each value prepared by its field, as bulk_create does
        if seal is None:
            reseal([interview.pk], keyfile)
        else:
            _update_seal(interview, seal)


def _update_seal(interview: Interview, seal: str) -> None:
    """``interview.save(update_fields=["updated_at", "fields_seal"])`` as one UPDATE, and its ``post_save``
    signal (the report store's): Model.save's own work was a quarter of an autosave (issue 16). Saved by
    ``save`` after all when a ``pre_save`` receiver listens for interviews (there is none today);
    ``updated_at`` is set as its ``auto_now`` would set it."""
    interview.fields_seal = seal
    if pre_save.has_listeners(Interview):
        interview.save(update_fields=["updated_at", "fields_seal"])
        return
    db = connections[Interview.objects.db]
    meta = Interview._meta
    interview.updated_at = meta.get_field("updated_at").pre_save(interview, False)  # auto_now: now
    quote = db.ops.quote_name
    columns = [meta.get_field(name) for name in ("updated_at", "fields_seal")]
    sql = _SEAL_UPDATES.get(db.vendor)
    if sql is None:
        sql = _SEAL_UPDATES[db.vendor] = (
            f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in columns)} "
            f"WHERE {quote(meta.pk.column)} = %s")
    with db.cursor() as cursor:
        cursor.execute(sql, [*(f.get_db_prep_save(getattr(interview, f.attname), db) for f in columns),
                             meta.pk.get_db_prep_value(interview.pk, db)])
    post_save.send(sender=Interview, instance=interview, created=False, update_fields=frozenset(
        ("updated_at", "fields_seal")), raw=False, using=db.alias)


_SEAL_UPDATES: dict[str, str] = {}  # by database vendor


def _delete_answers(interview_id: int, questions: list[str]) -> None:
    """Delete the answers of ``questions``: one DELETE written from the model's metadata (the ORM's delete
    compiled its filter and ran its collector, ~0.5 ms of an autosave's CPU: issue 16). Nothing refers to an
    answer and nothing listens to its deletion; should either change, the ORM's delete is used again."""
    if not questions:
        return
    if (len(questions) > 500 or Answer._meta.related_objects or pre_delete.has_listeners(Answer)
            or post_delete.has_listeners(Answer)):
        Answer.objects.filter(interview_id=interview_id, question_id__in=questions).delete()
        return
    db = connections[Answer.objects.db]
    quote = db.ops.quote_name
    meta = Answer._meta
    sql = (f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('interview').column)} = %s "
           f"AND {quote(meta.get_field('question_id').column)} IN ({', '.join(['%s'] * len(questions))})")
    with db.cursor() as cursor:
        cursor.execute(sql, [interview_id, *questions])


StoredRows = tuple[tuple[str, Any, bytes | None], ...]


def stored_rows(interview: Interview) -> StoredRows:
    """The interview's answer rows as stored (question id, clear value, sealed blob), unopened: a snapshot
    that tells whether anything changed since it was taken."""
    return tuple((qid, value, bytes(sealed) if sealed is not None else None) for qid, value, sealed in
                 _STORED_ROWS.rows(interview.pk))


#: A key no interview has (ids are positive): where the real interview id goes in the compiled statement.
SENTINEL_ID = -7315
#: stored_rows' statement, compiled once per process (an autosave reads the rows twice: issue 16).
_STORED_ROWS = PreparedQuery(
    lambda pk: Answer.objects.filter(interview_id=pk).order_by("question_id", "pk")
    .values_list("question_id", "value", "sealed"),
    [(Interview._meta.pk, SENTINEL_ID)])


def open_rows(interview: Interview, instrument: Instrument, rows: StoredRows, data_key: bytes) -> dict[str, Any]:
    """The answers in ``rows`` (from :func:`stored_rows`), the sealed ones opened with ``data_key``."""
    return {qid: (open_field(data_key, sealed, interview_id=str(interview.uid), question_id=qid,
                             instrument_version=instrument.key) if sealed is not None else value)
            for qid, value, sealed in rows}


def read_answers(interview: Interview, instrument: Instrument, keyfile: KeyFile | None,
                 data_key: bytes | None = None, hide: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The interview's answers; sealed ones are opened only when a key file is given.

    ``data_key``: the interview's data key when the caller has already unwrapped it. Sealed answers are
    bound to the instrument version the interview was taken with (its stored version), whichever
    version of ``instrument`` the caller reads them with: an interview on an earlier version opens too.
    ``hide``: questions left out in the query (never read, never decrypted).

    Read as rows rather than ``Answer`` objects: making forty model instances cost more than the
    query and the decryption together (issue 16: ~0.6 ms of a victim interview's page).
    """
    out: dict[str, Any] = {}
    version_key = interview.instrument.key if getattr(interview, "instrument_id", None) else instrument.key
    if hide:
        rows = Answer.objects.filter(interview_id=interview.pk).exclude(question_id__in=hide) \
            .values_list("question_id", "value", "sealed")
    else:  # the statement compiled once per process (building it was a third of this function: issue 16)
        rows = _STORED_ROWS.rows(interview.pk)
    for question_id, value, sealed in rows:
        if sealed is not None:
            if keyfile is None:
                continue
            if data_key is None:
                data_key = data_key_for(interview, keyfile)
            out[question_id] = open_field(
                data_key, bytes(sealed), interview_id=str(interview.uid),
                question_id=question_id, instrument_version=version_key,
            )
        else:
            out[question_id] = value
    return out


def withdrawal_mark(external_id: str) -> str:
    """What is kept of a withdrawn submission's id: a hash that recognises it, and says nothing else."""
    return hashlib.sha256(f"fiit-withdrawn|{external_id}".encode()).hexdigest()


def destroy_interview(interview: Interview, keyfile: KeyFile) -> None:
    """Delete an interview and destroy its key share.

    Without the share, the wrapped data key in any copy of the database
    can no longer be unwrapped, even with the key file. Backups carry the
    shares (so that losing the share file does not lose every interview);
    the withdrawal register beside the key file is replayed when one is
    restored (:mod:`fiit.db.backup`).
    An imported interview leaves a mark of its submission id, so importing
    the same export again does not bring it back.
    """
    from fiit.db.withdrawal_reach import reach

    reach(interview, keyfile)  # findings quoting the respondent, caches: while the passages can still be read
    withdrawals_for(keyfile.path).add(str(interview.uid))  # replayed onto any backup that is restored
    share_store_for(keyfile.path).destroy(str(interview.uid))
    with transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(wrapped_key=None, key_id="")
        if interview.external_id:
            WithdrawnSubmission.objects.get_or_create(mark=withdrawal_mark(interview.external_id))
        interview.delete()
