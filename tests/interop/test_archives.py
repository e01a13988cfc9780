"""Zip downloads: ODK Central's "All data and Attachments" and KoboToolbox's zips, read where they lie."""

import zipfile

import pytest

from fiit.instruments import get_instrument
from fiit.interop.errors import FileRefused
from fiit.interop.submissions.filecheck import check_file
from tests.interop.samples import sample_submissions, write_kobo_xlsx, write_odk_csv

from .support import ListStore, import_with_list


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def generated(victim):
    return list(sample_submissions(victim, 6, seed=23))


def central_zip(tmp_path, victim, generated, *, main="victim.csv", extra=()):
    """Laid out as central-backend's lib/data/briefcase.js and attachments.js write it."""
    table = write_odk_csv(tmp_path / "submissions.csv", victim, generated)
    path = tmp_path / "victim.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if main:
            archive.write(table, main)
        archive.writestr("media/1712-photo.jpg", b"\xff\xd8\xff not really a photo")
        for name in extra:
            archive.writestr(name, "KEY,PARENT_KEY\n")
    return path


def stored_answers(store):
    return {s.external_id: s.answers for s in store.stored}


def test_centrals_all_data_and_attachments_zip_imports_like_its_csv(tmp_path, victim, generated):
    path = central_zip(tmp_path, victim, generated)
    report, store = import_with_list(path, victim, "odk")
    direct, direct_store = import_with_list(tmp_path / "submissions.csv", victim, "odk")
    assert (report.imported, report.rejected) == (6, [])
    assert stored_answers(store) == stored_answers(direct_store)
    assert {s.external_id for s in store.stored} == {f"uuid:{g.uuid.lower().removeprefix('uuid:')}" for g in generated}
    assert any("victim.csv" in w["message"] and "victim.zip" in w["message"] for w in report.warnings)
    # The file's hash is the archive's: that is the file the user gave.
    assert report.file_sha256 == check_file(path).sha256
    import hashlib
    assert report.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_zip_is_read_in_the_reader_process_too(tmp_path, victim, generated):
    path = central_zip(tmp_path, victim, generated)
    report, store = import_with_list(path, victim, "odk", read_beside=True)
    assert (report.imported, report.rejected) == (6, [])


def test_a_kobo_zip_with_the_workbook_named_after_the_form_title(tmp_path, victim, generated):
    table = write_kobo_xlsx(tmp_path / "export.xlsx", victim, generated)
    path = tmp_path / "kobo.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(table, "FIIT victim interview - latest version - 2024-03-01-10-15-00.xlsx")
        archive.writestr("attachments/a1b2/c3d4/note.txt", "ignored")
    report, store = import_with_list(path, victim, "kobo")
    assert (report.imported, report.rejected) == (6, [])


def test_the_main_table_is_found_by_the_form_id_among_others(tmp_path, victim, generated):
    path = central_zip(tmp_path, victim, generated, extra=("victim-household.csv", "victim - audit.csv"))
    report, _ = import_with_list(path, victim, "odk")
    assert report.imported == 6


def test_a_missing_main_table_is_refused_by_name(tmp_path, victim, generated):
    path = central_zip(tmp_path, victim, generated, main="", extra=("victim-household.csv",))
    store = ListStore()
    with pytest.raises(FileRefused) as info:
        import_with_list(path, victim, "odk", store=store)
    assert "not the main table victim.csv" in str(info.value)
    assert store.stored == []


def test_a_zip_of_another_form_is_refused(tmp_path, victim, generated):
    path = central_zip(tmp_path, victim, generated, main="policymaker.csv", extra=("policymaker-x.csv",))
    with pytest.raises(FileRefused) as info:
        import_with_list(path, victim, "odk")
    message = str(info.value)
    assert "none is the table victim.csv or victim.xlsx" in message and "check --instrument" in message


def test_a_zip_of_media_only_is_refused(tmp_path, victim):
    path = tmp_path / "media.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("media/a.jpg", b"x")
    with pytest.raises(FileRefused) as info:
        import_with_list(path, victim, "odk")
    assert "holds no table to import" in str(info.value) and "victim.csv" in str(info.value)
