"""The commands, run in-process with CliRunner: fiit export xlsform | datapackage, fiit import kobo | odk."""

import json
import subprocess
import sys

import frictionless
import pytest
from pyxform.xls2xform import convert

from fiit.instruments import get_instrument
from tests.interop.samples import sample_submissions, write_odk_csv

from tests.support.cli import invoke

from .support import edited_export


@pytest.fixture
def fiit(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the commands' relative paths land in the test's folder
    keys = tmp_path / "keys" / "fiit-keys.json"

    def run(*args, db=True):
        base = ["--key-file", str(keys)] if db else []
        return invoke(*base, *args, env={"XDG_CONFIG_HOME": str(tmp_path / "config")})

    created = run("keys", "init", "--path", str(keys))
    assert created.returncode == 0, created.stderr
    return run


def test_export_xlsform(fiit, tmp_path):
    # 1.0.0 is now an earlier released version (service_provider 1.1.0 added the q13 gate and "why" boxes)
    result = fiit("export", "xlsform", "--instrument", "service_provider", "--form-version", "1.0.0",
                  "-o", "sp.xlsx", db=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote sp.xlsx: XLSForm service_provider@1.0.0 (form_id service_provider)")
    assert 'id="service_provider"' in convert(xlsform=str(tmp_path / "sp.xlsx")).xform


def test_export_xlsform_errors_are_one_line(fiit):
    result = fiit("export", "xlsform", "--instrument", "nobody", "-o", "x.xlsx", db=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("fiit: error: There is no instrument 'nobody'; "
                             "the instruments are policymaker, service_provider, victim.\n")


def test_import_kobo_json_then_again(fiit, tmp_path):
    victim = get_instrument("victim")
    subs = list(sample_submissions(victim, 4, seed=6))
    path = edited_export(tmp_path, victim, subs, lambda header, rows: rows[1].update({"a/a_scale": "0"}))

    first = fiit("import", "kobo", "--instrument", "victim", str(path), "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["imported"] == 3 and data["duplicates"] == 0
    assert data["rejected"] == [{"row": 3, "column": "a/a_scale",
                                 "reason": "The answer must be a whole number from 1 to 10; 0 is outside that range."}]
    assert data["study"] == "FIIT study"

    second = fiit("import", "kobo", "--instrument", "victim", str(path))
    assert second.returncode == 0, second.stderr
    assert "4 row(s) read: imported 0, 3 already imported (skipped), 1 rejected" in second.stdout
    assert "rejected: row 3, column a/a_scale: The answer must be a whole number" in second.stdout


def test_a_file_that_cannot_be_read_exits_non_zero(fiit, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    result = fiit("import", "kobo", "--instrument", "victim", str(junk), "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("fiit: error: junk.csv holds binary data")
    assert len(result.stderr.strip().splitlines()) == 1


def test_import_odk_dry_run_then_real_then_open_data(fiit, tmp_path):
    for instrument_id in ("policymaker", "victim"):
        instrument = get_instrument(instrument_id)
        path = write_odk_csv(tmp_path / f"{instrument_id}.csv", instrument,
                             sample_submissions(instrument, 12, seed=2, countries=("BE",)))
        dry = fiit("import", "odk", "--instrument", instrument_id, str(path), "--dry-run", "--json")
        assert dry.returncode == 0, dry.stderr
        assert json.loads(dry.stdout)["imported"] == 12 and json.loads(dry.stdout)["dry_run"] is True
        real = fiit("import", "odk", "--instrument", instrument_id, str(path), "--json")
        assert json.loads(real.stdout)["imported"] == 12, real.stderr

    out = fiit("export", "datapackage", "-o", "open-data")
    assert out.returncode == 0, out.stderr
    assert "victim.csv: " in out.stdout and "service_provider.csv" not in out.stdout
    report = frictionless.validate(str(tmp_path / "open-data" / "datapackage.json"))
    assert report.valid
    again = fiit("export", "datapackage", "-o", "open-data")
    assert again.returncode == 1 and "is not empty" in again.stderr


def test_the_core_imports_neither_django_nor_click():
    code = ("import sys; import fiit.interop.submissions.importing, fiit.interop.submissions.background, "
            "fiit.interop.forms.xlsform, fiit.interop.opendata.datapackage, fiit.interop.opendata.disclosure; "
            "assert not {'django', 'click'} & set(sys.modules), sorted(m for m in sys.modules if m in ('django', 'click'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_an_encrypted_form_end_to_end(fiit, tmp_path):
    """export xlsform --encrypt → submissions encrypted for the form's key (as Collect does) → import odk."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from openpyxl import load_workbook

    from .odk_encryption import write_encrypted_instances

    result = fiit("export", "xlsform", "--instrument", "victim", "--encrypt", "-o", "victim.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(", encrypted")
    settings = load_workbook(tmp_path / "victim.xlsx")["settings"]
    row = dict(zip([c.value for c in settings[1]], [c.value for c in settings[2]]))
    public_key = serialization.load_der_public_key(base64.b64decode(row["public_key"]))
    again = fiit("export", "xlsform", "--instrument", "victim", "--encrypt", "-o", "again.xlsx")
    assert again.returncode == 0
    settings = load_workbook(tmp_path / "again.xlsx")["settings"]
    assert dict(zip([c.value for c in settings[1]], [c.value for c in settings[2]]))["public_key"] == row["public_key"]
    # The private key stays beside the key file, never in the form or the database.
    assert (tmp_path / "keys" / "fiit-keys.form-keys.sqlite3").exists()

    victim = get_instrument("victim")
    table = write_odk_csv(tmp_path / "plain.csv", victim, list(sample_submissions(victim, 3, seed=8)))
    write_encrypted_instances(tmp_path / "instances", table, public_key, "victim", victim.version)
    imported = fiit("import", "odk", "--instrument", "victim", str(tmp_path / "instances"), "--json")
    assert imported.returncode == 0, imported.stderr
    data = json.loads(imported.stdout)
    assert (data["imported"], data["rejected"]) == (3, [])


def test_import_of_a_damaged_workbook_is_one_line_exit_1_and_writes_nothing(fiit, tmp_path):
    """Issue 14 L2: a sheet whose checksum fails gave 'unexpected BadZipFile' and exit 2."""
    import zipfile

    from fiit.db.models import AuditEvent, Interview, Study
    from tests.interop.samples import write_kobo_xlsx

    victim = get_instrument("victim")
    path = write_kobo_xlsx(tmp_path / "export.xlsx", victim, list(sample_submissions(victim, 5, seed=8)))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    data[at:at + 4] = bytes(b ^ 0xFF for b in data[at:at + 4])
    path.write_bytes(bytes(data))
    events = AuditEvent.objects.count()
    result = fiit("import", "kobo", "--instrument", "victim", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("fiit: error: export.xlsx is damaged: a part of it fails its checksum or cannot be "
                             "unpacked, so nothing was imported. Download the export again.\n")
    assert not Interview.objects.exists() and not Study.objects.filter(interviews__isnull=False).exists()
    assert AuditEvent.objects.count() == events
