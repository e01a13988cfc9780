"""Checking an import file before a single row is read.

A file is refused, with a sentence saying why, when it is not what it claims to
be: binary data, an old .xls or other non-table file, text that is not UTF-8, a
line longer than :data:`MAX_LINE_BYTES`, or a workbook whose compressed parts
expand too far (a zip bomb). The checks read the file in fixed-size chunks, so
memory stays flat whatever its size; they also count the rows (for the progress
bar) and hash the file (for the audit trail).

A zip download that is not itself a workbook (ODK Central's "All data and
Attachments", a KoboToolbox zip) is opened with
:mod:`~fiit.interop.submissions.archives`: its main table is checked and read
straight from the archive, never unpacked to disk.

Formula cells: KoboToolbox's XLSX writer stores an answer that begins with "="
as a formula (without its "=" and with no useful cached value). Such a cell is
the answer's literal text; the check notes where they are (the import warns)
and the reader takes the text, never a computed value.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable

from fiit.interop.errors import FileRefused

CHUNK = 1 << 20
MAX_LINE_BYTES = 1 << 20  # 1 MiB: far above any real submission row
MAX_FIELD_CHARS = MAX_LINE_BYTES
MAX_ZIP_MEMBERS = 2000
MAX_UNCOMPRESSED_BYTES = 1 << 30  # 1 GiB of XML in a workbook
MAX_RATIO = 200  # deflate of real sheets stays well below this; zip bombs are near 1000
RATIO_CHECK_FLOOR = 1 << 20  # small parts may compress extremely well; only check above 1 MiB

CSV = "csv"
XLSX = "xlsx"

_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls (or other Office 97) file; save it as .xlsx or CSV UTF-8"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
    (b"SQLite format 3", "an SQLite database"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"')


MAX_LISTED_FORMULAS = 20


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    kind: str  # CSV or XLSX
    sha256: str  # of the file given (the whole archive when the table is read from one)
    size: int
    lines: int  # records of a CSV, header included; 0 for a workbook
    member: str = ""  # the table's name inside the archive ``path``, or "" when ``path`` is the table
    formula_cells: tuple[str, ...] = ()  # "sheet1.xml C3": cells stored as formulas (their text is imported)
    formulas: int = 0  # how many such cells in all

    @property
    def name(self) -> str:
        """How messages name the table: the file, or ``archive.zip:victim.csv``."""
        return f"{self.path.name}:{self.member}" if self.member else self.path.name

    def open(self) -> IO[bytes]:
        """The table's bytes (a member is read from its archive, never unpacked to disk)."""
        if not self.member:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        try:
            stream = archive.open(self.member)
        except Exception:
            archive.close()
            raise
        return _MemberStream(stream, archive)


class _MemberStream:
    """A member of an archive, closing the archive with it."""

    def __init__(self, stream, archive: zipfile.ZipFile):
        self._stream, self._archive = stream, archive

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __iter__(self):
        return iter(self._stream)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._stream.close()
        self._archive.close()


def check_file(path: str | Path, form_id: str | None = None) -> CheckedFile:
    """Check an import file and say what it is; raise :class:`FileRefused` if it cannot be read.

    ``form_id`` (the XLSForm's form id) finds the main table in a zip download.
    """
    path = Path(path)
    if path.is_dir():
        from fiit.interop.submissions.instances import check_instances

        return check_instances(path)  # a folder of encrypted ODK submissions
    if not path.is_file():
        raise FileRefused(f"There is no file {path}.")
    with path.open("rb") as handle:
        head = handle.read(64)
    if not head:
        raise FileRefused(f"{path.name} is empty.")
    if head.startswith(b"PK\x03\x04"):
        from fiit.interop.submissions.archives import check_archive

        return check_archive(path, form_id)
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise FileRefused(f"{path.name} is {what}, not a CSV or XLSX export.")
    if head.startswith(_UTF16_BOMS):
        raise FileRefused(
            f"{path.name} is UTF-16 text; fiit reads exports in UTF-8. Save it as 'CSV UTF-8' or export it again."
        )
    return _check_csv(path)


def _check_csv(path: Path, opener: Callable[[], IO[bytes]] | None = None, name: str = "") -> CheckedFile:
    """UTF-8, no zero bytes, no row (a record, quoted line breaks included) longer than MAX_LINE_BYTES.

    Quotes are followed (a quoted field may hold line breaks), so the row count
    is exact and a reader never meets an over-long field half-way through the file.
    ``opener`` reads a table inside an archive (``name`` in messages).
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    line, rows, record_bytes, record_line, size = 1, 0, 0, 1, 0
    in_quotes = False
    name = name or path.name
    with (opener or path.open)(*(() if opener else ("rb",))) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if b"\x00" in chunk:
                at = size + chunk.index(b"\x00")
                raise FileRefused(f"{name} holds binary data (a zero byte at byte {at + 1}), not CSV text.")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_line = line + chunk[: exc.start].count(b"\n")
                raise FileRefused(
                    f"{name} is not UTF-8 text (byte 0x{chunk[exc.start]:02x} on line {bad_line}); "
                    "KoboToolbox and ODK Central export UTF-8: export again, or save the file as 'CSV UTF-8'."
                ) from None
            size += len(chunk)
            start = 0
            while True:
                newline = chunk.find(b"\n", start)
                end = newline if newline >= 0 else len(chunk)
                record_bytes += end - start
                if chunk.count(b'"', start, end) % 2:
                    in_quotes = not in_quotes
                if record_bytes > MAX_LINE_BYTES:
                    what = f"Line {record_line}" if line == record_line else f"The row starting on line {record_line}"
                    raise FileRefused(
                        f"{what} of {name} is longer than {MAX_LINE_BYTES // (1 << 20)} MiB; "
                        "this is not a submission export (or the file is damaged)."
                    )
                if newline < 0:
                    break
                line += 1
                if not in_quotes:
                    rows += 1
                    record_bytes = 0
                    record_line = line
                start = newline + 1
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise FileRefused(f"{name} ends in the middle of a UTF-8 character; the file is cut short.") from None
    if record_bytes:
        rows += 1
    return CheckedFile(path=path, kind=CSV, sha256=digest.hexdigest(), size=size, lines=rows)


def _hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def is_workbook(archive: zipfile.ZipFile) -> bool:
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def check_zip_size(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an archive with too many parts, one that expands too far (a zip bomb) or too much in all."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRefused(f"{name} holds {len(members)} parts; fiit reads archives of at most {MAX_ZIP_MEMBERS}.")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > RATIO_CHECK_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise FileRefused(
                f"{name} is refused: its part {member.filename} expands {member.file_size // max(member.compress_size, 1)} "
                "times when unpacked, which only a zip bomb does."
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(
            f"{name} would unpack to {total // (1 << 20)} MiB, more than fiit reads "
            f"({MAX_UNCOMPRESSED_BYTES // (1 << 20)} MiB); split the export."
        )


def check_workbook(path: Path, archive: zipfile.ZipFile, name: str, member: str = "") -> CheckedFile:
    """A workbook (``path`` itself, or ``member`` of the archive ``path``) opened as ``archive``."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRefused(f"{name} holds {len(members)} parts; an XLSX export has a few dozen.")
    if not is_workbook(archive):
        raise FileRefused(f"{name} is a ZIP archive but not an Excel workbook (.xlsx).")
    check_zip_size(archive, name)
    formulas: list[str] = []
    count = 0
    for info in members:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            count += _find_formulas(archive, info, name, formulas)
    sha256, size = _hash(path)
    return CheckedFile(path=path, kind=XLSX, sha256=sha256, size=size, lines=0, member=member,
                       formula_cells=tuple(formulas), formulas=count)


def _find_formulas(archive: zipfile.ZipFile, member: zipfile.ZipInfo, filename: str, found: list[str]) -> int:
    """Stream a worksheet's XML counting formula elements (``<f>``); note the first cells' references."""
    tail = b""
    read = 0
    count = 0
    sheet = member.filename.rsplit("/", 1)[-1]
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > member.file_size:
                raise FileRefused(f"{filename} is damaged: a part is larger than the workbook says.")
            window = tail + chunk
            for match in _FORMULA.finditer(window):
                if match.end() <= len(tail):
                    continue  # seen in the previous window
                count += 1
                if len(found) < MAX_LISTED_FORMULAS:
                    cells = list(_CELL_REF.finditer(window, 0, match.start()))
                    found.append(f"{sheet} {cells[-1].group(1).decode()}" if cells else sheet)
            tail = window[-4096:]
    return count
