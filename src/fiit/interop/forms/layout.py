"""How an instrument is laid out as a KoboToolbox / ODK form.

One layout serves both directions: the XLSForm writer walks it to write the
survey sheet, and the importer uses it to know which column of an export holds
which question. Each section is a group named after the section id; fiit adds
meta questions (interview start and end, country, language, consent) at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from fiit.instruments import Instrument, Question
from fiit.interop.forms import names
from fiit.interop.errors import FormLayoutError

# Kinds of form fields.
QUESTION = "question"  # an instrument question; its answer is imported
META = "meta"  # start, end, today: when the interview took place
FIIT = "fiit"  # country, language, consent: read by the importer, not stored as answers
NOTE = "note"  # read-only text; carries no data
DECLINE = "decline"  # the "declined to answer" box asked just before a declinable question (see needs_box)
VERSION = "version"  # fiit_form_version: the instrument version the form was made from (a hidden calculate)

RESERVED_NAMES = {names.META_START, names.META_END, names.META_TODAY, "meta"}

FIIT_FIELDS = (
    names.COUNTRY,
    names.LANGUAGE,
    names.CONSENT,
    names.CONSENT_QUOTES,
    names.CONSENT_FOLLOW_UP,
)


@dataclass(frozen=True)
class FormField:
    name: str
    kind: str
    group: str | None = None
    question: Question | None = None
    # For choice questions: XLSForm choice name -> instrument option value.
    choices: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def path(self) -> tuple[str, ...]:
        return (self.group, self.name) if self.group else (self.name,)

    @property
    def question_id(self) -> str | None:
        return self.question.id if self.question is not None else None


@dataclass(frozen=True)
class FormGroup:
    name: str
    section_id: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class FormLayout:
    instrument: Instrument
    top: tuple[FormField, ...]
    groups: tuple[FormGroup, ...]

    def fields(self) -> Iterator[FormField]:
        yield from self.top
        for group in self.groups:
            yield from group.fields

    def question_fields(self) -> list[FormField]:
        return [f for f in self.fields() if f.kind == QUESTION]

    def boxes(self) -> dict[str, FormField]:
        """The "declined to answer" boxes, by the id of the question each belongs to."""
        return {f.question_id: f for f in self.fields() if f.kind == DECLINE}

    def field_for(self, question_id: str) -> FormField:
        for f in self.fields():
            if f.question_id == question_id:
                return f
        raise KeyError(question_id)

    @property
    def form_id(self) -> str:
        return names.xml_name(self.instrument.id)


#: Question types whose list of choices holds "declined" (no box).
CHOICE_DECLINES = ("single_choice", "multiple_choice")


def needs_box(question: Question) -> bool:
    """Does a declinable question get its own "declined to answer" box in the form?

    Every question can be declined. A single or multiple choice offers
    "declined" as one more choice instead (a multiple choice's alone: its
    constraint refuses it with another choice); a number, a date, a text or a
    ranking cannot hold it, so a box asked just before the question records
    it, and ticking it skips the question.
    """
    return question.declinable and question.type not in CHOICE_DECLINES


def section_note_name(section_id: str) -> str:
    return f"{names.INTRO_NOTE}_{names.xml_name(section_id)}"


def _check_names(instrument: Instrument) -> None:
    for section in instrument.sections:
        if section.id in RESERVED_NAMES or section.id.startswith(names.RESERVED_PREFIX):
            raise FormLayoutError(
                f"Section id '{section.id}' of instrument {instrument.key} is reserved in exported forms; rename the section."
            )
        for question in section.questions:
            if question.id in RESERVED_NAMES or question.id.startswith(names.RESERVED_PREFIX):
                raise FormLayoutError(
                    f"Question id '{question.id}' of instrument {instrument.key} is reserved in exported forms "
                    f"('{names.RESERVED_PREFIX}…', start, end, today and meta are used by fiit and XLSForm)."
                )
    seen: dict[str, str] = {}
    for question in instrument.questions():
        name = names.xml_name(question.id)
        if name in seen:
            raise FormLayoutError(f"Questions '{seen[name]}' and '{question.id}' get the same XLSForm name '{name}'.")
        seen[name] = question.id


def form_layout(instrument: Instrument) -> FormLayout:
    """The form fields of an instrument, in the order the form asks them."""
    _check_names(instrument)
    top = [
        FormField(names.META_START, META),
        FormField(names.META_END, META),
        FormField(names.META_TODAY, META),
        FormField(names.FORM_VERSION, VERSION),
    ]
    if instrument.intro:
        top.append(FormField(names.INTRO_NOTE, NOTE))
    top.extend(FormField(name, FIIT) for name in FIIT_FIELDS)
    groups = []
    for section in instrument.sections:
        group = names.xml_name(section.id)
        fields = []
        if section.intro:
            fields.append(FormField(section_note_name(section.id), NOTE, group))
        for question in section.questions:
            choices = {names.xml_name(o.value): o.value for o in question.options}
            if question.type == "multiple_choice" and question.declinable:
                choices[names.DECLINED_CHOICE] = names.DECLINED_CHOICE  # its 0/1 column in exports
            if needs_box(question):
                fields.append(FormField(names.declined_box_name(question.id), DECLINE, group, question,
                                        {names.DECLINED_CHOICE: names.DECLINED_CHOICE}))
            fields.append(FormField(names.xml_name(question.id), QUESTION, group, question, choices))
        groups.append(FormGroup(group, section.id, tuple(fields)))
    return FormLayout(instrument=instrument, top=tuple(top), groups=tuple(groups))
