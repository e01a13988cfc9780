"""One row of an export: read it into an interview, or say exactly why not.

A row is all or nothing: :func:`read_row` returns either a
:class:`Submission` ready to store or the list of :class:`Rejection` s, each
with the row number, the column and a sentence. The answers are checked with
the instrument's own validation (scale range, known choices, required answers,
dates, relevance), so an imported interview passes the same rules as one
typed into the web form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from fiit.instruments import validate_answers
from fiit.instruments.messages import render
from fiit.interop import names
from fiit.interop.columns import ID_COLUMNS, META_COLUMNS, ColumnMap
from fiit.interop.layout import FormField, FormLayout
from fiit.interop.texts import XLSFORM_CONSENT_VERSION

# The language an interview is assumed to be held in when the row does not say.
COUNTRY_LANGUAGES = {"BE": "nl", "FR": "fr", "HU": "hu", "IT": "it", "GB": "en"}
CODE_PREFIX = {"kobo": "K-", "odk": "O-"}
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0+)?$")
_SUBMISSION_ID = re.compile(r"^[0-9a-z][0-9a-z_.:-]{0,90}$")
TRUE_CELLS = {"1", "true"}
FALSE_CELLS = {"", "0", "false"}


@dataclass(frozen=True)
class Rejection:
    row: int
    column: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class Submission:
    row: int
    external_id: str
    respondent_code: str
    country: str
    language: str
    interview_date: dt.date
    answers: dict[str, Any]
    consent: dict[str, Any]
    form_version: str = ""


@dataclass
class RowReader:
    """Reads the rows of one file: the form layout, the matched columns and the import options."""

    layout: FormLayout
    columns: ColumnMap
    source: str
    known_countries: frozenset[str]
    country: str | None = None
    language: str | None = None
    _fields: list[FormField] = field(init=False)

    def __post_init__(self) -> None:
        self._fields = self.layout.question_fields()
        self._by_question = {f.question_id: f for f in self._fields}
        # The questions this file has a column for, with the column of their value (None: option columns only).
        self._present = [(f, self.columns.fields.get(f.name)) for f in self._fields
                         if f.name in self.columns.fields or f.name in self.columns.options]

    # -- cells -------------------------------------------------------------------------
    @staticmethod
    def _cell(record: list[str], index: int | None) -> str:
        if index is None or index >= len(record):
            return ""
        return record[index]

    def field_cell(self, record: list[str], name: str) -> str:
        return self._cell(record, self.columns.fields.get(name))

    def meta_cell(self, record: list[str], key: str) -> str:
        return self._cell(record, self.columns.meta.get(key)).strip()

    def meta_header(self, key: str) -> str:
        index = self.columns.meta.get(key)
        return self.columns.header[index] if index is not None else META_COLUMNS[self.source][key][0]

    # -- the row -------------------------------------------------------------------------
    def read_row(self, number: int, record: list[str]) -> Submission | list[Rejection]:
        rejections: list[Rejection] = []
        unreadable: set[str] = set()  # questions whose cell could not be read at all

        def reject(column: str, reason: str, question_id: str | None = None) -> None:
            rejections.append(Rejection(number, column, reason))
            if question_id:
                unreadable.add(question_id)

        external_id = self._external_id(record, reject)
        self._review(record, reject)
        consent = self._consent(record, reject)
        country = self._country(record, reject)
        language = self._language(record, country, reject)
        interview_date, started = self._when(record, reject)
        answers = self._answers(record, reject)
        if country:
            report = validate_answers(self.layout.instrument, answers, country=country, lang="en", complete=True)
            for problem in report.errors:
                if problem.question_id in unreadable:
                    continue
                column = self._column_of(problem.question_id) if problem.question_id else ""
                reject(column, problem.message)
        if rejections:
            return rejections
        consent["recorded_at"] = started
        return Submission(
            row=number,
            external_id=external_id,
            respondent_code=respondent_code(self.source, external_id),
            country=country,
            language=language,
            interview_date=interview_date,
            answers=answers,
            consent=consent,
            form_version=self.meta_cell(record, "form_version"),
        )

    def _column_of(self, question_id: str) -> str:
        f = self._by_question.get(question_id)
        return self.columns.column_name(f.name) if f else question_id

    def _external_id(self, record: list[str], reject) -> str:
        for key in ID_COLUMNS[self.source]:
            value = self.meta_cell(record, key)
            if value:
                normal = normalise_submission_id(value)
                if normal is None:
                    reject(self.meta_header(key), f"'{value[:60]}' is not a submission id.")
                    return ""
                return normal
        present = [key for key in ID_COLUMNS[self.source] if key in self.columns.meta]
        reject(self.meta_header(present[0] if present else ID_COLUMNS[self.source][0]),
               "The row has no submission id, so it cannot be imported once and only once.")
        return ""

    def _review(self, record: list[str], reject) -> None:
        review = self.meta_cell(record, "review")
        if review in ("validation_status_not_approved", "rejected"):
            reject(self.meta_header("review"), f"The submission was marked '{review}' in review, so it is not imported.")
        status = self.meta_cell(record, "status")
        if status:
            reject(self.meta_header("status"), f"The submission could not be read by ODK Central ('{status}'): "
                   "export it decrypted, with the form's private key.")

    def _consent(self, record: list[str], reject) -> dict[str, Any]:
        given = self.field_cell(record, names.CONSENT).strip().lower()
        if given != "yes":
            reject(self.columns.column_name(names.CONSENT),
                   "The respondent's consent is not recorded as 'yes', so this interview cannot be imported.")
        return {
            "text_version": XLSFORM_CONSENT_VERSION,
            "research_use": given == "yes",
            "quotes": self.field_cell(record, names.CONSENT_QUOTES).strip().lower() == "yes",
            "follow_up": self.field_cell(record, names.CONSENT_FOLLOW_UP).strip().lower() == "yes",
        }

    def _country(self, record: list[str], reject) -> str:
        column = self.columns.column_name(names.COUNTRY)
        value = self.field_cell(record, names.COUNTRY).strip().upper()
        if value and self.country and value != self.country:
            reject(column, f"The row says the interview took place in {value}, but --country {self.country} was given.")
            return ""
        value = value or (self.country or "")
        if not value:
            reject(column, "The row does not say in which country the interview took place; give --country.")
            return ""
        if value not in self.known_countries:
            reject(column, f"'{value}' is not one of the study's countries ({', '.join(sorted(self.known_countries))}).")
            return ""
        return value

    def _language(self, record: list[str], country: str, reject) -> str:
        value = self.field_cell(record, names.LANGUAGE).strip().lower() or self.language \
            or COUNTRY_LANGUAGES.get(country) or "en"
        if value not in self.layout.instrument.languages:
            reject(self.columns.column_name(names.LANGUAGE),
                   f"'{value}' is not a language of this instrument ({', '.join(self.layout.instrument.languages)}).")
        return value

    def _when(self, record: list[str], reject) -> tuple[dt.date | None, dt.datetime | None]:
        candidates = [(self.columns.column_name(names.META_START), self.field_cell(record, names.META_START)),
                      (self.columns.column_name(names.META_TODAY), self.field_cell(record, names.META_TODAY)),
                      (self.meta_header("submission_time"), self.meta_cell(record, "submission_time"))]
        for column, value in candidates:
            value = value.strip()
            if not value:
                continue
            moment = parse_moment(value)
            if moment is None:
                reject(column, f"'{value[:40]}' is not a date and time such as 2024-03-01T10:15:00.")
                return None, None
            return moment.date(), moment
        reject(self.columns.column_name(names.META_START), "The row does not say when the interview took place.")
        return None, None

    # -- answers -----------------------------------------------------------------------
    def _answers(self, record: list[str], reject) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        width = len(record)
        for f, index in self._present:
            raw = record[index] if index is not None and index < width else ""
            if not raw and f.name not in self.columns.options:
                continue
            value = self._answer(f, raw, record, reject)
            if value is not None and value != []:
                answers[f.question_id] = value
        return answers

    def _answer(self, f: FormField, raw: str, record: list[str], reject) -> Any:
        kind = f.question.type
        if kind == "text":
            return raw if raw.strip() else None
        text = raw.strip()
        if kind in ("scale", "integer"):
            if not text:
                return None
            if not _INTEGER.match(text):
                reject(self.columns.column_name(f.name), render("not_a_number", "en", value=text[:40]), f.question_id)
                return None
            return int(float(text)) if "." in text else int(text)
        if kind == "date":
            if not text:
                return None
            moment = parse_moment(text)
            return moment.date().isoformat() if moment else text
        if kind == "single_choice":
            return f.choices.get(text, text) if text else None
        if kind == "ranking":
            return [f.choices.get(n, n) for n in text.split()]
        return self._multiple(f, record, text, reject)

    def _multiple(self, f: FormField, record: list[str], summary: str, reject) -> list[str]:
        chosen = summary.split()
        option_columns = self.columns.options.get(f.name, {})
        ticked: set[str] = set()
        readable = True
        for choice, index in option_columns.items():
            cell = self._cell(record, index).strip().lower()
            if cell in TRUE_CELLS:
                ticked.add(choice)
            elif cell not in FALSE_CELLS:
                readable = False
                reject(self.columns.header[index], f"An option column holds 0 or 1, not '{cell[:20]}'.", f.question_id)
        if not readable:
            return []
        if f.name in self.columns.fields and option_columns:
            listed = {c for c in chosen if c in option_columns}
            if listed != ticked:
                differ = sorted(listed ^ ticked)
                reject(self.columns.column_name(f.name),
                       f"The answer and its 0/1 option columns disagree about: {', '.join(differ)}.", f.question_id)
        elif f.name not in self.columns.fields:
            chosen = [choice for choice in f.choices if choice in ticked]
        order = {value: i for i, value in enumerate(f.choices.values())}
        values = [f.choices.get(n, n) for n in chosen]
        return sorted(values, key=lambda v: order.get(v, len(order)))


def parse_moment(value: str) -> dt.datetime | None:
    """An ISO date or date-time from an export; naive times are taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def normalise_submission_id(value: str) -> str | None:
    """``uuid:<id>`` in lower case, the same for a KoboToolbox ``_uuid`` and an ODK instance id."""
    core = value.strip().lower()
    if core.startswith("uuid:"):
        core = core[len("uuid:"):]
    if not _SUBMISSION_ID.match(core):
        return None
    return f"uuid:{core}"


def respondent_code(source: str, external_id: str) -> str:
    """A pseudonym for an imported interview, derived from its submission id; it says nothing about the person."""
    digest = hashlib.sha256(external_id.encode("utf-8")).hexdigest()
    return CODE_PREFIX.get(source, "X-") + digest[:15].upper()  # 60 bits: no clash among millions

