"""Sealing an interview's answers: the one place answers are encrypted for storage.

:func:`answer_rows` turns an interview's answers into the rows stored for
it, one per answered question: open-text answers and identifying fields
sealed with the interview's data key, bound to the interview, the question
and the instrument version; every other answer left clear so it can be
queried. Web capture and ``fiit import`` both store what it returns.

:class:`InterviewSealer` does everything a *new* interview needs before it
is stored: a fresh id, key share and data key, the data key wrapped under the
key file's current key and the share, and the sealed rows. It holds only the
current key (not the rest of the key file, not the audit key) and can be
pickled, so an import can seal in a second process while the first one
writes (:mod:`fiit.interop.submissions.background`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from fiit.vault.crypto import FieldSealer, new_data_key, wrap_data_key
from fiit.vault.shares import new_share, wrapping_key

if TYPE_CHECKING:
    from fiit.instruments import Instrument
    from fiit.vault.keyfile import KeyFile

# Per question, in the instrument's order: (question id, sealed?).
AnswerPlan = tuple[tuple[str, bool], ...]
# One stored answer: (question id, clear value or None, sealed blob or None).
AnswerRow = tuple[str, Any, "bytes | None"]


def answer_plan(instrument: Instrument) -> AnswerPlan:
    """Which questions an instrument stores and which of them are sealed; prepare once to write many interviews."""
    return tuple((question.id, question.is_sensitive) for question in instrument.questions())


def _clear_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def answer_rows(interview_uid: str, instrument: Instrument, answers: Mapping[str, Any], data_key: bytes,
                plan: AnswerPlan | None = None) -> list[AnswerRow]:
    """(question id, clear value, sealed blob) per answer: the one place answers are sealed.

    Open answers and identifying fields are sealed with the interview's data
    key, bound to the interview, the question and the instrument version.
    """
    return _rows(interview_uid, instrument.key, answers, data_key,
                 plan if plan is not None else answer_plan(instrument))


def _rows(interview_uid: str, instrument_version: str, answers: Mapping[str, Any], data_key: bytes,
          plan: AnswerPlan) -> list[AnswerRow]:
    sealer = None
    rows = []
    for question_id, sensitive in plan:
        value = answers.get(question_id)
        if value is None or value == "" or value == []:  # not is_answered(value), inlined: a hot loop
            continue
        if sensitive:
            if sealer is None:
                sealer = FieldSealer(data_key, interview_id=interview_uid, instrument_version=instrument_version)
            rows.append((question_id, None, sealer.seal(question_id, str(value))))
        else:
            kind = value.__class__
            rows.append((question_id, value if kind is int or kind is str else _clear_value(value), None))
    return rows


def new_wrapped_data_key(interview_uid: str, kek: bytes, key_id: str, share: bytes) -> tuple[bytes, bytes]:
    """A fresh data key for a new interview: (the data key wrapped, the data key).

    It is wrapped under a key derived from the key-encryption key ``kek``
    (key ``key_id`` of the key file) and the interview's key share.
    """
    data_key = new_data_key()
    wrapped = wrap_data_key(wrapping_key(kek, share, interview_uid), data_key,
                            interview_id=interview_uid, key_id=key_id)
    return wrapped, data_key


@dataclass(frozen=True)
class SealedInterview:
    """A new interview ready to store: store ``share`` under ``uid`` before the interview itself."""

    uid: str
    share: bytes
    key_id: str
    wrapped_key: bytes
    rows: list[AnswerRow]


class InterviewSealer:
    """Seals new interviews of one instrument under a key file's current key."""

    def __init__(self, keyfile: KeyFile, instrument: Instrument):
        self.key_id = keyfile.current_id
        self._kek = keyfile.current
        self.instrument_version = instrument.key
        self.plan = answer_plan(instrument)

    def __repr__(self) -> str:  # never the key
        return f"InterviewSealer(key_id={self.key_id!r}, instrument={self.instrument_version!r})"

    def seal(self, answers: Mapping[str, Any], uid: uuid.UUID | str | None = None) -> SealedInterview:
        """A new interview with these answers; ``uid`` when a device already gave it its id."""
        uid = str(uid) if uid is not None else str(uuid.uuid4())
        share = new_share()
        wrapped, data_key = new_wrapped_data_key(uid, self._kek, self.key_id, share)
        return SealedInterview(uid=uid, share=share, key_id=self.key_id, wrapped_key=wrapped,
                               rows=_rows(uid, self.instrument_version, answers, data_key, self.plan))
