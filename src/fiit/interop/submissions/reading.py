"""Reading and checking the rows of an export, chunk by chunk.

:func:`read_chunks` yields, for a checked file, first the column warnings and
the expected row count, then the rows in chunks, each row read into a
:class:`~fiit.interop.submissions.rows.Submission` or a list of rejections. Only one chunk
is held at a time, so memory stays flat whatever the size of the file.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from fiit.instruments import Instrument
from fiit.interop.submissions.columns import KOBO, map_columns
from fiit.interop.submissions.labels import label_table
from fiit.interop.submissions.filecheck import CheckedFile
from fiit.interop.forms.layout import form_layout
from fiit.interop.errors import FileRefused
from fiit.interop.submissions.instances import ENCRYPTED, Undecryptable, instance_rows
from fiit.interop.submissions.readers import Table, open_table
from fiit.interop.submissions.filecheck import CSV
from fiit.interop.submissions.rows import AlreadyStored, HeldBack, Rejection, RowReader, Submission
from fiit.interop.submissions.versions import row_versions

CHUNK_ROWS = 250
# Allocations between two young-generation garbage collections while importing (Python's default is 700).
IMPORT_GC_THRESHOLD = 100_000
HEADER = "header"
ROWS = "rows"
NOTES = "notes"  # warnings about the whole file that only reading all its rows can give
NOT_AVAILABLE = "n/a"  # KoboToolbox's legacy CSV writes it in every cell without an answer

RowResult = Submission | AlreadyStored | HeldBack | list[Rejection]


@dataclass(frozen=True)
class ReadPlan:
    """Everything needed to read a file's rows."""

    checked: CheckedFile
    instrument: Instrument
    source: str
    known_countries: frozenset[str]
    country: str | None = None
    language: str | None = None
    # Submission ids already stored when the import began: their rows are skipped unread.
    known: frozenset[str] = frozenset()
    # Applied to every valid row as it is read (it must pickle, to run in a reader process): see importing.SealAnswers.
    prepare: Callable[[Submission], Submission] | None = None
    # Rows flagged in review ("On Hold", "hasIssues") are held back instead of imported with a warning.
    hold_flagged: bool = False
    # The form's RSA private key, for a set of encrypted submissions (read in this process only: it never pickles).
    form_key: Any = field(default=None, compare=False, repr=False)
    # A table already in memory (a page pulled from an API) instead of the checked file's.
    table: Any = field(default=None, compare=False, repr=False)
    # The versions of the instrument a row may have been answered with, oldest first (``instrument`` the newest):
    # each row is read with its own (fiit.interop.submissions.versions). Empty: every row with ``instrument``.
    forms: tuple[Instrument, ...] = ()


@contextmanager
def collecting_less() -> Iterator[None]:
    """Collect garbage less often while the rows of a file are read, checked, sealed and stored.

    Each row makes hundreds of small objects that die young, none in a
    cycle; with the default threshold the collector runs every few rows and
    walks the young and older generations, which took about a quarter of the
    time spent passing rows between processes. The collector still runs,
    every 100,000 allocations; the previous thresholds come back afterwards.
    """
    previous = gc.get_threshold()
    gc.set_threshold(IMPORT_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _warnings(columns, instrument: Instrument) -> list[dict[str, str]]:
    warnings = []
    for column in columns.unknown:
        warnings.append({
            "column": column,
            "message": f"Column '{column}' is not part of instrument {instrument.key}; its values were not imported.",
        })
    for column, first in columns.repeated:
        warnings.append({
            "column": column,
            "message": f"Column '{column}' repeats the question already read from '{first}'; it was not read.",
        })
    return warnings


@contextmanager
def _table(plan: ReadPlan, layout) -> Iterator[Table]:
    if plan.table is not None:
        yield plan.table
        return
    if plan.checked.kind != ENCRYPTED:
        with open_table(plan.checked) as table:
            yield table
        return
    if plan.form_key is None:
        raise FileRefused(f"{plan.checked.name} holds encrypted submissions, and fiit has no private key for form "
                          f"'{layout.form_id}' beside its key file: only the key made with the form opens them.")
    header, rows = instance_rows(plan.checked, layout, plan.form_key)
    yield Table(header=header, rows=rows, total=max(plan.checked.lines - 1, 0))


def read_chunks(plan: ReadPlan) -> Iterator[tuple[str, Any]]:
    """``(HEADER, (warnings, expected rows))``, then ``(ROWS, [(row number, result), ...])`` chunks."""
    layout = form_layout(plan.instrument)
    with _table(plan, layout) as table:
        read_by_labels: list[dict[str, str]] = []
        if plan.source == KOBO:
            table, read_by_labels = label_table(plan.instrument, table)
        columns = map_columns(layout, table.header, plan.source)
        yield HEADER, (read_by_labels + _warnings(columns, plan.instrument), table.total)
        versions, by_columns = row_versions(plan.forms or None, plan.instrument, columns, table.header, plan.source)
        readers: dict[str, RowReader] = {}

        def reader_for(instrument: Instrument) -> RowReader:
            found = readers.get(instrument.version)
            if found is None:
                same = instrument.version == plan.instrument.version
                form = layout if same else form_layout(instrument)
                found = readers[instrument.version] = RowReader(
                    layout=form, columns=columns if same else map_columns(form, table.header, plan.source),
                    source=plan.source, known_countries=plan.known_countries, country=plan.country,
                    language=plan.language, known=plan.known, hold_flagged=plan.hold_flagged)
            return found

        prepare = plan.prepare
        chunk: list[RowResult] = []
        legacy = _LegacyCells() if plan.source == KOBO and plan.checked.kind == CSV else None
        rows = legacy.read(table.rows) if legacy else table.rows
        for number, record in rows:
            if isinstance(record, Undecryptable):
                chunk.append([Rejection(number, record.where, record.reason)])
                continue
            instrument, told = versions.of_row(record)
            result = reader_for(instrument).read_row(number, record, form_version=told)
            if prepare is not None and isinstance(result, Submission):
                result = prepare(result)
            chunk.append(result)
            if len(chunk) >= CHUNK_ROWS:
                yield ROWS, chunk
                chunk = []
        if chunk:
            yield ROWS, chunk
        notes = [legacy.warning()] if legacy and legacy.rows else []
        if versions.by_columns_rows and by_columns is not None and by_columns.reason:
            notes.append({"column": "", "message": f"{versions.by_columns_rows} row(s): {by_columns.reason}"})
        if notes:
            yield NOTES, notes


class _LegacyCells:
    """KoboToolbox's "CSV (legacy)" export: every cell without an answer holds ``n/a``; it is read as empty."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0

    def read(self, rows):
        for number, record in rows:
            if NOT_AVAILABLE in record:
                self.rows += 1
                for index, cell in enumerate(record):
                    if cell == NOT_AVAILABLE:
                        record[index] = ""
                        self.cells += 1
            yield number, record

    def warning(self) -> dict[str, str]:
        return {"column": "", "message": (
            f"{self.cells} cell(s) in {self.rows} row(s) held 'n/a', which KoboToolbox's 'CSV (legacy)' export "
            "writes for a question without an answer: they were read as empty (an answer that was really the "
            "text 'n/a' is lost with them). Export as 'CSV' or 'XLS', not 'CSV (legacy)', to avoid it.")}
