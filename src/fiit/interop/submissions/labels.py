"""KoboToolbox exports with labels for headers and values, mapped back to the form's names.

KoboToolbox's export (formpack, KoboToolbox's exporter) names its columns by
XML name or, by default, by label in one of the form's languages ("Value and
header format"), with or without the group's label in front ("Include groups
in headers") joined by a separator the user may change ("Group separator"),
and lays out select-multiples as one column, one column per option, or both.
With labels, the cells of choice questions hold choice labels too.

:func:`label_table` reads such a header through the form fiit exported (the
labels of :func:`~fiit.interop.forms.xlsform.xlsform_sheets`, so export and
import can never disagree): it finds the language and the separator, renames
every column it recognises to its XML path, and turns choice labels in the
cells back into choice names. A header that is already in XML names is left
alone. Labels are unique within each language of fiit's forms (each "declined
to answer" box has its own), so a label names one field; a header that still
names two is refused by the reader with the export setting to choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from fiit.instruments import Instrument
from fiit.interop.forms import names
from fiit.interop.submissions.readers import Table

XML_SETTING = "'Value and header format: XML values and headers'"
MAX_SEPARATOR = 3  # characters between a group's label and a question's label


@dataclass
class _Field:
    path: str  # group/name
    label: str
    group_label: str | None
    list_name: str | None  # of a select question
    multiple: bool


@dataclass
class _Language:
    column: str  # "English (en)"
    fields: dict[str, _Field] = field(default_factory=dict)  # label -> field
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # list name -> label -> name


_CACHE: dict[tuple[str, str], tuple[_Language, ...]] = {}


def _form_labels(instrument: Instrument) -> tuple[_Language, ...]:
    key = (instrument.key, instrument.version)
    if key not in _CACHE:
        _CACHE[key] = _read_form_labels(instrument)
    return _CACHE[key]


def _read_form_labels(instrument: Instrument) -> tuple[_Language, ...]:
    from fiit.interop.forms.xlsform import xlsform_sheets

    # Both flavours: the Kobo one asks a ranking as one question per position (forms.ranking).
    odk, kobo = xlsform_sheets(instrument), xlsform_sheets(instrument, flavour="kobo")
    sheets = {"survey": odk["survey"] + [row for row in kobo["survey"] if "_rank_" in str(row.get("name", ""))],
              "choices": odk["choices"]}
    result = []
    for lang in instrument.languages:
        column = names.language_column(lang)
        key = f"label::{column}"
        language = _Language(column)
        groups: list[tuple[str, str | None]] = []
        for row in sheets["survey"]:
            kind = row["type"]
            if kind == "begin_group":
                groups.append((row["name"], row.get(key)))
                continue
            if kind == "end_group":
                groups.pop()
                continue
            label = row.get(key)
            if not label:
                continue
            group, group_label = groups[-1] if groups else (None, None)
            select = kind.split()
            list_name = select[1] if select[0] in ("select_one", "select_multiple", "rank") else None
            path = f"{group}/{row['name']}" if group else row["name"]
            language.fields.setdefault(label, _Field(path, label, group_label, list_name,
                                                     select[0] == "select_multiple"))
        for row in sheets["choices"]:
            label = row.get(key)
            if label:
                language.choices.setdefault(row["list_name"], {}).setdefault(label, row["name"])
        result.append(language)
    return tuple(result)


@dataclass
class _Match:
    columns: dict[int, str]  # column index -> XML path (option columns: path/choice)
    fields: dict[int, _Field]  # column index -> field whose cell holds labels
    found: int


def _match(language: _Language, header: list[str]) -> _Match:
    by_group: dict[str, dict[str, _Field]] = {}
    for f in language.fields.values():
        if f.group_label:
            by_group.setdefault(f.group_label, {})[f.label] = f
    columns: dict[int, str] = {}
    cells: dict[int, _Field] = {}
    prefixes: list[tuple[str, _Field]] = []  # (the header a select-multiple was found under, the field)
    separators: set[str] = set()
    for index, column in enumerate(header):
        f = language.fields.get(column)
        if f is None:
            for group_label, fields in by_group.items():
                if column.startswith(group_label):
                    rest = column[len(group_label):]
                    for k in range(1, MAX_SEPARATOR + 1):
                        if rest[k:] in fields:
                            f = fields[rest[k:]]
                            separators.add(rest[:k])
                            break
                if f is not None:
                    break
        if f is not None:
            columns[index] = f.path
            if f.list_name:
                cells[index] = f
                if f.multiple:
                    prefixes.append((column, f))
    # Option columns: "<the question's header><separator><option label>"; the question's own column may be absent.
    for f in language.fields.values():
        if f.multiple and not any(p[1] is f for p in prefixes):
            prefixes.append((f.label, f))
            for sep in separators:
                if f.group_label:
                    prefixes.append((f"{f.group_label}{sep}{f.label}", f))
    prefixes.sort(key=lambda p: -len(p[0]))
    for index, column in enumerate(header):
        if index in columns:
            continue
        for prefix, f in prefixes:
            if column.startswith(prefix) and len(column) > len(prefix):
                rest = column[len(prefix):]
                choices = language.choices.get(f.list_name, {})
                name = next((choices[rest[k:]] for k in range(1, MAX_SEPARATOR + 1) if rest[k:] in choices), None)
                if name is not None:
                    columns[index] = f"{f.path}/{name}"
                    break
    return _Match(columns, cells, len(columns))


def _split_labels(text: str, choices: dict[str, str]) -> list[str] | None:
    """Choice labels joined by spaces (labels may hold spaces), back to names; None if they do not parse."""
    words = text.split(" ")
    memo: dict[int, list[str] | None] = {len(words): []}

    def parse(start: int) -> list[str] | None:
        if start in memo:
            return memo[start]
        memo[start] = None
        for end in range(len(words), start, -1):
            label = " ".join(words[start:end])
            if label in choices:
                rest = parse(end)
                if rest is not None:
                    memo[start] = [choices[label], *rest]
                    break
        return memo[start]

    return parse(0)


def _value_reader(f: _Field, language: _Language, everywhere: tuple[_Language, ...]):
    choices = dict(language.choices.get(f.list_name, {}))
    for other in everywhere:  # a label of another language is still a label of this choice
        for label, name in other.choices.get(f.list_name, {}).items():
            choices.setdefault(label, name)
    names_ = set(choices.values())

    def read(text: str) -> str:
        value = text.strip()
        if not value or value in names_:
            return text
        if value in choices:
            return choices[value]
        if f.multiple:
            parsed = _split_labels(value, choices)
            if parsed is not None:
                return " ".join(parsed)
        return text  # left as it is: the row's check says it is not a choice

    return read


def is_xml_header(header: list[str]) -> bool:
    return any(column == names.CONSENT or column.endswith(("/" + names.CONSENT, "-" + names.CONSENT,
                                                             "." + names.CONSENT)) for column in header)


def label_table(instrument: Instrument, table: Table) -> tuple[Table, list[dict[str, str]]]:
    """The table with XML names for headers and values, and a warning saying it was read by labels."""
    if is_xml_header(table.header):
        return table, []
    languages = _form_labels(instrument)
    match, language = max(((_match(lang, table.header), lang) for lang in languages), key=lambda m: m[0].found)
    if not match.found:
        return table, []
    header = [match.columns.get(i, column) for i, column in enumerate(table.header)]
    readers = {i: _value_reader(f, language, languages) for i, f in match.fields.items()}

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, record in table.rows:
            for index, read in readers.items():
                if index < len(record) and record[index]:
                    record[index] = read(record[index])
            yield number, record

    warning = {"column": "", "message": (
        f"The columns are named by their labels in {language.column}; {match.found} of them were matched to the "
        f"form's questions through the form's labels, and choice labels read back as choices. An export with "
        f"{XML_SETTING} is read without this step.")}
    return Table(header=header, rows=rows(), delimiter=table.delimiter, total=table.total), [warning]
