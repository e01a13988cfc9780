"""Helpers for the interop tests: a list-backed store and exports edited cell by cell."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Callable

from fiit.frameworks import COUNTRY_CODES
from fiit.instruments import Instrument
from fiit.interop.submissions.importing import ImportReport, import_file
from fiit.interop.forms.layout import form_layout
from tests.interop.samples import SampleSubmission, kobo_header, kobo_rows

COUNTRIES = frozenset(COUNTRY_CODES)


class ListStore:
    """A SubmissionStore keeping submissions in a list (no database), their answers in clear."""

    def __init__(self, stored: set[str] | None = None):
        self.stored = list()
        self.ids = set(stored or ())
        self.writes = 0

    def stored_ids(self):
        return frozenset(self.ids)

    def preparer(self):
        return None

    def withdrawn(self, external_ids):
        return set()

    def existing(self, external_ids):
        return {i for i in external_ids if i in self.ids}

    def write(self, submissions):
        self.writes += 1
        self.stored.extend(submissions)
        self.ids.update(s.external_id for s in submissions)
        return []


def import_with_list(path, instrument: Instrument, source: str = "kobo", store: ListStore | None = None,
                     **options) -> tuple[ImportReport, ListStore]:
    store = store or ListStore()
    report = import_file(path, instrument, source, store, known_countries=COUNTRIES, **options)
    return report, store


def kobo_table(instrument: Instrument, submissions: list[SampleSubmission]) -> tuple[list[str], list[dict[str, Any]]]:
    """A KoboToolbox export as a header and rows keyed by column, ready to be edited."""
    layout = form_layout(instrument)
    header = kobo_header(layout)
    rows = [dict(zip(header, row)) for row in kobo_rows(layout, submissions)]
    return header, rows


def write_rows(path: Path, header: list[str], rows: list[dict[str, Any]], delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def edited_export(tmp_path: Path, instrument: Instrument, submissions: list[SampleSubmission],
                  edit: Callable[[list[str], list[dict[str, Any]]], None], name: str = "edited.csv") -> Path:
    header, rows = kobo_table(instrument, submissions)
    edit(header, rows)
    return write_rows(tmp_path / name, header, rows)
