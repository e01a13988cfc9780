"""The codebook as CSV: one row per code, a column per language for label, definition and example.

Columns: id, parent, theme, codable, guid, label_en … label_hu, definition_en … , example_en … .
Spreadsheet formula injection is neutralised on export (a cell starting with = + - @ gets a leading ').
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fiit.coding.codebook import Codebook, check_codebook
from fiit.coding.themes import study_languages
from fiit.problems import Problem, Report

TEXT_FIELDS = ("label", "definition", "example")
BASE_COLUMNS = ("id", "parent", "theme", "codable", "guid")


def columns() -> tuple[str, ...]:
    return (*BASE_COLUMNS, *[f"{f}_{lang}" for f in TEXT_FIELDS for lang in study_languages()])
MAX_CSV_BYTES = 5 * 1024 * 1024


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _uncell(value: str) -> str:
    return value[1:] if value[:2] in ("'=", "'+", "'-", "'@") else value


def export_csv(codebook: Codebook) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns())
    for _depth, code in codebook.depth_first():
        row = [code.id, code.parent or "", code.theme or "", "yes" if code.codable else "no", code.guid]
        for f in TEXT_FIELDS:
            text = getattr(code, f)
            row += [_cell(text.get(lang, "")) for lang in study_languages()]
        writer.writerow(row)
    return out.getvalue()


def import_csv(text: str, *, file: str = "codebook.csv", current: Codebook | None = None, version: str,
               themes: tuple[str, ...] | None = None) -> tuple[dict[str, Any] | None, Report]:
    report = Report()
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        report.add(Problem("too_large", "The file is larger than 5 MB; a codebook is never that big.", file=file))
        return None, report
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "label_en") if c not in (reader.fieldnames or [])]
    if missing:
        report.add(Problem("missing_columns", f"The file has no column {', '.join(missing)}; the first row must "
                                              f"name the columns ({', '.join(columns()[:6])}, …).", file=file))
        return None, report
    codes = []
    for row in reader:
        record: dict[str, Any] = {"id": (row.get("id") or "").strip(), "parent": (row.get("parent") or "").strip() or None,
                                  "theme": (row.get("theme") or "").strip() or None,
                                  "codable": (row.get("codable") or "yes").strip().lower() not in ("no", "false", "0")}
        if (row.get("guid") or "").strip():
            record["guid"] = row["guid"].strip()
        for f in TEXT_FIELDS:
            record[f] = {lang: _uncell(row[f"{f}_{lang}"].strip()) for lang in study_languages()
                         if (row.get(f"{f}_{lang}") or "").strip()}
        codes.append(record)
    book = {"id": current.id if current else "imported", "version": version,
            "name": dict(current.name) if current else {"en": "Imported codebook"}, "codes": codes}
    report.extend(check_codebook(book, file=file, themes=themes).problems)
    return (book if report.valid else None), report
