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
from typing import Any, Callable
from zoneinfo import ZoneInfo

from fiit.instruments.model import DECLINED
from fiit.interviews import parse_whole_number
from fiit.instruments.validation import answer_rules
from fiit.instruments.messages import render
from fiit.interop.forms import names
from fiit.interop.submissions.columns import ID_COLUMNS, META_COLUMNS, RANK_POSITION, ColumnMap
from fiit.interop.forms.layout import FormField, FormLayout
from fiit.interop.forms.texts import XLSFORM_CONSENT_VERSION
from fiit.vault.sealing import SealedInterview
from fiit.vocabulary import vocabulary

# The language an interview is assumed to be held in when the row does not say (the vocabulary's).
COUNTRY_LANGUAGES = {c.code: c.language for c in vocabulary().countries}
CODE_PREFIX = {"kobo": "K-", "odk": "O-"}
_SUBMISSION_ID = re.compile(r"^[0-9a-z][0-9a-z_.:-]{0,90}$")
TRUE_CELLS = {"1", "true"}
# Review states, lower case with "_" as spaces: KoboToolbox's validation status (its uid without
# "validation_status_" in an export with XML values, its label otherwise) and ODK Central's ReviewState.
REVIEW_REJECTED = {"not approved", "rejected"}
REVIEW_FLAGGED = {"on hold", "hasissues"}
FALSE_CELLS = {"", "0", "false"}

# Reads one answer: (its cell, the whole row, reject) -> the value, or None / [] for no answer.
CellReader = Callable[[str, list[str], Callable[..., None]], Any]


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
    form_version: str = ""  # the form version the row names (fiit_form_version, or the platform's), "" if none
    # The instrument version the row was read and checked with, and is stored as ("" in old pickles: the import's).
    version: str = ""
    # The time zone the interview's start was read in, when the export gave it without a UTC offset.
    read_in_zone: str = ""
    # The review state that flags the submission for a second look ("On Hold", "hasIssues"), or "".
    flagged: str = ""
    # Set when the answers were sealed for storage on the way (then ``answers`` is empty): see importing.SealAnswers.
    sealed: SealedInterview | None = None


@dataclass(frozen=True)
class HeldBack:
    """A row flagged in review ("On Hold" in KoboToolbox, "hasIssues" in ODK Central), held back as asked."""

    row: int
    external_id: str
    state: str


@dataclass(frozen=True)
class AlreadyStored:
    """A row whose submission was already stored when the import began: not read further, not checked again."""

    row: int
    external_id: str


@dataclass
class RowReader:
    """Reads the rows of one file: the form layout, the matched columns and the import options."""

    layout: FormLayout
    columns: ColumnMap
    source: str
    known_countries: frozenset[str]
    country: str | None = None
    language: str | None = None
    known: frozenset[str] = frozenset()  # submission ids already stored
    hold_flagged: bool = False  # hold back rows flagged in review instead of importing them with a warning
    _fields: list[FormField] = field(init=False)

    def __post_init__(self) -> None:
        self._fields = self.layout.question_fields()
        self._by_question = {f.question_id: f for f in self._fields}
        self._rules = answer_rules(self.layout.instrument)
        self._zones: dict[str, str] = {}
        self._country_column = self.columns.column_name(names.COUNTRY)
        # The questions this file has a column for: (question id, column of its value or None if it only has
        # 0/1 option columns, read even when that cell is empty?, how to read it).
        fields, options = self.columns.fields, self.columns.options
        # The "declined to answer" boxes this file has a column for, by question id.
        self._boxes = {qid: box for qid, box in self.layout.boxes().items() if box.name in fields or box.name in options}
        self._readers = [(f.question_id, fields.get(f.name), f.name in options or f.question_id in self._boxes,
                          self._reader(f))
                         for f in self._fields if f.name in fields or f.name in options or f.question_id in self._boxes]

    # -- cells -------------------------------------------------------------------------
    def field_cell(self, record: list[str], name: str) -> str:
        index = self.columns.fields.get(name)
        return record[index] if index is not None and index < len(record) else ""

    def meta_cell(self, record: list[str], key: str) -> str:
        index = self.columns.meta.get(key)
        return record[index].strip() if index is not None and index < len(record) else ""

    def meta_header(self, key: str) -> str:
        index = self.columns.meta.get(key)
        return self.columns.header[index] if index is not None else META_COLUMNS[self.source][key][0]

    # -- the row -------------------------------------------------------------------------
    def read_row(self, number: int, record: list[str],
                 form_version: str | None = None) -> Submission | AlreadyStored | HeldBack | list[Rejection]:
        """The row read with this reader's form; ``form_version``: the version the row names (else its meta cell)."""
        rejections: list[Rejection] = []
        unreadable: set[str] = set()  # questions whose cell could not be read at all

        def reject(column: str, reason: str, question_id: str | None = None) -> None:
            rejections.append(Rejection(number, column, reason))
            if question_id:
                unreadable.add(question_id)

        external_id = self._external_id(record, reject)
        if external_id and external_id in self.known:
            # Importing a grown export again: what was imported before is skipped unread (edits made in
            # KoboToolbox or ODK after the first import are not taken; they are made in fiit).
            return AlreadyStored(number, external_id)
        flagged = self._review(record, reject)
        if flagged and self.hold_flagged and external_id:
            return HeldBack(number, external_id, flagged)
        consent = self._consent(record, reject)
        country = self._country(record, reject)
        language = self._language(record, country, reject)
        interview_date, started, zone = self._when(record, country, reject)
        answers = self._answers(record, reject)
        if country:
            report = self._rules.validate(answers, country=country, lang="en", complete=True)
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
            form_version=self.meta_cell(record, "form_version") if form_version is None else form_version,
            version=self.layout.instrument.version,
            read_in_zone=zone,
            flagged=flagged,
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

    def _review(self, record: list[str], reject) -> str:
        """Refuse a rejected submission; return the state of one flagged for a second look ("" if none)."""
        review = self.meta_cell(record, "review")
        state = review.lower().replace("_", " ").removeprefix("validation status ")
        if state in REVIEW_REJECTED:
            reject(self.meta_header("review"), f"The submission was marked '{review}' in review, so it is not imported.")
        flagged = review if state in REVIEW_FLAGGED else ""
        status = self.meta_cell(record, "status")
        if status:
            reject(self.meta_header("status"), f"The submission could not be read by ODK Central ('{status}'): "
                   "export it decrypted, with the form's private key.")
        return flagged

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
        column = self._country_column
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
            or vocabulary().interview_language(country)
        if value not in self.layout.instrument.languages:
            reject(self.columns.column_name(names.LANGUAGE),
                   f"'{value}' is not a language of this instrument ({', '.join(self.layout.instrument.languages)}).")
        return value

    def _when(self, record: list[str], country: str, reject) -> tuple[dt.date | None, dt.datetime | None, str]:
        """When the interview took place, and the zone a time without UTC offset was read in ("" if none was).

        The interview's start, else the day it was held, else when it was
        submitted: the first that is given. A start without offset (KoboToolbox's
        default XLSX drops it) is the tablet's wall-clock time, read in the time
        zone of the interview's country; the submission time of the platforms is UTC.
        """
        for source in (names.META_START, names.META_TODAY, "submission_time"):
            if source == "submission_time":
                value = self.meta_cell(record, source)
            else:
                value = self.field_cell(record, source).strip()
            if not value:
                continue
            moment = parse_moment(value, naive=True)
            if moment is None:
                column = self.meta_header(source) if source == "submission_time" else self.columns.column_name(source)
                reject(column, f"'{value[:40]}' is not a date and time such as 2024-03-01T10:15:00.")
                return None, None, ""
            zone = ""
            if moment.tzinfo is None:
                zone = self._zone(country) if source == names.META_START else ""
                moment = moment.replace(tzinfo=ZoneInfo(zone) if zone else dt.timezone.utc)
            return moment.date(), moment, zone
        reject(self.columns.column_name(names.META_START), "The row does not say when the interview took place.")
        return None, None, ""

    def _zone(self, country: str) -> str:
        if country not in self._zones:
            from fiit.vocabulary import vocabulary

            try:
                self._zones[country] = vocabulary().country(country).time_zone
            except (KeyError, LookupError):
                self._zones[country] = ""
        return self._zones[country]

    # -- answers -----------------------------------------------------------------------
    def _answers(self, record: list[str], reject) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        width = len(record)
        for question_id, index, always, read in self._readers:
            raw = record[index] if index is not None and index < width else ""
            if not raw and not always:
                continue
            value = read(raw, record, reject)
            if value is not None and value != []:
                answers[question_id] = value
        return answers

    def _reader(self, f: FormField) -> CellReader:
        """How to read the answer of one question from its cell (and its 0/1 option columns), made once per file."""
        read = self._typed_reader(f)
        if not f.question.declinable:
            return read
        box = self._boxes.get(f.question_id)
        if box is None:
            column = self.columns.column_name(f.name)

            def declinable(raw: str, record: list[str], reject) -> Any:
                # The literal "declined" is the recorded "declined to answer" (fiit.instruments.DECLINED);
                # a multiple choice holds it as its one choice (its 0/1 column ticked alone).
                if raw.strip() == DECLINED:
                    return DECLINED
                value = read(raw, record, reject)
                if isinstance(value, list) and DECLINED in value:
                    if len(value) == 1:
                        return DECLINED
                    reject(column, "'declined' is ticked together with an answer; keep one of the two.",
                           f.question_id)
                    return None
                return value

            return declinable
        ticked = self._box_reader(box, f.question_id)
        column = self.columns.column_name(f.name)

        def boxed(raw: str, record: list[str], reject) -> Any:
            text = raw.strip()
            if text == DECLINED:
                return DECLINED
            declined = ticked(record, reject)
            if declined and text:
                reject(column, "The question has an answer and is also marked 'declined to answer' in "
                               f"{self.columns.column_name(box.name)}; keep one of the two.", f.question_id)
                return None
            if declined:
                return DECLINED
            return read(raw, record, reject) if text or f.name in self.columns.options else None

        return boxed

    def _box_reader(self, box: FormField, question_id: str) -> Callable[[list[str], Callable[..., None]], bool]:
        """Is a question's "declined to answer" box ticked: its cell and/or its one 0/1 option column."""
        cell = self.columns.fields.get(box.name)
        option = self.columns.options.get(box.name, {}).get(names.DECLINED_CHOICE)
        header = self.columns.header

        def ticked(record: list[str], reject) -> bool:
            width = len(record)
            chosen = record[cell].split() if cell is not None and cell < width else []
            for choice in chosen:
                if choice != names.DECLINED_CHOICE:
                    reject(header[cell], f"'{choice[:40]}' is not a choice of this box; it holds only "
                                         f"'{names.DECLINED_CHOICE}' or nothing.", question_id)
            if option is not None and option < width:
                flag = record[option].strip().lower()
                if flag not in TRUE_CELLS and flag not in FALSE_CELLS:
                    reject(header[option], f"An option column holds 0 or 1, not '{flag[:20]}'.", question_id)
                elif cell is not None and (flag in TRUE_CELLS) != (names.DECLINED_CHOICE in chosen):
                    reject(header[cell], "The box and its 0/1 option column disagree about: declined.", question_id)
                return flag in TRUE_CELLS or names.DECLINED_CHOICE in chosen
            return names.DECLINED_CHOICE in chosen

        return ticked

    def _typed_reader(self, f: FormField) -> CellReader:
        kind, qid, choices = f.question.type, f.question_id, f.choices
        column = self.columns.column_name(f.name)
        if kind == "text":
            return lambda raw, record, reject: raw if raw.strip() else None
        if kind in ("scale", "integer"):
            def number(raw: str, record: list[str], reject) -> int | None:
                if raw.isdecimal():  # the common case, without a call
                    return int(raw)
                text = raw.strip()
                if not text:
                    return None
                value = parse_whole_number(text)  # the one rule, as the web form reads numbers
                if value is None:
                    reject(column, render("not_a_number", "en", value=text[:40]), qid)
                return value
            return number
        if kind == "date":
            def date(raw: str, record: list[str], reject) -> str | None:
                text = raw.strip()
                if not text:
                    return None
                moment = parse_moment(text)
                return moment.date().isoformat() if moment else text
            return date
        if kind == "single_choice":
            def single(raw: str, record: list[str], reject) -> str | None:
                text = raw.strip()
                return choices.get(text, text) if text else None
            return single
        if kind == "ranking":
            positions = sorted(((int(key[1:]), index) for key, index in self.columns.options.get(f.name, {}).items()
                                if key.startswith(RANK_POSITION)))
            if positions:
                def ranked(raw: str, record: list[str], reject) -> list[str]:
                    # The Kobo flavour: one column per position, first position first; empty positions end it.
                    width = len(record)
                    cells = [record[index].strip() if index < width else "" for _, index in positions]
                    names_ = raw.split() + [cell for cell in cells if cell]
                    return [choices.get(n, n) for n in names_]
                return ranked
            return lambda raw, record, reject: [choices.get(n, n) for n in raw.split()]
        return self._multiple_reader(f, column)

    def _multiple_reader(self, f: FormField, column: str) -> CellReader:
        """A multiple choice: one space-separated cell, and/or one 0/1 column per option (they must agree)."""
        qid, choices = f.question_id, f.choices
        option_columns = self.columns.options.get(f.name, {})
        header = self.columns.header
        has_summary = f.name in self.columns.fields
        order = {value: i for i, value in enumerate(choices.values())}

        def multiple(raw: str, record: list[str], reject) -> list[str]:
            chosen = raw.split()
            ticked: set[str] = set()
            readable = True
            width = len(record)
            for choice, index in option_columns.items():
                cell = record[index].strip().lower() if index < width else ""
                if cell in TRUE_CELLS:
                    ticked.add(choice)
                elif cell not in FALSE_CELLS:
                    readable = False
                    reject(header[index], f"An option column holds 0 or 1, not '{cell[:20]}'.", qid)
            if not readable:
                return []
            if has_summary and option_columns:
                listed = {c for c in chosen if c in option_columns}
                if listed != ticked:
                    differ = sorted(listed ^ ticked)
                    reject(column, f"The answer and its 0/1 option columns disagree about: {', '.join(differ)}.", qid)
            elif not has_summary:
                chosen = [choice for choice in choices if choice in ticked]
            values = [choices.get(n, n) for n in chosen]
            return sorted(values, key=lambda v: order.get(v, len(order)))

        return multiple


# ODK Briefcase's CSV writes dates and times in Java's default (English) medium format, with or without
# the comma before the time that newer Java versions put, and a narrow no-break space before AM/PM.
BRIEFCASE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%b %d, %Y")


def parse_moment(value: str, naive: bool = False) -> dt.datetime | None:
    """An ISO (or ODK Briefcase) date or date-time; naive times are taken as UTC unless ``naive`` keeps them so."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        moment = _briefcase_moment(value)
        if moment is None:
            return None
    if moment.tzinfo is None and not naive:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def _briefcase_moment(value: str) -> dt.datetime | None:
    text = " ".join(value.replace("\u202f", " ").replace("\u00a0", " ").split())
    if not text[:1].isalpha():
        return None
    for fmt in BRIEFCASE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


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

