"""Issue 14, evidence: property-based fuzzing of fiit's parsers (hypothesis).

Every parser gets arbitrary and mutated input and must either accept it or
refuse it with fiit's own error (a FiitError, a problem report): never crash
with anything else, and never write part of a refused file. 1,000 cases per
parser in the test suite; ``make fuzz`` runs 100,000 (tests/support/fuzzing.py).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fiit.instruments import get_instrument
from fiit.instruments.loader import load_instrument_text
from fiit.instruments.registry import definition_path
from fiit.problems import FiitError
from fiit.vault import create_key_file
from fiit.vault.backup import BackupError, open_backup, seal_backup
from tests.interop.samples import sample_submissions
from tests.interop.support import ListStore, import_with_list, kobo_table, write_rows

from tests.support.fuzzing import FUZZ  # noqa: E402  (profiles: suite 1,000, fuzz 100,000)

VICTIM = get_instrument("victim")
VICTIM_TEXT = Path(definition_path("victim")).read_text(encoding="utf-8")
HEADER, ROWS = kobo_table(VICTIM, list(sample_submissions(VICTIM, 3, seed=11)))
KEYS = create_key_file(Path(tempfile.mkdtemp(prefix="fiit-fuzz-")) / "k.json", purpose="test")
GOOD_BACKUP = seal_backup(KEYS, {"manifest.json": b"{}", "fiit.sqlite3": b"x" * 64})


def mutated(text: str):
    """The text with a slice replaced by arbitrary characters (keeps most of the structure)."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 40), st.text(max_size=40)).map(
        lambda t: text[:t[0]] + t[2] + text[t[0] + t[1]:])


@FUZZ
@given(st.one_of(mutated(VICTIM_TEXT), st.text(max_size=400)))
def test_instrument_files(text):
    try:
        result = load_instrument_text(text, "fuzz.yaml")
    except FiitError:
        return
    assert result.instrument is not None or not result.report.valid


json_cells = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "11", "-1", "=1+1", "BE", "XX", "2013-02-30",
                                                               "yes", "\x00", "\ud800".encode("utf-8", "surrogatepass")
                                                               .decode("utf-8", "replace")]))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(ROWS) - 1), st.sampled_from(HEADER), json_cells), max_size=6),
       st.booleans())
def test_kobo_csv_exports_import_or_refuse_rows_whole(edits, drop_header_column):
    rows = [dict(r) for r in ROWS]
    for index, column, value in edits:
        rows[index][column] = value
    header = HEADER[1:] if drop_header_column else HEADER
    with tempfile.TemporaryDirectory() as tmp:
        path = write_rows(Path(tmp) / "export.csv", header, rows)
        store = ListStore()
        try:
            report, store = import_with_list(path, VICTIM, "kobo", store=store)
        except FiitError:
            assert store.stored == []  # a refused file writes nothing
            return
    assert len(store.stored) == report.imported  # rows refused are not written, not even in part
    assert report.imported + report.rejected_rows + report.duplicates + report.withdrawn <= len(rows)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["export.csv", "export.xlsx", "export.zip"]))
def test_arbitrary_bytes_as_an_export_file(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        store = ListStore()
        try:
            import_with_list(path, VICTIM, "kobo", store=store)
        except FiitError:
            pass
        assert all(s.external_id for s in store.stored)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["export.csv", "a/../b.csv", "x.xlsx", "[Content_Types].xml"]),
                          st.binary(max_size=200)), max_size=3, unique_by=lambda member: member[0]))
def test_zip_archives_of_anything(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.zip"
        path.write_bytes(buffer.getvalue())
        store = ListStore()
        try:
            import_with_list(path, VICTIM, "odk", store=store)
        except FiitError:
            assert store.stored == []


@FUZZ
@given(st.one_of(st.binary(max_size=300),
                 st.tuples(st.integers(0, len(GOOD_BACKUP) - 1), st.binary(min_size=1, max_size=8)).map(
                     lambda t: GOOD_BACKUP[:t[0]] + t[1] + GOOD_BACKUP[t[0] + len(t[1]):])))
def test_backup_files(blob):
    try:
        members = open_backup(KEYS, blob)
    except BackupError:
        return
    assert blob == GOOD_BACKUP and set(members) == {"manifest.json", "fiit.sqlite3"}
