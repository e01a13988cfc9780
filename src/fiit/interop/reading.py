"""Reading and checking the rows of an export, chunk by chunk.

:func:`read_chunks` yields, for a checked file, first the column warnings and
the expected row count, then the rows in chunks, each row read into a
:class:`~fiit.interop.rows.Submission` or a list of rejections. Only one chunk
is held at a time, so memory stays flat whatever the size of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from fiit.instruments import Instrument
from fiit.interop.columns import map_columns
from fiit.interop.filecheck import CheckedFile
from fiit.interop.layout import form_layout
from fiit.interop.readers import open_table
from fiit.interop.rows import Rejection, RowReader, Submission

CHUNK_ROWS = 250
HEADER = "header"
ROWS = "rows"

RowResult = Submission | list[Rejection]


@dataclass(frozen=True)
class ReadPlan:
    """Everything needed to read a file's rows."""

    checked: CheckedFile
    instrument: Instrument
    source: str
    known_countries: frozenset[str]
    country: str | None = None
    language: str | None = None


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
        columns = map_columns(layout, table.header, plan.source)
        yield HEADER, (_warnings(columns, plan.instrument), table.total)
        reader = RowReader(layout=layout, columns=columns, source=plan.source,
                           known_countries=plan.known_countries, country=plan.country, language=plan.language)
        chunk: list[RowResult] = []
        for number, record in table.rows:
            chunk.append(reader.read_row(number, record))
            if len(chunk) >= CHUNK_ROWS:
                yield ROWS, chunk
                chunk = []
        if chunk:
            yield ROWS, chunk
