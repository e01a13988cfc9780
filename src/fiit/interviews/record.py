"""The value object every interview is stored from, and its consent.

Web capture, ``fiit import`` and the demo each describe an interview as an
:class:`InterviewRecord` and hand it to the one writer, so a key is issued,
consent is mapped, and answers are sealed and filtered the same way for all
three. Answers are already typed (numbers parsed with
:func:`fiit.interviews.parse_whole_number`); answers to questions that do not
apply are never stored (:meth:`InterviewRecord.applicable_answers`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from fiit.instruments import Instrument

SOURCES = ("web", "kobo", "odk", "demo")


@dataclass(frozen=True)
class Consent:
    """Informed consent as recorded: which text, what was agreed, when and by whom (a username)."""

    text_version: str = ""
    research_use: bool = False
    quotes: bool = False
    follow_up: bool = False
    recorded_at: dt.datetime | None = None
    recorded_by: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Consent:
        """From the dict an import row or the demo generator gives (``recorded_at`` may be ISO text)."""
        data = data or {}
        at = data.get("recorded_at")
        if isinstance(at, str):
            at = dt.datetime.fromisoformat(at)
            at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
        return cls(text_version=str(data.get("text_version") or ""), research_use=bool(data.get("research_use")),
                   quotes=bool(data.get("quotes")), follow_up=bool(data.get("follow_up")), recorded_at=at,
                   recorded_by=data.get("recorded_by") or None)

    @property
    def given(self) -> bool:
        """Consent to research use is recorded: the interview may go on."""
        return self.recorded_at is not None and self.research_use


@dataclass(frozen=True)
class InterviewRecord:
    """One interview to store: who was asked what, where, in which language, with which answers."""

    instrument: Instrument
    country: str
    language: str
    respondent_code: str
    interview_date: dt.date
    answers: Mapping[str, Any] = field(default_factory=dict)
    consent: Consent = field(default_factory=Consent)
    status: str = "draft"
    source: str = "web"
    synthetic: bool = False
    external_id: str | None = None
    interviewer: str | None = None  # a username
    uid: uuid.UUID | None = None    # given by a device that made the interview offline

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown interview source '{self.source}'")
        if self.status not in ("draft", "final"):
            raise ValueError(f"unknown interview status '{self.status}'")

    def applicable_answers(self) -> dict[str, Any]:
        """The answers to questions that apply and are answered: what is stored."""
        from fiit.instruments import relevant_questions
        from fiit.instruments.conditions import is_answered

        applicable = relevant_questions(self.instrument, self.answers)
        return {qid: v for qid, v in self.answers.items() if qid in applicable and is_answered(v)}
