"""What is asked: the instrument, its sections, questions and options."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Mapping

from fiit.i18n import pick  # noqa: F401  (re-exported: instruments.pick)
from fiit.vocabulary import vocabulary

QUESTION_TYPES = (
    "text",
    "scale",
    "single_choice",
    "multiple_choice",
    "ranking",
    "integer",
    "date",
)
CHOICE_TYPES = ("single_choice", "multiple_choice", "ranking")
THEMES = vocabulary().theme_codes  # the study vocabulary's themes (fiit/vocabulary/data/themes.yaml)
SCALE_IDS = (
    "overall_integration",
    "services_used",
    "personal_treatment",
    "follow_up",
    "professional_aspects",
    "return_assistance",
)

# The stored answer of a question the respondent declined to answer. Every question of
# every instrument can be declined (a rule of the instrument model, not a per-question
# flag); statistics count it apart from the answers (fiit.interviews.states).
DECLINED = "declined"

# A translated text: language code -> text.
Text = Mapping[str, str]


@dataclass(frozen=True)
class Option:
    value: str
    label: Text
    countries: tuple[str, ...] = ()  # offered only there (enforced)
    available_in: tuple[str, ...] = ()  # known to exist there (noted for the interviewer, not enforced)

    def offered_in(self, country: str | None) -> bool:
        return not self.countries or country is None or country in self.countries


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Text
    number: str = ""
    hint: Text | None = None
    required: bool = False
    identifying: bool = False
    declinable: bool = True  # every question can be declined (see DECLINED)
    relevant: Mapping[str, Any] | None = None
    theme: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    min: Any = None
    max: Any = None
    anchors: Mapping[str, Text] | None = None
    scale_id: str | None = None
    choices_from: str | None = None
    min_ranked: int = 1
    section_id: str = ""
    note: Text | None = None  # for the reader of the instrument: a deviation from the seed, a change
    options_from: str | None = None  # the vocabulary's closed list the options come from
    open_data: bool = True  # False: never a column of the open data (a quasi-identifying detail)

    @property
    def is_open_text(self) -> bool:
        return self.type == "text"

    @property
    def is_sensitive(self) -> bool:
        """Stored encrypted: every open answer and every identifying field."""
        return self.is_open_text or self.identifying

    def is_declined(self, value: Any) -> bool:
        """Is this the recorded "declined to answer"?"""
        return self.declinable and value == DECLINED

    def option_values(self, country: str | None = None) -> list[str]:
        return [o.value for o in self.options if o.offered_in(country)]

    def option(self, value: str) -> Option | None:
        for o in self.options:
            if o.value == value:
                return o
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    number: str = ""
    intro: Text | None = None
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    sections: tuple[Section, ...]
    intro: Text | None = None
    source: str = ""
    notes: Text | None = None  # release notes and deviations from the seed, shown with the instrument
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self._questions}

    def questions(self) -> Iterator[Question]:
        return iter(self._questions)

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions()]

    def scales(self) -> list[Question]:
        return [q for q in self.questions() if q.type == "scale"]

    def numbered_questions(self) -> list[str]:
        """Distinct printed question numbers, in order (as the seed counts them)."""
        seen: list[str] = []
        for q in self.questions():
            if q.number and q.number not in seen:
                seen.append(q.number)
        return seen

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"
