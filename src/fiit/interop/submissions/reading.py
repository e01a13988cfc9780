"""Reading and checking the rows of an export, chunk by chunk.

:func:`read_chunks` yields, for a checked file, first the column warnings and
the expected row count, then the rows in chunks, each row read into a
:class:`~fiit.interop.submissions.rows.Submission` or a list of rejections. Only one chunk
is held at a time, so memory stays flat whatever the size of the file.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from fiit.instruments import Instrument
from fiit.interop.submissions.columns import KOBO, map_columns
from fiit.interop.submissions.labels import label_table
from fiit.interop.submissions.filecheck import CheckedFile
from fiit.interop.forms.layout import form_layout
from fiit.interop.submissions.readers import open_table
from fiit.interop.submissions.rows import AlreadyStored, Rejection, RowReader, Submission

CHUNK_ROWS = 250
# Allocations between two young-generation garbage collections while importing (Python's default is 700).
IMPORT_GC_THRESHOLD = 100_000
HEADER = "header"
ROWS = "rows"

RowResult = Submission | AlreadyStored | list[Rejection]


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


def read_chunks(plan: ReadPlan) -> Iterator[tuple[str, Any]]:
    """``(HEADER, (warnings, expected rows))``, then ``(ROWS, [(row number, result), ...])`` chunks."""
    layout = form_layout(plan.instrument)
    with open_table(plan.checked) as table:
        read_by_labels: list[dict[str, str]] = []
        if plan.source == KOBO:
            table, read_by_labels = label_table(plan.instrument, table)
        columns = map_columns(layout, table.header, plan.source)
        yield HEADER, (read_by_labels + _warnings(columns, plan.instrument), table.total)
        reader = RowReader(layout=layout, columns=columns, source=plan.source,
                           known_countries=plan.known_countries, country=plan.country, language=plan.language,
                           known=plan.known)
        prepare = plan.prepare
        chunk: list[RowResult] = []
        for number, record in table.rows:
            result = reader.read_row(number, record)
            if prepare is not None and isinstance(result, Submission):
                result = prepare(result)
            chunk.append(result)
            if len(chunk) >= CHUNK_ROWS:
                yield ROWS, chunk
                chunk = []
        if chunk:
            yield ROWS, chunk
