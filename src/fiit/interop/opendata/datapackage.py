"""Open data: a Frictionless Data Package of de-identified, disclosure-controlled answers.

One CSV per instrument, one row per final interview, holding only what may be
published: the country, socio-demographics in bands and Eurostat's groups,
the 1–10 scales, closed choices (one true/false column per option of a
multiple choice, one rank column per option of a ranking). Open answers,
identifying fields, exact ages, dates, respondent codes and ids never enter
it. Quasi-identifiers are then disclosure-controlled (k respondents at least
per combination) and every text cell that a spreadsheet could read as a
formula is neutralised. ``datapackage.json`` describes each table with a
Table Schema, so R, Stata or Python read it with its types and code lists.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from fiit.instruments import DECLINED, Instrument, pick
from fiit.interviews.states import ANSWERED, UNANSWERED, answer_states
from fiit.interop.opendata import codelists
from fiit.interop.opendata.codelists import CTDC_EXPLOITATION_FLAGS, CTDC_UNDETERMINED, DERIVED
from fiit.interop.opendata.anonymity import QUASI_IDENTIFIERS as ANONYMITY_QIS
from fiit.interop.opendata.anonymity import anonymise, widen_enums
from fiit.interop.opendata.disclosure import K, SUPPRESSED
from fiit.interop.errors import InteropError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The cell of a question's column(s) when the question has no answer, by answer state
#: (fiit.interviews.states): each state its own code. Unanswered stays the empty cell.
STATE_CODES = {"declined": "declined", "not_applicable": "not_applicable", UNANSWERED: "", "not_asked": "not_asked"}
#: Declared in each table's schema (Table Schema v2 missing values with labels): read as null, told apart.
MISSING_VALUES = [
    {"value": "", "label": "Unanswered: the question applied but no answer was recorded"},
    {"value": SUPPRESSED, "label": "Withheld by disclosure control"},
    {"value": "declined", "label": "Declined to answer: the respondent chose not to answer"},
    {"value": "not_applicable", "label": "Not applicable: skipped by the interview's routing"},
    {"value": "not_asked", "label": "Not asked: not in the version of the form the interview was recorded with"},
]
#: The Data Package profile (v2: missing values with labels).
PACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"


def neutralise(value: str) -> str:
    """A text cell that cannot start a spreadsheet formula (OWASP CSV injection): prefix ``'``."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class InterviewRecord:
    """What the open data may see of one interview: its country and its clear (non-sealed) answers."""

    country: str
    answers: Mapping[str, Any]
    asked: frozenset[str] | None = None  # question ids of the form it was recorded with (None: all)


@dataclass
class OpenTable:
    name: str
    instrument: Instrument
    fields: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    cells_suppressed: int = 0
    rows_dropped: int = 0
    anonymity: dict[str, Any] = field(default_factory=dict)  # k reached, levels, information lost

    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]


def _text(question, lang="en") -> str:
    return pick(question.text, lang)


def _columns(instrument: Instrument, countries: list[str]) -> tuple[list[dict[str, Any]], list]:
    """Table Schema fields and, per field, how to compute its value from an interview's answers.

    Each field of a question (not the derived quasi-identifiers) has ``x-question``: the question it
    comes from, whose answer state fills it when there is no answer (:data:`STATE_CODES`)."""
    fields: list[dict[str, Any]] = [{
        "name": "country", "type": "string", "title": "Country of the interview",
        "description": "Eurostat's geo code of the country where the interview took place (UK for the United "
                       "Kingdom, EL for Greece; otherwise the ISO 3166-1 alpha-2 code).",
        "constraints": {"enum": [codelists.country_code(c) for c in countries]},
    }]
    getters: list = [lambda record: codelists.country_code(record.country)]
    asked = set(instrument.question_ids())
    derived = {d.source: d for d in DERIVED}
    for d in DERIVED:
        if d.source in asked:
            fields.append({"name": d.name, "type": "string", "title": d.title, "description": d.description,
                           "constraints": {"enum": d.code_values()}})
            getters.append(lambda record, d=d: d.derive(record.answers.get(d.source)))
            if d.name == "exploitation_form":
                for flag, group in CTDC_EXPLOITATION_FLAGS.items():
                    fields.append({"name": flag, "type": "integer", "title": flag,
                                   "description": f"1 if the main form of exploitation is {group} "
                                                  "(CTDC field of the same name), else 0; missing where the "
                                                  "form is 'other' (see crosswalk.csv).",
                                   "constraints": {"enum": [0, 1]}})
                    getters.append(None)  # set from exploitation_form after disclosure control
    for question in instrument.questions():
        if question.is_sensitive or question.id in derived or question.type in ("text", "date") \
                or not question.open_data:  # a detail the instrument keeps out of the open data (years, routes)
            continue
        title = f"{question.number}. {_text(question)}" if question.number else _text(question)
        qid = question.id
        if question.type == "scale":
            fields.append({"name": qid, "type": "integer", "title": title,
                           "description": f"Satisfaction scale {question.scale_id or qid}, 1 (lowest) to 10 (highest).",
                           "constraints": {"minimum": question.min, "maximum": question.max}})
            getters.append(lambda r, q=qid: r.answers.get(q))
        elif question.type == "single_choice":
            fields.append({"name": qid, "type": "string", "title": title,
                           "constraints": {"enum": [o.value for o in question.options]}})
            getters.append(lambda r, q=qid: r.answers.get(q))
        elif question.type == "multiple_choice":
            for option in question.options:
                fields.append({"name": f"{qid}_{option.value}", "type": "boolean",
                               "title": f"{title} — {pick(option.label, 'en')}",
                               "description": "true if ticked; missing if the question was not answered."})
                getters.append(lambda r, q=qid, v=option.value:
                               None if r.answers.get(q) is None else v in r.answers[q])
        elif question.type == "ranking":
            for option in question.options:
                fields.append({"name": f"{qid}_rank_{option.value}", "type": "integer",
                               "title": f"{title} — rank of {pick(option.label, 'en')}",
                               "description": "1 = most important; missing if not ranked.",
                               "constraints": {"minimum": 1}})
                getters.append(lambda r, q=qid, v=option.value:
                               (r.answers[q].index(v) + 1) if v in (r.answers.get(q) or []) else None)
        elif question.type == "integer":
            fields.append({"name": f"{qid}_band", "type": "string", "title": f"{title} (band)",
                           "constraints": {"enum": codelists.integer_band_codes()}})
            getters.append(lambda r, q=qid: codelists.integer_band(r.answers.get(q)))
    return fields, getters


def _question_of(name: str, instrument: Instrument) -> str | None:
    """The question a non-derived column comes from (``q11_housing`` -> ``q11``), None for the others."""
    for question in instrument.questions():
        qid = question.id
        if name == qid or name == f"{qid}_band" or (
                question.type in ("multiple_choice", "ranking")
                and any(name in (f"{qid}_{o.value}", f"{qid}_rank_{o.value}") for o in question.options)):
            return qid
    return None


def build_table(instrument: Instrument, records: Iterable[InterviewRecord], countries: list[str],
                k: int = K) -> OpenTable:
    """The open table of one instrument, disclosure-controlled."""
    fields, getters = _columns(instrument, countries)
    names = [f["name"] for f in fields]
    sources = {name: q for name in names if (q := _question_of(name, instrument)) is not None}
    published = set(sources.values())
    rows = []
    for record in records:
        states = answer_states(instrument, record.answers, asked=record.asked, questions=published)
        if any(v == DECLINED for v in record.answers.values()):
            # "Declined to answer" is never a value: the derived columns see no answer, the question's own
            # columns get its state's code below.
            record = InterviewRecord(country=record.country, asked=record.asked, answers={
                q: v for q, v in record.answers.items() if v != DECLINED})
        row = {name: getter(record) for name, getter in zip(names, getters) if getter is not None}
        for name, qid in sources.items():
            if states[qid] != ANSWERED:
                row[name] = STATE_CODES[states[qid]] or None
        rows.append(row)
    quasi = [q for q in ANONYMITY_QIS if q in names]
    result = anonymise(rows, quasi, k=k)  # k-anonymity by generalisation and suppression (issue 14, H4)
    widen_enums(fields, result)
    if "exploitation_form" in names:
        for row in result.rows:
            form = row.get("exploitation_form")
            for flag, group in CTDC_EXPLOITATION_FLAGS.items():
                row[flag] = SUPPRESSED if form == SUPPRESSED else (
                    None if form is None or flag in CTDC_UNDETERMINED.get(form, ()) else int(form == group))
    # Row order says nothing about when or in which order interviews were stored.
    result.rows.sort(key=lambda row: tuple("" if row.get(n) is None else str(row.get(n)) for n in names))
    return OpenTable(name=instrument.id, instrument=instrument, fields=fields, rows=result.rows,
                     cells_suppressed=result.cells_suppressed, rows_dropped=result.rows_dropped,
                     anonymity=result.summary())


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return neutralise(str(value))
    return str(value)


def write_table_csv(path: Path, table: OpenTable) -> None:
    kinds = [f["type"] for f in table.fields]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(name) for name in table.field_names()])
        for row in table.rows:
            writer.writerow([_cell(row.get(name), kind) for name, kind in zip(table.field_names(), kinds)])


def _codelist_rows(tables: list[OpenTable]) -> list[list[str]]:
    rows = []
    for d in DERIVED:
        if any(d.name in t.field_names() for t in tables):
            rows.extend([d.name, c.code, c.label, c.eurostat, c.ctdc] for c in d.codes)
    seen: set[tuple[str, str]] = set()
    for table in tables:
        for question in table.instrument.questions():
            if question.type != "single_choice" or question.id not in table.field_names():
                continue
            for option in question.options:
                key = (f"{table.name}.{question.id}", option.value)
                if key not in seen:
                    seen.add(key)
                    rows.append([key[0], option.value, pick(option.label, "en"), "", ""])
    return rows


CODELIST_SCHEMA = {
    "fields": [
        {"name": "field", "type": "string", "description": "Column (table.column for instrument answers)."},
        {"name": "code", "type": "string"},
        {"name": "label", "type": "string", "description": "English label."},
        {"name": "eurostat", "type": "string", "description": "Eurostat breakdown category the code counts in."},
        {"name": "ctdc", "type": "string", "description": "Matching CTDC field or value."},
    ],
}


CROSSWALK_SCHEMA = {
    "fields": [
        {"name": "column", "type": "string", "description": "Column of the instrument tables."},
        {"name": "code", "type": "string", "description": "The value published in that column."},
        {"name": "fiit", "type": "string", "description": "The fiit answer(s) or group it comes from."},
        {"name": "eurostat", "type": "string", "description": "Eurostat's code (or category, for the form of "
                                                               "exploitation); empty when Eurostat has none."},
        {"name": "ctdc", "type": "string", "description": "The CTDC field=value(s) it corresponds to."},
        {"name": "own", "type": "boolean", "description": "true for a code of fiit's own (no Eurostat code)."},
        {"name": "note", "type": "string"},
        {"name": "source", "type": "string", "description": "Where the code list comes from."},
    ],
}
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
TERMS_OF_USE = (
    "The data describes real people who survived trafficking, de-identified and disclosure-controlled. Do not "
    "try to re-identify anyone, link the data with other sources to single out a person, or publish counts "
    "below the package's k. Cite the study. Figures describe the respondents interviewed (6 to 23 victims per "
    "country, chosen by the organisations that helped them), not all victims of a country. Merging with CTDC "
    "data is also subject to CTDC's terms of use (https://www.ctdatacollaborative.org/terms-use)."
)


def write_datapackage(directory: str | Path, tables: list[OpenTable], *, study_name: str, synthetic: bool,
                      k: int = K, created: dt.datetime | None = None) -> Path:
    """Write the CSV files and ``datapackage.json`` into ``directory`` (which must be empty or new)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise InteropError(f"{directory} is not empty; give a new or empty folder for the data package.")
    directory.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in tables:
        path = directory / f"{table.name}.csv"
        write_table_csv(path, table)
        resources.append({
            "name": table.name,
            "path": path.name,
            "type": "table",
            "title": pick(table.instrument.title, "en"),
            "description": f"One row per final interview (instrument {table.instrument.key}). A question "
                           "without an answer says why in its column(s): 'declined' (declined to answer), "
                           "'not_applicable' (skipped by routing), 'not_asked' (not in the interview's form), "
                           f"an empty cell (unanswered); '{SUPPRESSED}' marks a value withheld by disclosure "
                           "control. The socio-demographic columns (quasi-identifiers) leave all of these empty. "
                           "Every code is a declared missing value.",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": table.fields, "missingValues": MISSING_VALUES},
            "fiit": {"rows": len(table.rows), "cells_suppressed": table.cells_suppressed,
                     "rows_withheld": table.rows_dropped, "anonymity": table.anonymity},
        })
    with (directory / "codelists.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f["name"] for f in CODELIST_SCHEMA["fields"]])
        for row in _codelist_rows(tables):
            writer.writerow([neutralise(cell) for cell in row])
    resources.append({"name": "codelists", "path": "codelists.csv", "type": "table",
                      "title": "Code lists", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                      "schema": CODELIST_SCHEMA})
    with (directory / "crosswalk.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f["name"] for f in CROSSWALK_SCHEMA["fields"]])
        for c in codelists.crosswalk():
            source = "; ".join(codelists.SOURCES[key] for key in c.source.split())
            writer.writerow([neutralise(str(cell)) for cell in (c.column, c.code, c.fiit, c.eurostat, c.ctdc,
                                                                 "true" if c.own else "false", c.note, source)])
    resources.append({"name": "crosswalk", "path": "crosswalk.csv", "type": "table",
                      "title": "Crosswalk from the published codes to Eurostat and CTDC",
                      "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": CROSSWALK_SCHEMA})
    tag = " (SYNTHETIC DATA)" if synthetic else ""
    descriptor = {
        "$schema": PACKAGE_SCHEMA,
        "name": "fiit-open-data",
        "title": f"{study_name}: de-identified interview answers{tag}",
        "description": (
            "Closed answers of the FIIT interviews (policymakers, service providers, victims of trafficking), "
            "de-identified: no open answers, names, respondent codes, ids, exact ages or dates. Quasi-identifiers "
            f"(country, sex, citizenship, form of exploitation, age band) are withheld where fewer than {k} "
            "respondents share a combination; rows that would still stand out are left out. Code lists follow "
            "Eurostat's trafficking statistics and, where they match, CTDC field names."
            + (" All data in this package is synthetic: generated, not collected." if synthetic else "")
        ),
        "created": (created or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat(),
        "resources": resources,
        "licenses": [LICENCE],
        "sources": [{"title": text} for text in codelists.SOURCES.values()],
        "fiit": {"k": k, "synthetic": synthetic, "terms_of_use": TERMS_OF_USE,
                 # How a question without an answer reads in its column(s) (the schemas' missingValues).
                 "answer_states": {m["value"] or "(empty)": m["label"] for m in MISSING_VALUES}},
    }
    path = directory / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
