"""Files that are not what they claim are refused, with a sentence saying why, before any row is stored."""

import csv
import os
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from fiit.instruments import get_instrument
from fiit.interop.errors import FileRefused
from fiit.interop.submissions.filecheck import MAX_LINE_BYTES, check_file
from tests.interop.samples import sample_submissions, write_kobo_csv, write_kobo_xlsx, write_odk_csv

from .support import ListStore, import_with_list, kobo_table, write_rows


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def submissions(victim):
    return list(sample_submissions(victim, 3, seed=11))


def refused(path, instrument, source="kobo"):
    store = ListStore()
    with pytest.raises(FileRefused) as info:
        import_with_list(path, instrument, source, store=store)
    assert store.stored == []
    return str(info.value)


def test_binary_junk(tmp_path, victim):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"start;end\n" + os.urandom(2000) + b"\x00" + os.urandom(100))
    assert "holds binary data" in refused(path, victim)


@pytest.mark.parametrize("head, says", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls"),
    (b"%PDF-1.7", "a PDF document"),
    (b"\x1f\x8b\x08", "a gzip archive"),
])
def test_other_kinds_of_file(tmp_path, victim, head, says):
    path = tmp_path / "export.csv"
    path.write_bytes(head + b"\x00" * 64)
    assert says in refused(path, victim)


def test_empty_file(tmp_path, victim):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert refused(path, victim) == "empty.csv is empty."


def test_missing_file(tmp_path, victim):
    assert "There is no file" in refused(tmp_path / "nowhere.csv", victim)


def test_text_that_is_not_utf8(tmp_path, victim, submissions):
    header, rows = kobo_table(victim, submissions)
    rows = [{c: str(v).encode("ascii", "replace").decode() for c, v in row.items()} for row in rows]
    rows[1]["a/a1"] = "Très bien, merci"
    path = tmp_path / "latin1.csv"
    with path.open("w", encoding="latin-1", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(c, "") for c in header])
    data = path.read_bytes()
    line = data[: data.index(b"\xe8")].count(b"\n") + 1
    message = refused(path, victim)
    assert f"is not UTF-8 text (byte 0xe8 on line {line})" in message
    assert "CSV UTF-8" in message


def test_utf16_text(tmp_path, victim):
    path = tmp_path / "utf16.csv"
    path.write_bytes("start;end\r\n".encode("utf-16"))
    assert "is UTF-16 text" in refused(path, victim)


def test_a_utf8_byte_order_mark_is_fine(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "bom.csv", victim, submissions, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    report, store = import_with_list(path, victim)
    assert report.imported == 3 and report.warnings == []


def test_a_100_mb_line_is_refused_reading_only_a_little_of_it(tmp_path, victim):
    path = tmp_path / "long.csv"
    with path.open("wb") as handle:
        handle.write(b'"_uuid";"fiit_consent"\n"')
        block = b"a" * (1 << 20)
        for _ in range(100):
            handle.write(block)
        handle.write(b'";"yes"\n')
    assert path.stat().st_size > 100 * (1 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as info:
            check_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(info.value).startswith("Line 2 of long.csv is longer than 1 MiB")
    assert peak < 12 * MAX_LINE_BYTES


def test_a_long_row_hidden_in_quoted_line_breaks_is_refused(tmp_path, victim):
    path = tmp_path / "multiline.csv"
    with path.open("wb") as handle:
        handle.write(b'"_uuid";"a/a1"\n"x";"')
        for _ in range(30):
            handle.write(b"b" * 40000 + b"\n")
        handle.write(b'"\n')
    assert "The row starting on line 2 of multiline.csv is longer than 1 MiB" in refused(path, victim)


def _xlsx_parts(archive):
    archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, victim):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _xlsx_parts(archive)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = b"0" * (1 << 20)
            for _ in range(60):
                member.write(zeros)
    assert path.stat().st_size < 1 << 20
    message = refused(path, victim)
    assert "expands" in message and "zip bomb" in message


def test_a_zip_that_is_not_a_workbook(tmp_path, victim):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "is a ZIP archive but not an Excel workbook" in refused(path, victim)


def test_a_damaged_workbook(tmp_path, victim):
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(500))
    assert "cannot be opened; it may be damaged" in refused(path, victim)


def test_formula_cells_are_read_as_the_text_typed_never_calculated(tmp_path, victim, submissions):
    # Issue 15: KoboToolbox's XLSX writer stores an answer beginning with "=" as a formula. The cell is read
    # as its text, never calculated; the import says where such cells are. Here "=2+3" lands in a scale, so
    # that row is rejected as not a number (it would be 5 if calculated), and the file is not refused.
    header, rows = kobo_table(victim, submissions)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        # Text that begins with "=" is a formula to openpyxl: keep the other cells plain.
        sheet.append([str(v).lstrip("=") if isinstance(v, str) else v for v in (row.get(c, "") for c in header)])
    column = header.index("a/a_scale") + 1
    sheet.cell(row=3, column=column, value="=2+3")
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    letter = sheet.cell(row=3, column=column).column_letter
    assert check_file(path).formula_cells == (f"sheet1.xml {letter}3",)
    report, store = import_with_list(path, victim)
    assert report.imported == 2 and report.rejected_rows == 1
    assert [(r.row, r.column) for r in report.rejected] == [(3, "a/a_scale")]
    assert "'=2+3'" in report.rejected[0].reason
    assert any(f"sheet1.xml {letter}3" in w["message"] and "never calculated" in w["message"]
               for w in report.warnings)


def test_a_plain_workbook_imports(tmp_path, victim, submissions):
    path = write_kobo_xlsx(tmp_path / "plain.xlsx", victim, submissions)
    assert check_file(path).kind == "xlsx"
    report, store = import_with_list(path, victim)
    assert report.imported == 3


def test_a_column_named_twice(tmp_path, victim, submissions):
    header, rows = kobo_table(victim, submissions)
    header.append("a/a_scale")
    message = refused(write_rows(tmp_path / "twice.csv", header, rows), victim)
    assert message.startswith("Column 'a/a_scale' appears twice in the header of twice.csv; fiit cannot tell which "
                              "to read.")
    # Issue 15: the message names the KoboToolbox export setting that gives one column per field.
    assert "'Value and header format: XML values and headers'" in message


def test_labels_instead_of_xml_names(tmp_path, victim, submissions):
    header = ["_uuid", "fiit_consent", "How satisfied are you with your life here?"]
    rows = [{"_uuid": s.uuid, "fiit_consent": "yes"} for s in submissions]
    message = refused(write_rows(tmp_path / "labels.csv", header, rows), victim)
    assert message.startswith(f"None of the columns matches a question of instrument {victim.key}")


def test_an_odk_file_given_to_the_kobo_importer(tmp_path, victim, submissions):
    path = write_odk_csv(tmp_path / "odk.csv", victim, submissions)
    message = refused(path, victim, source="kobo")
    assert message == ("The file has no submission id column (_uuid), so it is not a KoboToolbox export as fiit "
                       "knows it; for the other platform use 'fiit import odk'.")
    report, _ = import_with_list(path, victim, source="odk")
    assert report.imported == 3


def test_a_form_without_consent_is_not_imported(tmp_path, victim, submissions):
    header, rows = kobo_table(victim, submissions)
    header.remove("fiit_consent")
    message = refused(write_rows(tmp_path / "noconsent.csv", header, rows), victim)
    assert message.startswith("The file has no fiit_consent column")


def test_the_wrong_instrument(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "victim.csv", victim, submissions)
    policymaker = get_instrument("policymaker")
    shared = set(victim.question_ids()) & set(policymaker.question_ids())
    assert shared == {"sd_gender", "sd_age", "sd_education"}
    message = refused(path, policymaker)
    total = len(policymaker.question_ids())
    assert message.startswith(f"Only 3 of the {total} questions of instrument {policymaker.key} have a column")
    assert "another form; check --instrument" in message


# ---------------------------------------------------------------- issue 14 L2: a damaged part of a zip

def _damage_part(path, part: str, *, at: float = 0.5):
    """Flip bytes inside the compressed data of ``part`` (its checksum no longer matches)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + int(info.compress_size * at)
    for i in range(middle, middle + 6):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("at", [0.5, 0.97])
def test_a_workbook_whose_sheet_fails_its_checksum(tmp_path, victim, submissions, at):
    # Before the fix: 'unexpected BadZipFile: Bad CRC-32 ...' and exit 2 from the CLI.
    path = _damage_part(write_kobo_xlsx(tmp_path / "export.xlsx", victim, submissions), "xl/worksheets/sheet1.xml",
                        at=at)
    assert refused(path, victim) == ("export.xlsx is damaged: a part of it fails its checksum or cannot be "
                                     "unpacked, so nothing was imported. Download the export again.")


def test_a_zip_whose_csv_table_fails_its_checksum(tmp_path, victim, submissions):
    csv_path = write_kobo_csv(tmp_path / "victim.csv", victim, submissions)
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(csv_path, "victim.csv")
    assert "download.zip is damaged" in refused(_damage_part(path, "victim.csv"), victim)


def test_the_damaged_workbook_message_is_catalogued_in_every_language():
    from fiit.interop.errors import FileRefused

    error = FileRefused(code="archive_damaged", file="x.xlsx")
    texts = {lang: error.message_in(lang) for lang in ("en", "nl", "fr", "it", "hu")}
    assert len(set(texts.values())) == 5 and all("x.xlsx" in t for t in texts.values())
    assert texts["nl"].startswith("x.xlsx is beschadigd")
