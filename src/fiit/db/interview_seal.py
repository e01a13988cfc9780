"""Sealing and checking the clear fields of interviews (issue 14, L9; see :mod:`fiit.vault.fieldseal`).

Every write of those fields goes through one of four places — the interview
writer (web start, import, demo), the answer writers (autosave, the form
without JavaScript, device sync), consent and finalising — and each calls
:func:`reseal` for the interviews it touched, inside its transaction. The seal
is computed from what the database holds after the write (read back in one
query), so writing and checking read the same values in the same form.

An autosave does not read back (issue 13: its write lock holds every other
interviewer's save): :func:`seal_after` computes the seal outside the lock
from the rows it read and the rows it will write, each clear value passed
through the JSON column's own encoding as a read back would return it, and
the save stores it with the rows, in the update of the interview it makes
anyway. The save uses it only if the interview and its rows are still the
ones it read (``fiit.db.capture.save_answers``); ``tests/capture`` check every
write path against :func:`check`, which reads back.

An interview with no seal is reported by :func:`check` like a changed one:
blanking a seal must not hide a change. Interviews stored before seals existed
get theirs from ``fiit audit seal-fields``, an explicit, audited step after the
upgrade (migration 0010 cannot: the key file is not in the database).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from django.db import connection
from django.db.models import BooleanField, Case, Value, When

from fiit.db.models import Answer, Interview
from fiit.vault import KeyFile
from fiit.vault.fieldseal import fields_seal, seal_matches

# The interview's own columns under the seal (timestamps and the wrapped key are not: the key is AEAD-bound).
COLUMNS = ("uid", "study_id", "instrument_id", "country_id", "language", "respondent_code", "interview_date",
           "status", "source", "external_id", "synthetic", "consent_text_version", "consent_research_use",
           "consent_quotes", "consent_follow_up")
SEALED = {"sealed": True}  # a sealed answer is present (its text is bound by AES-GCM, not here)


def _fields(columns: tuple, answers: dict[str, Any]) -> dict[str, Any]:
    return {**dict(zip(COLUMNS, columns)), "answers": answers}


def _answers_of(ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {i: {} for i in ids}
    rows = (Answer.objects.filter(interview_id__in=ids)
            .annotate(clear=Case(When(sealed__isnull=True, then=Value(True)), default=Value(False),
                                 output_field=BooleanField()))
            .order_by().values_list("interview_id", "question_id", "value", "clear"))
    for interview_id, question_id, value, clear in rows.iterator():
        out[interview_id][question_id] = value if clear else SEALED
    return out


def seal_after(interview: Interview, rows, questions: Iterable[str], new_rows, keyfile: KeyFile) -> str:
    """The seal :func:`reseal` would store once the answers of ``questions`` in ``rows`` are replaced by ``new_rows``.

    ``interview`` as read from the database; ``rows`` its stored answer rows
    (:func:`fiit.db.answers.stored_rows`); ``new_rows`` from
    :func:`fiit.vault.sealing.answer_rows`. Nothing is read or written.
    """
    replaced = set(questions)
    answers = {qid: (value if sealed is None else SEALED) for qid, value, sealed in rows if qid not in replaced}
    for qid, value, sealed in new_rows:
        answers[qid] = _as_read_back(value) if sealed is None else SEALED
    columns = tuple(getattr(interview, name) for name in COLUMNS)
    return fields_seal(keyfile.audit_key, _fields(columns, answers))


_VALUE = Answer._meta.get_field("value")


def _as_read_back(value: Any) -> Any:
    """A clear value as the JSON column returns it once stored (a tuple comes back a list)."""
    return None if value is None else json.loads(json.dumps(value, cls=_VALUE.encoder), cls=_VALUE.decoder)


def reseal(ids: Iterable[int], keyfile: KeyFile) -> None:
    """Compute and store the seal of these interviews from what the database holds now."""
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        answers = _answers_of(chunk)
        rows = Interview.objects.filter(pk__in=chunk).order_by().values_list("pk", *COLUMNS)
        seals = [(fields_seal(keyfile.audit_key, _fields(tuple(r[1:]), answers[r[0]])), r[0]) for r in rows]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {Interview._meta.db_table} SET fields_seal = %s WHERE id = %s", seals)


@dataclass
class SealCheck:
    checked: int = 0
    changed: list[tuple[int, str]] = field(default_factory=list)   # (pk, uid): the seal does not match
    unsealed: list[tuple[int, str]] = field(default_factory=list)  # (pk, uid): no seal at all

    @property
    def ok(self) -> bool:
        return not self.changed and not self.unsealed

    def message(self) -> str:
        if self.ok:
            return f"{self.checked} interview(s): answers, consent, status and country as fiit wrote them"
        parts = []
        if self.changed:
            named = ", ".join(f"interview {pk} ({uid})" for pk, uid in self.changed[:10])
            more = f" and {len(self.changed) - 10} more" if len(self.changed) > 10 else ""
            parts.append(f"{named}{more}: answers, consent, status or country were changed outside fiit "
                         "(they no longer match their seal)")
        if self.unsealed:
            named = ", ".join(f"interview {pk} ({uid})" for pk, uid in self.unsealed[:10])
            more = f" and {len(self.unsealed) - 10} more" if len(self.unsealed) > 10 else ""
            parts.append(f"{named}{more}: no seal over answers, consent, status and country (stored before fiit "
                         "sealed them, or the seal was removed; after an upgrade run 'fiit audit seal-fields')")
        return "; ".join(parts)


def check(keyfile: KeyFile, batch: int = 2000) -> SealCheck:
    """Recompute every interview's seal; name those that differ or have none."""
    result = SealCheck()
    last = 0
    while True:
        rows = list(Interview.objects.filter(pk__gt=last).order_by("pk")
                    .values_list("pk", "fields_seal", *COLUMNS)[:batch])
        if not rows:
            return result
        answers = _answers_of([r[0] for r in rows])
        for pk, seal, *columns in rows:
            result.checked += 1
            uid = str(columns[0])
            if not seal:
                result.unsealed.append((pk, uid))
            elif not seal_matches(keyfile.audit_key, _fields(tuple(columns), answers[pk]), seal):
                result.changed.append((pk, uid))
        last = rows[-1][0]


def seal_unsealed(keyfile: KeyFile, actor: str = "cli") -> list[int]:
    """Seal the interviews that have no seal (after an upgrade); audited, listing them. Returns their ids."""
    from django.db import transaction

    from fiit.db.audit import record

    with transaction.atomic():
        ids = list(Interview.objects.filter(fields_seal="").order_by("pk").values_list("pk", flat=True))
        if ids:
            reseal(ids, keyfile)
            record("fields_sealed", actor=actor, record_type="interview", record_id=ids[0],
                   details={"interviews": ids}, keyfile=keyfile)
    return ids
