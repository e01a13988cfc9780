"""Streaming the rows of a checked import file: CSV (``;`` or ``,``) or XLSX.

Rows come one at a time as lists of strings, with the row number a
spreadsheet shows (the header is row 1), so memory does not grow with the
file. Cell values of a workbook are turned into the text an export would hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from fiit.interop.errors import FileRefused
from fiit.interop.submissions.filecheck import CSV, MAX_FIELD_CHARS, CheckedFile

DELIMITERS = (";", ",", "\t")


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    delimiter: str | None = None
    total: int | None = None  # rows expected (an upper bound), for a progress bar


def _pick_delimiter(first_line: str) -> str:
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        count = len(next(csv.reader([first_line], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


@contextmanager
def _field_limit(limit: int):
    previous = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _check_header(header: list[str], name: str) -> list[str]:
    header = [h.strip() for h in header]
    if not any(header):
        raise FileRefused(f"{name} has no header row: the first row must name the columns.")
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            raise FileRefused(
                f"Column '{column}' appears twice in the header of {name}; fiit cannot tell which to read. "
                "From KoboToolbox, export again with 'Value and header format: XML values and headers' "
                "(and 'Include groups in headers')."
            )
        seen.add(column)
    return header


@contextmanager
def open_table(checked: CheckedFile) -> Iterator[Table]:
    """The header and a row iterator of a checked file (a context manager: it closes the file)."""
    if checked.kind == CSV:
        with _open_csv(checked) as table:
            yield table
    else:
        with _open_xlsx(checked) as table:
            yield table


@contextmanager
def _open_csv(checked: CheckedFile) -> Iterator[Table]:
    with io.TextIOWrapper(checked.open(), encoding="utf-8-sig", newline="") as handle, _field_limit(MAX_FIELD_CHARS):
        first = handle.readline()
        delimiter = _pick_delimiter(first)
        handle.seek(0)
        # utf-8-sig skips the byte order mark again after the seek.
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise FileRefused(f"{checked.name} is empty.") from None
        except csv.Error as exc:
            raise FileRefused(f"The header of {checked.name} is not valid CSV: {exc}.") from None
        header = _check_header(header, checked.name)

        def rows() -> Iterator[tuple[int, list[str]]]:
            number = 1
            try:
                for record in reader:
                    number += 1
                    if not any(cell.strip() for cell in record):
                        continue
                    yield number, record
            except csv.Error as exc:
                raise FileRefused(f"Row {number + 1} of {checked.name} is not valid CSV: {exc}.") from None

        yield Table(header=header, rows=rows(), delimiter=delimiter, total=max(checked.lines - 1, 0))


def cell_text(value) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


@contextmanager
def _open_xlsx(checked: CheckedFile) -> Iterator[Table]:
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        # Fail closed: without defusedxml, openpyxl parses entity definitions (billion laughs).
        raise FileRefused("XLSX import needs the defusedxml package; install it or import a CSV export.")
    try:
        # data_only=False: a formula cell gives its formula ("=" and the text KoboToolbox stored as a formula),
        # which is the answer as typed; its cached value is never used.
        source = checked.open() if checked.member else checked.path
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRefused(f"{checked.name} cannot be read as a workbook: {exc}.") from None
    try:
        if not workbook.worksheets:
            raise FileRefused(f"{checked.name} has no worksheet.")
        sheet = workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        try:
            header = [cell_text(v) for v in next(cells)]
        except StopIteration:
            raise FileRefused(f"The first worksheet of {checked.name} is empty.") from None
        while header and not header[-1]:
            header.pop()
        header = _check_header(header, checked.name)

        def rows() -> Iterator[tuple[int, list[str]]]:
            for number, values in enumerate(cells, start=2):
                record = [cell_text(v) for v in values]
                if not any(cell.strip() for cell in record):
                    continue
                yield number, record

        total = sheet.max_row - 1 if isinstance(sheet.max_row, int) else None
        yield Table(header=header, rows=rows(), total=total)
    finally:
        workbook.close()
        if checked.member:
            source.close()
