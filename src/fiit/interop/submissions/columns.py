"""Which column of an export holds what: matched by name, never by position.

KoboToolbox names columns by their XML path with groups joined by ``/``
(``services/q11``), ODK Central joins them with ``-`` (``services-q11``); both
can also leave the groups out. A select-multiple question may come as one
space-separated column, as one 0/1 column per option (``services/q11/housing``,
``services-q11/housing``), or both. Each platform adds its own bookkeeping
columns. Every other column is reported as unknown, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fiit.interop.forms import names
from fiit.interop.errors import FileRefused
from fiit.interop.forms.layout import DECLINE, NOTE, QUESTION, FormField, FormLayout

KOBO = "kobo"
ODK = "odk"
SOURCES = (KOBO, ODK)
SEPARATORS = ("/", "-", ".")
RANK_POSITION = "#"  # option key of a rank position column in ColumnMap.options

# Bookkeeping columns: canonical key -> the headers each platform uses for it.
META_COLUMNS = {
    KOBO: {
        "root_uuid": ("meta/rootUuid", "rootUuid"),
        "uuid": ("_uuid",),
        "instance_id": ("meta/instanceID", "instanceID"),
        "submission_time": ("_submission_time",),
        "review": ("_validation_status",),
    },
    ODK: {
        "key": ("KEY",),
        "instance_id": ("meta-instanceID", "instanceID"),
        "submission_time": ("SubmissionDate",),
        "review": ("ReviewState",),
        "status": ("Status",),
        "form_version": ("FormVersion",),
    },
}
# Columns the platforms add that carry nothing fiit stores.
IGNORED_COLUMNS = {
    KOBO: {
        "_id", "_index", "_status", "_submitted_by", "__version__", "_tags", "_notes", "_attachments",
        "_geolocation", "_xform_id_string", "_media_count", "_total_media", "_media_all_received",
        "_parent_table_name", "_parent_index", "formhub/uuid", "meta/deprecatedID", "meta/instanceName",
        "deprecatedID", "instanceName",
    },
    ODK: {
        "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "DeviceID", "Edits",
        "meta-deprecatedID", "meta-instanceName", "meta-audit", "deprecatedID", "instanceName",
        "isValidated",  # ODK Briefcase: whether an encrypted submission's signature checked out
    },
}
ID_COLUMNS = {KOBO: ("root_uuid", "uuid", "instance_id"), ODK: ("key", "instance_id")}


@dataclass
class ColumnMap:
    header: list[str]
    fields: dict[str, int] = field(default_factory=dict)  # form field name -> column of its value
    options: dict[str, dict[str, int]] = field(default_factory=dict)  # field name -> choice name -> 0/1 column
    meta: dict[str, int] = field(default_factory=dict)  # canonical meta key -> column
    unknown: list[str] = field(default_factory=list)
    repeated: list[tuple[str, str]] = field(default_factory=list)  # (column, field already read from another)

    def column_name(self, field_name: str) -> str:
        """The header of the column a field was read from (for row messages)."""
        if field_name in self.fields:
            return self.header[self.fields[field_name]]
        option_columns = self.options.get(field_name)
        if option_columns:
            key, index = next(iter(option_columns.items()))
            first = self.header[index]
            return first.rsplit("_rank_", 1)[0] if key.startswith(RANK_POSITION) else first.rsplit("/", 1)[0]
        return field_name


def _spellings(f: FormField) -> list[tuple[str, str]]:
    """(header, separator) pairs that may name a field."""
    found = [(sep.join(f.path), sep) for sep in SEPARATORS]
    if f.group:
        found.append((f.name, "/"))
    unique: dict[str, str] = {}
    for spelling, sep in found:
        unique.setdefault(spelling, sep)
    return list(unique.items())


def _lookup(layout: FormLayout) -> tuple[dict[str, str], dict[str, tuple[str, str]], set[str]]:
    by_header: dict[str, str] = {}
    by_option: dict[str, tuple[str, str]] = {}
    notes: set[str] = set()
    for f in layout.fields():
        for spelling, sep in _spellings(f):
            if f.kind == NOTE:
                notes.add(spelling)
                continue
            by_header.setdefault(spelling, f.name)
            if f.kind == DECLINE or (f.kind == QUESTION and f.question.type == "multiple_choice"):
                for choice in f.choices:
                    by_option.setdefault(f"{spelling}/{choice}", (f.name, choice))
                    by_option.setdefault(f"{spelling}{sep}{choice}", (f.name, choice))
            elif f.kind == QUESTION and f.question.type == "ranking":
                # The Kobo flavour's rank positions (q12_rank_1 …): "#k" marks position k.
                for k in range(1, len(f.choices) + 1):
                    by_option.setdefault(f"{spelling}_rank_{k}", (f.name, f"{RANK_POSITION}{k}"))
    return by_header, by_option, notes


def map_columns(layout: FormLayout, header: list[str], source: str) -> ColumnMap:
    """Match a header row to the form's fields and the platform's bookkeeping columns."""
    by_header, by_option, notes = _lookup(layout)
    meta_lookup = {h: key for key, headers in META_COLUMNS[source].items() for h in headers}
    ignored = IGNORED_COLUMNS[source]
    result = ColumnMap(header=header)
    for index, column in enumerate(header):
        if not column:
            continue
        if column in meta_lookup:
            result.meta.setdefault(meta_lookup[column], index)
        elif column in by_header:
            name = by_header[column]
            if name in result.fields:
                result.repeated.append((column, header[result.fields[name]]))
            else:
                result.fields[name] = index
        elif column in by_option:
            name, choice = by_option[column]
            result.options.setdefault(name, {}).setdefault(choice, index)
        elif column in notes or column in ignored:
            continue
        else:
            result.unknown.append(column)
    _require_usable(layout, result, source)
    return result


def _require_usable(layout: FormLayout, columns: ColumnMap, source: str) -> None:
    platform = "KoboToolbox" if source == KOBO else "ODK Central"
    if not any(key in columns.meta for key in ID_COLUMNS[source]):
        id_header = "_uuid" if source == KOBO else "KEY"
        other = "fiit import odk" if source == KOBO else "fiit import kobo"
        raise FileRefused(
            f"The file has no submission id column ({id_header}), so it is not a {platform} export "
            f"as fiit knows it; for the other platform use '{other}'."
        )
    questions = layout.question_fields()
    answered = [f for f in questions if f.name in columns.fields or f.name in columns.options]
    if not answered:
        raise FileRefused(
            f"None of the columns matches a question of instrument {layout.instrument.key}. Export the data with "
            "XML names as headers (not labels), from the form made with 'fiit export xlsform', "
            "and check --instrument."
        )
    if len(answered) * 2 < len(questions):
        raise FileRefused(
            f"Only {len(answered)} of the {len(questions)} questions of instrument {layout.instrument.key} have a "
            f"column in this file ({len(columns.unknown)} columns are unknown): it looks like an export of "
            "another form; check --instrument."
        )
    if names.CONSENT not in columns.fields:
        raise FileRefused(
            f"The file has no {names.CONSENT} column: fiit imports only forms made with 'fiit export xlsform', "
            "which record the respondent's consent."
        )
