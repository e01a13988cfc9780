"""Synthetic submissions written the way KoboToolbox and ODK Central export them.

For tests and benchmarks: :func:`sample_submissions` fills in valid answers for
an instrument (walking its relevance rules, offering only the options of the
interview's country), and the writers lay them out as a KoboToolbox CSV
(``;`` or ``,``, every cell quoted, groups joined by ``/``, select-multiples as
one column plus one 0/1 column per option), a KoboToolbox XLSX, or an ODK
Central CSV (groups joined by ``-``, Central's bookkeeping columns). All data
here is made up; none of it describes a person. Not shipped with fiit: the
benchmark (``bench/bench_import.py``) imports it from here too.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from fiit.instruments import DECLINED, Instrument, Question, validate_answers
from fiit.instruments.conditions import evaluate
from fiit.interop.forms import names
from fiit.interop.forms.layout import (
    DECLINE, FIIT, META, NOTE, QUESTION, VERSION, FormField, FormLayout, form_layout, needs_box,
)
from fiit.interop.submissions.rows import COUNTRY_LANGUAGES

COUNTRIES = ("BE", "FR", "HU", "IT", "GB")
# Open answers with the characters exports must survive: separators, quotes, line breaks,
# accents, and cells that a spreadsheet would take for a formula.
PHRASES = (
    "The shelter helped; the caseworker listened.",
    'She said "enough" and meant it, twice.',
    "Line one\nline two, after a break",
    "Één keer per week — très bien, köszönöm.",
    "=1+1 is not a formula here",
    "+32 is a country code, not a sum",
    "-- nothing more to add --",
    "@home: safe at last",
    "Tab\tseparated words",
    "Housing, work; language courses.",
)


@dataclass(frozen=True)
class SampleSubmission:
    uuid: str
    country: str
    language: str
    started: dt.datetime
    answers: dict[str, Any]
    quotes: bool
    follow_up: bool


def _text(rng: random.Random, long: bool) -> str:
    words = rng.sample(PHRASES, k=3 if long else 1)
    return " ".join(words)


def _answer(question: Question, answers: dict[str, Any], country: str, rng: random.Random) -> Any:
    offered = question.option_values(country)
    kind = question.type
    if kind == "text":
        return _text(rng, long=not question.identifying)
    if kind == "scale":
        return rng.randint(question.min, question.max)
    if kind == "integer":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 50
        return rng.randint(low, high)
    if kind == "date":
        low = question.min or dt.date(2015, 1, 1)
        high = question.max or dt.date(2024, 12, 31)
        return (low + dt.timedelta(days=rng.randint(0, (high - low).days))).isoformat()
    if kind == "single_choice":
        return rng.choice(offered)
    if kind == "multiple_choice":
        picked = set(rng.sample(offered, k=rng.randint(1, len(offered))))
        return [v for v in offered if v in picked]
    if kind == "ranking":
        pool = list(answers.get(question.choices_from) or []) if question.choices_from else offered
        if not pool:
            return None
        rng.shuffle(pool)
        return pool
    raise ValueError(kind)


def sample_answers(instrument: Instrument, country: str, rng: random.Random, skip: float = 0.15,
                   decline: float = 0.05) -> dict[str, Any]:
    """Valid answers for one interview held in ``country``; a declinable question is declined at rate ``decline``."""
    answers: dict[str, Any] = {}
    for question in instrument.questions():
        # Questions that were not asked have no answer here, so evaluating on the
        # answers so far cascades relevance as relevant_questions() does.
        if not evaluate(question.relevant, answers):
            continue
        if question.declinable and rng.random() < decline:
            answers[question.id] = DECLINED
            continue
        if not question.required and rng.random() < skip:
            continue
        value = _answer(question, answers, country, rng)
        if value is not None:
            answers[question.id] = value
    report = validate_answers(instrument, answers, country=country)
    if not report.valid:
        raise ValueError(f"generated answers do not pass {instrument.key}: {[str(p) for p in report.errors]}")
    return answers


def sample_submissions(instrument: Instrument, count: int, seed: int = 4,
                       countries: Iterable[str] = COUNTRIES, decline: float = 0.05) -> Iterator[SampleSubmission]:
    rng = random.Random(f"{seed}:{instrument.key}")  # different instruments never share submission ids
    countries = tuple(countries)
    start = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    for i in range(count):
        country = countries[i % len(countries)]
        language = COUNTRY_LANGUAGES[country] if COUNTRY_LANGUAGES[country] in instrument.languages else "en"
        yield SampleSubmission(
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            country=country,
            language=language,
            started=start + dt.timedelta(hours=7 * i, minutes=rng.randint(0, 59)),
            answers=sample_answers(instrument, country, rng, decline=decline),
            quotes=rng.random() < 0.5,
            follow_up=rng.random() < 0.5,
        )


# -- cells --------------------------------------------------------------------------------
def _answer_cell(f: FormField, value: Any) -> str:
    if value is None:
        return ""
    if value == DECLINED:
        return DECLINED
    if f.question.type in ("multiple_choice", "ranking"):
        return " ".join(names.xml_name(v) for v in value)
    if f.question.type == "single_choice":
        return names.xml_name(value)
    return str(value)


def _fiit_cell(name: str, s: SampleSubmission) -> str:
    return {
        names.COUNTRY: s.country,
        names.LANGUAGE: s.language,
        names.CONSENT: "yes",
        names.CONSENT_QUOTES: "yes" if s.quotes else "no",
        names.CONSENT_FOLLOW_UP: "yes" if s.follow_up else "no",
    }[name]


def _meta_cell(name: str, s: SampleSubmission) -> str:
    if name == names.META_START:
        return s.started.isoformat(timespec="milliseconds")
    if name == names.META_END:
        return (s.started + dt.timedelta(minutes=50)).isoformat(timespec="milliseconds")
    return s.started.date().isoformat()


def _field_cells(f: FormField, s: SampleSubmission, option_columns: bool, version: str = "") -> list[Any]:
    if f.kind == VERSION:
        return [version]  # the form's fiit_form_version calculate: the version the form was made from
    if f.kind == META:
        return [_meta_cell(f.name, s)]
    if f.kind == FIIT:
        return [_fiit_cell(f.name, s)]
    if f.kind == NOTE:
        return [""]
    value = s.answers.get(f.question_id)
    if f.kind == DECLINE:
        # The box is shown when its question is; ticked, it skips the question.
        declined = value == DECLINED
        cells = [DECLINED if declined else ""]
        if option_columns:
            cells.append("1" if declined else "" if value is None else "0")
        return cells
    if value == DECLINED and needs_box(f.question):
        value = None  # skipped by its box: the export has no answer for it
    cells: list[Any] = [_answer_cell(f, value)]
    if option_columns and f.question.type == "multiple_choice":
        chosen = {value} if value == DECLINED else set(value or ())
        for choice in f.choices.values():  # the options, then "declined"
            cells.append("" if value is None else ("1" if choice in chosen else "0"))
    return cells


def _field_headers(f: FormField, sep: str, option_columns: bool, kobo: bool) -> list[str]:
    base = sep.join(f.path)
    headers = [base]
    option_sep = sep if kobo else "/"
    if option_columns and f.kind == QUESTION and f.question.type == "multiple_choice":
        headers.extend(f"{base}{option_sep}{choice}" for choice in f.choices)  # the options, then "declined"
    elif option_columns and f.kind == DECLINE:
        headers.append(f"{base}{option_sep}{names.DECLINED_CHOICE}")
    return headers


# -- KoboToolbox ----------------------------------------------------------------------------
KOBO_META = ("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index")


def _exported(layout: FormLayout, version_field: bool, notes: bool = False) -> list[FormField]:
    """The fields an export has a column for; ``version_field`` False: a form made before fiit_form_version."""
    return [f for f in layout.fields() if (notes or f.kind != NOTE) and (version_field or f.kind != VERSION)]


def kobo_header(layout: FormLayout, multiple_select: str = "both", version_field: bool = True) -> list[str]:
    fields = _exported(layout, version_field)
    header: list[str] = []
    for f in fields:
        cells = _field_headers(f, "/", multiple_select in ("both", "details"), kobo=True)
        header.extend(cells if multiple_select != "details" or len(cells) == 1 else cells[1:])
    return header + list(KOBO_META)


def kobo_rows(layout: FormLayout, submissions: Iterable[SampleSubmission],
              multiple_select: str = "both", version_field: bool = True) -> Iterator[list[Any]]:
    fields = _exported(layout, version_field)
    for index, s in enumerate(submissions, start=1):
        row: list[Any] = []
        for f in fields:
            cells = _field_cells(f, s, multiple_select in ("both", "details"), layout.instrument.version)
            row.extend(cells if multiple_select != "details" or len(cells) == 1 else cells[1:])
        submitted = s.started.astimezone(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=2)
        row.extend([1000 + index, s.uuid, submitted.isoformat(timespec="seconds"), "", "",
                    "submitted_via_web", "", "vAbCdEfGh2024", "", index])
        yield row


def write_kobo_csv(path: str | Path, instrument: Instrument, submissions: Iterable[SampleSubmission],
                   delimiter: str = ";", multiple_select: str = "both", bom: bool = False,
                   version_field: bool = True) -> Path:
    layout = form_layout(instrument)
    path = Path(path)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)
        writer.writerow(kobo_header(layout, multiple_select, version_field))
        for row in kobo_rows(layout, submissions, multiple_select, version_field):
            writer.writerow(row)
    return path


def _xlsx_cell(sheet, value: Any, numeric: bool) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if numeric and value not in ("", None):
        return int(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, not a formula
        return cell
    return value


def write_kobo_xlsx(path: str | Path, instrument: Instrument, submissions: Iterable[SampleSubmission],
                    multiple_select: str = "both", version_field: bool = True) -> Path:
    from openpyxl import Workbook

    layout = form_layout(instrument)
    header = kobo_header(layout, multiple_select, version_field)
    numeric = {i for i, h in enumerate(header) if h in ("_id", "_index")}
    numeric |= {i for i, h in enumerate(header)
                for f in layout.question_fields() if f.question.type in ("scale", "integer") and h == "/".join(f.path)}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.instrument.id[:31])
    sheet.append(header)
    for row in kobo_rows(layout, submissions, multiple_select, version_field):
        sheet.append([_xlsx_cell(sheet, v, i in numeric) for i, v in enumerate(row)])
    path = Path(path)
    workbook.save(path)
    return path


# -- ODK Central ----------------------------------------------------------------------------
ODK_TRAILER = ("KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
               "Status", "ReviewState", "DeviceID", "Edits", "FormVersion")


def write_odk_csv(path: str | Path, instrument: Instrument, submissions: Iterable[SampleSubmission],
                  split_select_multiples: bool = False, version_field: bool = True,
                  central_version: bool = True) -> Path:
    """``central_version`` False: no FormVersion column (ODK Central before v1.4, November 2021)."""
    layout = form_layout(instrument)
    fields = _exported(layout, version_field, notes=True)
    header = ["SubmissionDate"]
    for f in fields:
        header.extend(_field_headers(f, "-", split_select_multiples, kobo=False))
    trailer = [c for c in ODK_TRAILER if central_version or c != "FormVersion"]
    header += ["meta-instanceID", *trailer]
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for s in submissions:
            submitted = s.started.astimezone(dt.timezone.utc) + dt.timedelta(hours=3)
            row: list[Any] = [submitted.isoformat(timespec="milliseconds").replace("+00:00", "Z")]
            for f in fields:
                row.extend(_field_cells(f, s, split_select_multiples, instrument.version))
            instance = f"uuid:{s.uuid}"
            row += [instance, instance, "5", "Interviewer 5", "0", "0", "", "", "", "0", instrument.version]
            if not central_version:
                row.pop()
            writer.writerow(row)
    return path
