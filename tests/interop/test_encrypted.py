"""ODK-encrypted submissions: decrypted by fiit with the form's own private key, tampering refused."""

import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from fiit.instruments import get_instrument
from fiit.interop.submissions.encrypted import SubmissionRefused, decrypt_submission
from fiit.interop.errors import FileRefused
from tests.interop.samples import sample_submissions, write_odk_csv

from .odk_encryption import encrypt_submission, write_encrypted_instances
from .support import ListStore, import_with_list


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def private_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def generated(victim):
    return list(sample_submissions(victim, 5, seed=41))


@pytest.fixture
def instances(tmp_path, victim, generated, private_key):
    table = write_odk_csv(tmp_path / "plain.csv", victim, generated)
    folders = write_encrypted_instances(tmp_path / "instances", table, private_key.public_key(), "victim",
                                        victim.version, media_for_first=True)
    return tmp_path / "instances", folders, table


def test_encrypted_submissions_decrypt_and_import_like_the_plain_export(instances, victim, private_key):
    folder, _, table = instances
    report, store = import_with_list(folder, victim, "odk", form_key=private_key)
    plain, plain_store = import_with_list(table, victim, "odk")
    assert (report.imported, report.rejected) == (5, [])
    assert {s.external_id: s.answers for s in store.stored} == {s.external_id: s.answers for s in plain_store.stored}
    assert {s.external_id: s.consent for s in store.stored} == {s.external_id: s.consent for s in plain_store.stored}


def test_a_zip_of_the_submission_folders_imports_too(tmp_path, instances, victim, private_key):
    folder, folders, _ = instances
    path = tmp_path / "briefcase.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for f in folder.rglob("*"):
            if f.is_file():
                archive.write(f, "instances/" + str(f.relative_to(folder)))
    report, _ = import_with_list(path, victim, "odk", form_key=private_key)
    assert (report.imported, report.rejected) == (5, [])


def _rejected_reason(folder, victim, private_key):
    store = ListStore()
    report, _ = import_with_list(folder, victim, "odk", store=store, form_key=private_key)
    assert report.imported == 4 and report.rejected_rows == 1
    assert len(store.stored) == 4
    [rejection] = report.rejected
    return rejection.column, rejection.reason


def test_an_altered_submission_is_refused_and_the_others_import(instances, victim, private_key):
    folder, folders, _ = instances
    target = folders[2] / "submission.xml.enc"
    data = bytearray(target.read_bytes())
    data[40] ^= 0x01  # one bit of the answers
    target.write_bytes(bytes(data))
    column, reason = _rejected_reason(folder, victim, private_key)
    assert column.endswith("/submission.xml.enc")
    assert "altered" in reason


def test_a_truncated_submission_is_refused(instances, victim, private_key):
    folder, folders, _ = instances
    target = folders[1] / "submission.xml.enc"
    target.write_bytes(target.read_bytes()[:-16])
    _, reason = _rejected_reason(folder, victim, private_key)
    assert "truncated or altered" in reason or "signature does not match" in reason
    target.write_bytes(target.read_bytes()[:-3])
    _, reason = _rejected_reason(folder, victim, private_key)
    assert "truncated" in reason


def test_an_altered_media_file_breaks_the_signature(instances, victim, private_key):
    folder, folders, _ = instances
    target = folders[0] / "photo.jpg.enc"
    target.write_bytes(bytes([target.read_bytes()[0] ^ 1]) + target.read_bytes()[1:])
    _, reason = _rejected_reason(folder, victim, private_key)
    assert "altered" in reason


def test_a_submission_for_another_key_is_refused(instances, victim, private_key):
    folder, _, _ = instances
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    report, store = import_with_list(folder, victim, "odk", form_key=other)
    assert report.imported == 0 and store.stored == []
    assert all("does not open with the form's private key" in r.reason for r in report.rejected)


def test_without_the_form_key_the_file_is_refused(instances, victim):
    folder, _, _ = instances
    with pytest.raises(FileRefused) as info:
        import_with_list(folder, victim, "odk")
    assert "no private key for form 'victim'" in str(info.value)


def test_the_decryption_follows_the_specification_byte_for_byte(private_key):
    # Independent check of one submission: what the spec-written encryptor made, fiit opens exactly.
    xml = "<data id='f'><q>Één — =1+1</q><meta><instanceID>uuid:1</instanceID></meta></data>".encode()
    files = encrypt_submission(xml, private_key.public_key(), "f", "7", "uuid:1", {"a.jpg": b"x" * 33})
    manifest, clear = decrypt_submission(files["submission.xml"], files.get, private_key)
    assert clear == xml and manifest.media == ("a.jpg.enc",) and manifest.version == "7"
    forged = files["submission.xml"].replace(b'version="7"', b'version="8"')
    with pytest.raises(SubmissionRefused, match="signature does not match"):
        decrypt_submission(forged, files.get, private_key)


# -- ODK Briefcase's export: it decrypts with the private key and writes locale dates ------------------------
def _briefcase(moment) -> str:
    # Java's default medium format in English, with the comma and narrow no-break space newer Java versions write.
    return moment.strftime("%b %-d, %Y, %-I:%M:%S\u202f%p")


def test_a_briefcase_csv_with_locale_dates_imports(tmp_path, victim):
    import csv
    import datetime as dt
    from zoneinfo import ZoneInfo

    from fiit.vocabulary import vocabulary

    generated = list(sample_submissions(victim, 5, seed=43))
    local = [s.__class__(**{**s.__dict__, "started": s.started.astimezone(
        ZoneInfo(vocabulary().country(s.country).time_zone))}) for s in generated]
    table = write_odk_csv(tmp_path / "central.csv", victim, local)
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    dates = [i for i, h in enumerate(header) if h.endswith(("-f_location", "-sd_exploitation_period"))
             or h in ("today",)]
    for row, sample in zip(rows[1:], local):
        row[header.index("start")] = _briefcase(sample.started.replace(tzinfo=None))
        row[header.index("end")] = _briefcase((sample.started + dt.timedelta(minutes=50)).replace(tzinfo=None))
        row[header.index("SubmissionDate")] = _briefcase(dt.datetime(2024, 3, 2, 9, 14))
        for i in dates:
            if row[i][:4].isdigit():
                row[i] = dt.date.fromisoformat(row[i][:10]).strftime("%b %-d, %Y")
    briefcase = tmp_path / "victim.csv"
    with briefcase.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, "isValidated"])
        writer.writerows([*row, "true"] for row in rows[1:])
    assert "Mar 1, 2024" in briefcase.read_text(encoding="utf-8")
    report, store = import_with_list(briefcase, victim, "odk")
    assert (report.imported, report.rejected) == (5, [])
    by_id = {s.external_id: s for s in store.stored}
    for sample in local:
        stored = by_id[f"uuid:{sample.uuid}"]
        assert stored.answers == sample.answers
        assert stored.consent["recorded_at"] == sample.started  # the same instant, whatever the zone
        assert stored.interview_date == sample.started.date()
