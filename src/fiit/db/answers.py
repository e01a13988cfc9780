"""Writing and reading an interview's answers, sealing what is sensitive.

Open-text answers and identifying fields go into ``Answer.sealed``, encrypted
with the interview's own data key; the associated data binds each blob to the
interview, the question and the instrument version. Everything else stays in
``Answer.value`` so it can be queried.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from django.db import transaction

from fiit.db.models import Answer, Interview
from fiit.instruments import Instrument
from fiit.vault import FieldSealer, KeyFile, new_data_key, open_field, unwrap_data_key, wrap_data_key
from fiit.vault.shares import ShareDestroyed, share_store_for, wrapping_key


class KeyDestroyed(Exception):
    """The interview's data key was destroyed (the respondent withdrew)."""


def issue_data_key(interview: Interview, keyfile: KeyFile, share: bytes | None = None) -> bytes:
    """Give a new interview its data key, wrapped under the key file's current key and a fresh key share."""
    uid = str(interview.uid)
    if share is None:
        share = share_store_for(keyfile.path).create(uid)
    interview.key_id, interview.wrapped_key, data_key = new_wrapped_data_key(uid, keyfile, share)
    return data_key


def new_wrapped_data_key(interview_uid: str, keyfile: KeyFile, share: bytes) -> tuple[str, bytes, bytes]:
    """A fresh data key for a new interview: (key id, wrapped data key, data key).

    The data key is wrapped under a key derived from the key file's current
    key and the interview's key share (see :func:`issue_data_key`).
    """
    data_key = new_data_key()
    wrapped = wrap_data_key(wrapping_key(keyfile.current, share, interview_uid), data_key,
                            interview_id=interview_uid, key_id=keyfile.current_id)
    return keyfile.current_id, wrapped, data_key


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


def _clear_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


# Per question, in the instrument's order: (question id, sealed?).
AnswerPlan = tuple[tuple[str, bool], ...]


def answer_plan(instrument: Instrument) -> AnswerPlan:
    """Which questions an instrument stores and which of them are sealed; prepare once to write many interviews."""
    return tuple((question.id, question.is_sensitive) for question in instrument.questions())


def answer_rows(interview_uid: str, instrument: Instrument, answers: Mapping[str, Any], data_key: bytes,
                plan: AnswerPlan | None = None) -> list[tuple[str, Any, bytes | None]]:
    """(question id, clear value, sealed blob) per answer: the one place answers are sealed.

    Open answers and identifying fields are sealed with the interview's data
    key, bound to the interview, the question and the instrument version.
    """
    sealer = None
    rows = []
    for question_id, sensitive in plan if plan is not None else answer_plan(instrument):
        value = answers.get(question_id)
        if value is None or value == "" or value == []:  # not is_answered(value), inlined: a hot loop
            continue
        if sensitive:
            if sealer is None:
                sealer = FieldSealer(data_key, interview_id=interview_uid, instrument_version=instrument.key)
            rows.append((question_id, None, sealer.seal(question_id, str(value))))
        else:
            kind = value.__class__
            rows.append((question_id, value if kind is int or kind is str else _clear_value(value), None))
    return rows


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


def read_answers(interview: Interview, instrument: Instrument, keyfile: KeyFile | None) -> dict[str, Any]:
    """The interview's answers; sealed ones are opened only when a key file is given."""
    out: dict[str, Any] = {}
    data_key = None
    for answer in interview.answers.all():
        if answer.sealed is not None:
            if keyfile is None:
                continue
            if data_key is None:
                data_key = data_key_for(interview, keyfile)
            out[answer.question_id] = open_field(
                data_key, bytes(answer.sealed), interview_id=str(interview.uid),
                question_id=answer.question_id, instrument_version=instrument.key,
            )
        else:
            out[answer.question_id] = answer.value
    return out


def destroy_interview(interview: Interview, keyfile: KeyFile) -> None:
    """Delete an interview and destroy its key share.

    Without the share, the wrapped data key in any copy of the database
    (a backup included) can no longer be unwrapped, even with the key file.
    """
    share_store_for(keyfile.path).destroy(str(interview.uid))
    with transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(wrapped_key=None, key_id="")
        interview.delete()
