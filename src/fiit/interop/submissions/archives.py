"""Zip downloads: the main table of ODK Central's and KoboToolbox's zips, found by the form id.

ODK Central's "All data and Attachments" download (the only zip Central offers
for a form without repeats) holds ``<form id>.csv``, one
``<form id>-<repeat>.csv`` per repeat group and the attachments under
``media/`` (``lib/data/briefcase.js`` and ``lib/data/attachments.js`` of
getodk/central-backend). A KoboToolbox zip holds its table(s) beside
attachment folders. fiit's forms have no repeat groups and no media questions,
so the main table is the one table needed: it is the one named after the
form id (``victim.csv`` or ``victim.xlsx``), or the archive's only table.
Media and other files are ignored. The table is checked and read straight
from the archive: nothing is unpacked to disk.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from fiit.interop.errors import FileRefused
from fiit.interop.submissions.instances import check_instances, holds_instances
from fiit.interop.submissions.filecheck import (
    CheckedFile, _check_csv, _hash, check_workbook, check_zip_size, is_workbook,
)

TABLE_SUFFIXES = (".csv", ".xlsx")
MEDIA_FOLDERS = ("media", "attachments")


def _is_table(name: str) -> bool:
    parts = PurePosixPath(name).parts
    if not parts or name.endswith("/") or any(p.lower() in MEDIA_FOLDERS for p in parts[:-1]):
        return False
    if parts[-1].startswith(("._", "~$")) or "__MACOSX" in parts:
        return False
    return parts[-1].lower().endswith(TABLE_SUFFIXES)


def main_table(names: list[str], form_id: str | None, archive_name: str) -> str:
    """The member holding the form's submissions, or a refusal saying what is missing."""
    tables = [n for n in names if _is_table(n)]
    if form_id:
        wanted = {f"{form_id}{suffix}".lower() for suffix in TABLE_SUFFIXES}
        named = [n for n in tables if PurePosixPath(n).name.lower() in wanted]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise FileRefused(f"{archive_name} holds {len(named)} tables named {form_id}: "
                              f"{', '.join(sorted(named)[:5])}; give fiit the one to import.")
        repeats = [n for n in tables if PurePosixPath(n).name.lower().startswith(f"{form_id.lower()}-")]
        if repeats:
            raise FileRefused(f"{archive_name} has tables of repeat groups ({', '.join(sorted(repeats)[:3])}) but not "
                              f"the main table {form_id}.csv; download the form's submissions again.")
    main = [n for n in tables if "-" not in PurePosixPath(n).stem] or tables
    if len(tables) == 1:
        return tables[0]
    expected = f"the table {form_id}.csv or {form_id}.xlsx" if form_id else "one table (CSV or XLSX)"
    if not tables:
        raise FileRefused(f"{archive_name} is a ZIP archive but not an Excel workbook, and it holds no table to "
                          f"import: fiit looks for {expected} (media files are ignored).")
    raise FileRefused(f"{archive_name} holds {len(tables)} tables ({', '.join(sorted(main)[:5])}) and none is "
                      f"{expected}; check --instrument, or import the table itself.")


# What reading a damaged part of a zip raises: a failed checksum, a broken deflate stream, a part cut short.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError)


def check_archive(path: Path, form_id: str | None) -> CheckedFile:
    """A workbook, or a zip download whose main table is checked where it lies.

    Every part that is read later (the worksheets, or the CSV table) is read whole
    here, so its checksum is verified before any row is stored: a damaged part is
    refused with one sentence and nothing written (issue 14, L2).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(f"{path.name} looks like a ZIP/XLSX file but cannot be opened; it may be damaged.") from None
    with archive:
        try:
            return _check_parts(path, archive, form_id)
        except DAMAGED:
            raise FileRefused(code="archive_damaged", file=path.name) from None


def _check_parts(path: Path, archive: zipfile.ZipFile, form_id: str | None) -> CheckedFile:
    if is_workbook(archive):
        return check_workbook(path, archive, path.name)
    check_zip_size(archive, path.name)
    if holds_instances(archive.namelist()):
        return check_instances(path)  # encrypted ODK submissions, one folder each
    member = main_table(archive.namelist(), form_id, path.name)
    name = f"{path.name}:{member}"
    if member.lower().endswith(".csv"):
        checked = _check_csv(path, opener=lambda: archive.open(member), name=name)
        sha256, size = _hash(path)
        return CheckedFile(path=path, kind=checked.kind, sha256=sha256, size=size, lines=checked.lines,
                           member=member)
    try:
        inner = zipfile.ZipFile(archive.open(member))
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(f"{name} cannot be opened as a workbook; it may be damaged.") from None
    with inner:
        return check_workbook(path, inner, name, member=member)
