"""An instrument as an XLSForm, for KoboToolbox and ODK Collect.

:func:`xlsform_sheets` builds the survey, choices and settings sheets as plain
rows (pure data, easy to test); :func:`xlsform_bytes` writes them as an .xlsx
workbook; :func:`check_xlsform` runs pyxform on the result (and ODK Validate
when asked). No file I/O here: the CLI writes the bytes.
"""

from __future__ import annotations

import base64
import io
from typing import Any, Mapping

from fiit.instruments import Instrument, Question, pick
from fiit.instruments.conditions import to_xpath
from fiit.instruments.messages import render
from fiit.interop.forms import names, ranking, texts
from fiit.interop.errors import InteropError, PublicKeyError
from fiit.vocabulary import vocabulary
from fiit.interop.forms.layout import (
    DECLINE, FIIT, META, NOTE, VERSION, FormField, FormLayout, form_layout, needs_box, section_note_name,
)

YES_NO_LIST = "fiit_yes_no"
COUNTRY_LIST = "fiit_countries"
LANGUAGE_LIST = "fiit_languages"
# Choices-sheet column naming the countries a choice is offered in ("all" or "HU IT").
COUNTRY_FILTER_COLUMN = "fiit_countries"
ALL_COUNTRIES = "all"
CONSENT_GIVEN = "${%s} = 'yes'" % names.CONSENT

TRANSLATED = ("label", "hint", "required_message", "constraint_message")


def _translated(row: dict[str, Any], column: str, text: Mapping[str, str] | None, languages) -> None:
    if not text:
        return
    for lang in languages:
        value = pick(text, lang)
        if value:
            row[f"{column}::{names.language_column(lang)}"] = value


def _numbered(number: str, text: Mapping[str, str]) -> dict[str, str]:
    return {lang: f"{number}. {value}" if number else value for lang, value in text.items()}


def _scale_hint(question: Question, languages) -> dict[str, str]:
    hint = {}
    for lang in languages:
        parts = [pick(question.hint, lang)] if question.hint else []
        if question.anchors:
            parts.append(
                f"{question.min} = {pick(question.anchors['low'], lang)} … "
                f"{question.max} = {pick(question.anchors['high'], lang)}"
            )
        hint[lang] = " ".join(p for p in parts if p)
    return hint


def _number_constraint(question: Question) -> tuple[str, dict[str, str]] | None:
    low, high = question.min, question.max
    if low is not None and high is not None:
        return f". >= {low} and . <= {high}", texts.fill(texts.RANGE_MESSAGE, min=low, max=high)
    if low is not None:
        return f". >= {low}", texts.fill(texts.MIN_MESSAGE, min=low)
    if high is not None:
        return f". <= {high}", texts.fill(texts.MAX_MESSAGE, max=high)
    return None


def _date_constraint(question: Question) -> tuple[str, dict[str, str]] | None:
    low = question.min.isoformat() if question.min else None
    high = question.max.isoformat() if question.max else None
    if low and high:
        return (f". >= date('{low}') and . <= date('{high}')",
                texts.fill(texts.DATE_RANGE_MESSAGE, min=low, max=high))
    if low:
        return f". >= date('{low}')", texts.fill(texts.DATE_MIN_MESSAGE, min=low)
    if high:
        return f". <= date('{high}')", texts.fill(texts.DATE_MAX_MESSAGE, max=high)
    return None


def _country_filter() -> str:
    return (f"{COUNTRY_FILTER_COLUMN} = '{ALL_COUNTRIES}' or "
            f"selected({COUNTRY_FILTER_COLUMN}, ${{{names.COUNTRY}}})")


def _question_type(question: Question) -> str:
    list_name = names.option_list_name(question.id)
    return {
        "text": "text",
        "scale": "integer",
        "integer": "integer",
        "date": "date",
        "single_choice": f"select_one {list_name}",
        "multiple_choice": f"select_multiple {list_name}",
        "ranking": f"rank {list_name}",
    }[question.type]


def _declined_alone() -> tuple[str, dict[str, str]]:
    """A multiple choice's "declined" choice is ticked alone (the common "none of the above" constraint)."""
    return (f"not(selected(., '{names.DECLINED_CHOICE}')) or count-selected(.) = 1", texts.DECLINED_ALONE)


def _not_declined(box: str) -> str:
    return f"not(selected(${{{box}}}, '{names.DECLINED_CHOICE}'))"


def _question_row(f: FormField, languages) -> dict[str, Any]:
    q = f.question
    row: dict[str, Any] = {"type": _question_type(q), "name": f.name}
    _translated(row, "label", _numbered(q.number, q.text), languages)
    _translated(row, "hint", _scale_hint(q, languages) if q.type == "scale" else q.hint, languages)
    if q.required:
        row["required"] = "yes"
        _translated(row, "required_message", {lang: render("required_missing", lang) for lang in languages}, languages)
    relevant = [to_xpath(q.relevant)] if q.relevant else []
    if needs_box(q):
        # Ticking the box just before skips the question (and so its "required").
        relevant.append(_not_declined(names.declined_box_name(q.id)))
    if relevant:
        row["relevant"] = relevant[0] if len(relevant) == 1 else " and ".join(f"({r})" for r in relevant)
    constraint = _number_constraint(q) if q.type in ("scale", "integer") else \
        _date_constraint(q) if q.type == "date" else \
        _declined_alone() if q.type == "multiple_choice" and q.declinable else None
    if constraint:
        row["constraint"] = constraint[0]
        _translated(row, "constraint_message", constraint[1], languages)
    if q.type == "text" and not q.identifying:
        row["appearance"] = "multiline"
    if q.choices_from:
        # Only the options ticked in the source question are offered (ranking of q11's services in q12).
        row["choice_filter"] = f"selected(${{{names.xml_name(q.choices_from)}}}, name)"
    elif any(o.countries for o in q.options):
        row["choice_filter"] = _country_filter()
    return row


def _box_row(f: FormField, languages) -> dict[str, Any]:
    """The "declined to answer" box of a declinable question: the question's words, one box to tick."""
    q = f.question
    row: dict[str, Any] = {"type": f"select_multiple {names.DECLINED_LIST}", "name": f.name}
    question = _numbered(q.number, q.text)
    _translated(row, "label", {lang: texts.DECLINE_BOX_LABEL.get(lang, texts.DECLINE_BOX_LABEL["en"]).format(
        question=pick(question, lang)) for lang in languages}, languages)
    _translated(row, "hint", texts.DECLINE_HINT, languages)
    if q.relevant:
        row["relevant"] = to_xpath(q.relevant)
    return row


def _fiit_rows(layout: FormLayout, languages) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    required = {lang: render("required_missing", lang) for lang in languages}
    for f in layout.top:
        if f.kind == META:
            rows.append({"type": f.name, "name": f.name})
        elif f.kind == VERSION:
            # Hidden; every export carries it, so each submission says which version of the form it answered.
            rows.append({"type": "calculate", "name": f.name, "calculation": f"'{layout.instrument.version}'"})
        elif f.kind == NOTE:
            row = {"type": "note", "name": f.name}
            _translated(row, "label", layout.instrument.intro, languages)
            rows.append(row)
        elif f.kind == FIIT:
            rows.append(_fiit_row(f.name, languages, required))
    return rows


def _fiit_row(name: str, languages, required: Mapping[str, str]) -> dict[str, Any]:
    spec = {
        names.COUNTRY: (f"select_one {COUNTRY_LIST}", texts.COUNTRY_QUESTION),
        names.LANGUAGE: (f"select_one {LANGUAGE_LIST}", texts.LANGUAGE_QUESTION),
        names.CONSENT: (f"select_one {YES_NO_LIST}", texts.CONSENT_QUESTION),
        names.CONSENT_QUOTES: (f"select_one {YES_NO_LIST}", texts.CONSENT_QUOTES_QUESTION),
        names.CONSENT_FOLLOW_UP: (f"select_one {YES_NO_LIST}", texts.CONSENT_FOLLOW_UP_QUESTION),
    }[name]
    row: dict[str, Any] = {"type": spec[0], "name": name, "required": "yes"}
    _translated(row, "label", spec[1], languages)
    _translated(row, "required_message", required, languages)
    if name == names.CONSENT:
        _translated(row, "hint", texts.CONSENT_HINT, languages)
        # Only "yes" lets the interview go on; without consent nothing else is asked.
        row["constraint"] = ". = 'yes'"
        _translated(row, "constraint_message", texts.CONSENT_REQUIRED_MESSAGE, languages)
    elif name in (names.CONSENT_QUOTES, names.CONSENT_FOLLOW_UP):
        row["relevant"] = CONSENT_GIVEN
    return row


def _survey(layout: FormLayout, languages, flavour: str = "odk") -> list[dict[str, Any]]:
    rows = _fiit_rows(layout, languages)
    sections = {s.id: s for s in layout.instrument.sections}
    for group in layout.groups:
        section = sections[group.section_id]
        begin: dict[str, Any] = {"type": "begin_group", "name": group.name, "relevant": CONSENT_GIVEN}
        _translated(begin, "label", _numbered(section.number, section.title), languages)
        rows.append(begin)
        for f in group.fields:
            if f.kind == NOTE:
                note = {"type": "note", "name": section_note_name(section.id)}
                _translated(note, "label", section.intro, languages)
                rows.append(note)
            elif f.kind == DECLINE:
                rows.append(_box_row(f, languages))
            elif flavour == "kobo" and f.question.type == "ranking":
                rows.extend(ranking.position_rows(f.question, _question_row(f, languages), languages, _translated))
            else:
                rows.append(_question_row(f, languages))
        rows.append({"type": "end_group", "name": group.name})
    return rows


def _choices(layout: FormLayout, languages) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(list_name: str, name: str, label: Mapping[str, str], countries: str = ALL_COUNTRIES) -> None:
        row: dict[str, Any] = {"list_name": list_name, "name": name}
        _translated(row, "label", label, languages)
        row[COUNTRY_FILTER_COLUMN] = countries
        rows.append(row)

    study = vocabulary()
    for country in study.countries:
        add(COUNTRY_LIST, country.code, dict(country.name))
    for lang in layout.instrument.languages:
        # Endonyms, so an interviewer finds their language whatever the form language.
        add(LANGUAGE_LIST, lang, {other: study.endonym(lang) for other in languages})
    add(YES_NO_LIST, "yes", texts.YES)
    add(YES_NO_LIST, "no", texts.NO)
    if layout.boxes():
        add(names.DECLINED_LIST, names.DECLINED_CHOICE, texts.DECLINED_LABEL)
    for f in layout.question_fields():
        list_name = names.option_list_name(f.question.id)
        for option in f.question.options:
            countries = " ".join(option.countries) if option.countries else ALL_COUNTRIES
            add(list_name, names.xml_name(option.value), option.label, countries)
        if f.question.declinable and not needs_box(f.question):
            # A declinable single choice: "declined to answer" is its last choice (the loader keeps the name free).
            add(list_name, names.DECLINED_CHOICE, texts.DECLINED_LABEL)
    return rows


def public_key_body(pem: bytes) -> str:
    """The base64 body of an RSA public key in PEM format, as XLSForm's ``public_key`` setting wants it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise PublicKeyError(
            "The public key file is not a PEM public key (it should start with -----BEGIN PUBLIC KEY-----)."
        ) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise PublicKeyError("Form encryption in KoboToolbox and ODK needs an RSA public key.")
    if key.key_size < 2048:
        raise PublicKeyError(f"The RSA key has {key.key_size} bits; use at least 2048.")
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def xlsform_sheets(instrument: Instrument, public_key_pem: bytes | None = None,
                   flavour: str = "odk") -> dict[str, list[dict[str, Any]]]:
    """The XLSForm of an instrument as rows of the survey, choices and settings sheets.

    ``flavour`` "kobo" asks a ranking as one select-one per position (:mod:`~fiit.interop.forms.ranking`),
    which KoboToolbox's form builder supports; "odk" uses XLSForm's ``rank``.
    """
    if flavour not in ranking.FLAVOURS:
        raise InteropError(f"Unknown form flavour '{flavour}'; choose {' or '.join(ranking.FLAVOURS)}.")
    layout = form_layout(instrument)
    languages = instrument.languages
    settings: dict[str, Any] = {
        "form_title": pick(instrument.title, "en"),
        "form_id": layout.form_id,
        "version": instrument.version,
        "default_language": names.language_column("en" if "en" in languages else languages[0]),
    }
    if public_key_pem is not None:
        # KoboToolbox needs no submission_url; ODK Central sets its own.
        settings["public_key"] = public_key_body(public_key_pem)
    return {
        "survey": _survey(layout, languages, flavour),
        "choices": _choices(layout, languages),
        "settings": [settings],
    }


def _columns(rows: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    columns = list(first)
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    return columns


def xlsform_bytes(sheets: Mapping[str, list[dict[str, Any]]]) -> bytes:
    """The sheets as an .xlsx workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    leading = {"survey": ("type", "name"), "choices": ("list_name", "name"), "settings": ()}
    for title in ("survey", "choices", "settings"):
        rows = sheets[title]
        sheet = workbook.create_sheet(title)
        columns = _columns(rows, leading[title])
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_xlsform(data: bytes, validate: bool = False) -> list[str]:
    """Convert with pyxform (and ODK Validate when ``validate``); return pyxform's warnings.

    Raises :class:`InteropError` with pyxform's message if the form does not convert.
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    try:
        convert(xlsform=data, warnings=warnings, validate=validate, file_type=".xlsx")
    except PyXFormError as exc:
        raise InteropError(f"The XLSForm does not convert: {exc}") from exc
    return warnings
