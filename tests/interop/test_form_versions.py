"""The import reads each row with the instrument version its form had (fiit.interop.submissions.versions).

Real-shaped files: KoboToolbox exports written by formpack (tests/data/kobo: a form deployed in 1.1.0 then
1.2.0, and the 1.1.0-era exports made before forms carried ``fiit_form_version``), ODK Central CSVs with and
without Central's FormVersion column, a Briefcase-shaped CSV, and ODK-encrypted submissions whose manifests
name their version. Which version each row has is known by construction (the sample written with it).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from fiit.instruments import get_instrument, get_instrument_version
from fiit.interop.forms import names
from fiit.interop.submissions.rows import normalise_submission_id
from fiit.interop.submissions.versions import released_forms, version_by_columns
from tests.interop.samples import kobo_header, sample_submissions, write_kobo_csv, write_odk_csv

from .odk_encryption import write_encrypted_instances
from .support import import_with_list

DATA = Path(__file__).resolve().parent.parent / "data" / "kobo"
TWO_DEPLOYMENTS = ("versions/kobo-versions-xml.csv", "versions/kobo-versions-default.xlsx")
EXPECTED_TWO = json.loads((DATA / "versions" / "expected-versions.json").read_text(encoding="utf-8"))
BEFORE_THE_FIELD = ("kobo-default.xlsx", "kobo-labels-fr-groups-dot.xlsx", "kobo-labels-hu-groups-dash.xlsx",
                    "kobo-labels-it.csv", "kobo-labels-nl-groups.csv", "kobo-xml-groups.csv")
EXPECTED_OLD = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
# The questions victim 1.2.0 added to 1.1.0, written out by hand (not computed from the instruments).
ADDED_IN_1_2 = {"residence_status", "status_route", "identification_year", "sd_exploitation_forms",
                "sd_exploitation_from", "sd_exploitation_to", "sd_profession"}


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def old():
    return get_instrument_version("victim", "1.1.0")


def _import(path, victim, source, **options):
    return import_with_list(path, victim, source, forms=released_forms(victim), **options)


def _header(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        return [c for c in next(workbook.active.iter_rows(max_row=1, values_only=True)) if c]
    with path.open(encoding="utf-8-sig") as handle:
        return next(csv.reader(handle, delimiter=";"))


def test_the_released_forms_are_every_version_oldest_first(victim):
    assert [f.version for f in released_forms(victim)] == ["1.0.0", "1.1.0", "1.2.0"]
    assert released_forms(get_instrument_version("victim", "1.1.0"))[-1].version == "1.1.0"


@pytest.mark.parametrize("name", TWO_DEPLOYMENTS)
def test_a_kobo_export_of_two_deployments_reads_each_row_with_its_own_version(victim, name):
    """formpack's export of a form redeployed from 1.1.0 to 1.2.0: the union of columns, a version per row."""
    assert names.FORM_VERSION in _header(DATA / name)
    report, store = _import(DATA / name, victim, "kobo")
    assert (report.imported, report.rejected) == (12, [])
    stored = {s.external_id: s for s in store.stored}
    for expected in EXPECTED_TWO:
        submission = stored[normalise_submission_id(expected["uuid"])]
        assert (submission.version, submission.form_version) == (expected["version"], expected["version"])
        assert submission.answers == expected["answers"]
        if expected["version"] == "1.1.0":
            assert not ADDED_IN_1_2 & set(submission.answers)
    assert report.versions == {"1.1.0": 6, "1.2.0": 6}
    assert not [w for w in report.warnings if w["column"] == "FormVersion"]  # every row named a known version


@pytest.mark.parametrize("name", BEFORE_THE_FIELD)
def test_a_kobo_export_of_a_form_without_the_version_field_is_read_by_its_columns(victim, name):
    """The formpack exports of the 1.1.0-era form: no fiit_form_version, none of 1.2.0's new columns."""
    header = _header(DATA / name)
    assert names.FORM_VERSION not in header and "__version__" in header  # Kobo's uid, never a fiit version
    assert not any(h.rsplit("/", 1)[-1] in ADDED_IN_1_2 for h in header)
    report, store = _import(DATA / name, victim, "kobo")
    assert (report.imported, report.rejected) == (12, [])
    assert {s.version for s in store.stored} == {"1.1.0"} and report.versions == {"1.1.0": 12}
    stored = {s.external_id: s for s in store.stored}
    for expected in EXPECTED_OLD:
        assert stored[normalise_submission_id(expected["uuid"])].answers == expected["answers"]
    said = [w["message"] for w in report.warnings if "read as version 1.1.0" in w["message"]]
    assert len(said) == 1 and said[0].startswith("12 row(s): The file has none of the columns")
    assert "residence_status" in said[0] and "naming its form version" in said[0]


def test_form_version_overrides_what_the_file_says(victim, old):
    """--form-version (forms=None): every row is read as the version given, as before, with the old warning."""
    report, store = import_with_list(DATA / "versions" / "kobo-versions-xml.csv", victim, "kobo")
    assert report.imported == 12 and {s.version for s in store.stored} == {"1.2.0"}
    assert [w["message"] for w in report.warnings if w["column"] == "FormVersion"] == [
        "Some rows were collected with form version 1.1.0; they were checked against instrument version 1.2.0."]
    report, store = import_with_list(DATA / "kobo-xml-groups.csv", old, "kobo")
    assert report.imported == 12 and {s.version for s in store.stored} == {"1.1.0"}


def test_the_column_rule(victim):
    forms = list(released_forms(victim))
    layout_header = kobo_header  # the columns a platform writes for a form: every field of it
    from fiit.interop.forms.layout import form_layout

    new_columns = layout_header(form_layout(forms[-1]))
    old_columns = layout_header(form_layout(forms[1]), version_field=False)
    assert version_by_columns(forms, new_columns, "kobo").instrument.version == "1.2.0"
    chosen = version_by_columns(forms, old_columns, "kobo")
    # 1.0.0 and 1.1.0 ask the same questions: the newer of the two
    assert (chosen.instrument.version, chosen.certain) == ("1.1.0", True)
    # one of the new columns is enough to make it a 1.2.0 file
    assert version_by_columns(forms, old_columns + ["g/residence_status"], "kobo").instrument.version == "1.2.0"


def _rewrite(path: Path, edit) -> Path:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    header, body = edit(header, body)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return path


def test_an_odk_central_csv_of_two_form_versions_reads_central_s_form_version(tmp_path, victim, old):
    """Central's CSV (since v1.4) names each submission's form version in FormVersion: the settings' version."""
    old_subs = list(sample_submissions(old, 4, seed=61))
    new_subs = list(sample_submissions(victim, 4, seed=62))
    # A form made before fiit_form_version: only Central's FormVersion tells; Central writes the union of columns.
    path = write_odk_csv(tmp_path / "central.csv", victim, old_subs + new_subs, version_field=False)

    def old_rows_say_1_1(header, body):
        at = header.index("FormVersion")
        for row in body[:4]:
            row[at] = "1.1.0"
        return header, body

    _rewrite(path, old_rows_say_1_1)
    report, store = _import(path, victim, "odk")
    assert (report.imported, report.rejected) == (8, [])
    versions = {s.external_id: s.version for s in store.stored}
    assert versions == {**{f"uuid:{s.uuid}": "1.1.0" for s in old_subs}, **{f"uuid:{s.uuid}": "1.2.0" for s in new_subs}}
    answers = {s.external_id: s.answers for s in store.stored}
    assert answers == {f"uuid:{s.uuid}": s.answers for s in old_subs + new_subs}


def test_an_odk_csv_without_a_version_is_read_by_its_columns(tmp_path, old, victim):
    """An ODK Central CSV from before v1.4, and a Briefcase-shaped one: no version column at all."""
    subs = list(sample_submissions(old, 3, seed=63))
    central = write_odk_csv(tmp_path / "old-central.csv", old, subs, version_field=False, central_version=False)
    report, store = _import(central, victim, "odk")
    assert report.imported == 3 and {s.version for s in store.stored} == {"1.1.0"}
    trailer = {"SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
               "ReviewState", "DeviceID", "Edits", "FormVersion"}

    def briefcase(header, body):
        keep = [i for i, h in enumerate(header) if h not in trailer]
        return [header[i] for i in keep], [[row[i] for i in keep] for row in body]

    shaped = _rewrite(write_odk_csv(tmp_path / "victim.csv", old, subs, version_field=False), briefcase)
    report, store = _import(shaped, victim, "odk")
    assert report.imported == 3 and {s.version for s in store.stored} == {"1.1.0"}


def test_a_version_fiit_never_released_is_not_trusted(tmp_path, victim, old):
    """A form whose settings' version was edited by hand ("2024031501"): the columns decide, with a warning."""
    subs = list(sample_submissions(old, 2, seed=64))
    path = write_odk_csv(tmp_path / "edited.csv", old, subs, version_field=False)

    def hand_edited(header, body):
        at = header.index("FormVersion")
        for row in body:
            row[at] = "2024031501"
        return header, body

    report, store = _import(_rewrite(path, hand_edited), victim, "odk")
    assert report.imported == 2 and {s.version for s in store.stored} == {"1.1.0"}
    assert [w["message"] for w in report.warnings if w["column"] == "FormVersion"] == [
        "Some rows were collected with form version 2024031501; they were checked against instrument version 1.1.0."]


def test_encrypted_submissions_are_read_with_the_version_their_manifest_names(tmp_path, victim, old):
    """Submissions of an encrypted form made in 1.1.0 and 1.2.0: each manifest names its form version."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    old_subs = list(sample_submissions(old, 3, seed=65))
    new_subs = list(sample_submissions(victim, 3, seed=66))
    folder = tmp_path / "instances"
    for instrument, subs, name in ((old, old_subs, "old"), (victim, new_subs, "new")):
        # forms made before fiit_form_version: the version is in the manifest and the submission's root only
        table = write_odk_csv(tmp_path / f"{name}.csv", instrument, subs, version_field=False)
        write_encrypted_instances(folder, table, key.public_key(), "victim", instrument.version)
    report, store = _import(folder, victim, "odk", form_key=key)
    assert (report.imported, report.rejected) == (6, [])
    versions = {s.external_id: s.version for s in store.stored}
    assert versions == {**{f"uuid:{s.uuid}": "1.1.0" for s in old_subs}, **{f"uuid:{s.uuid}": "1.2.0" for s in new_subs}}
    assert {s.external_id: s.answers for s in store.stored} == {f"uuid:{s.uuid}": s.answers
                                                                for s in old_subs + new_subs}


def test_a_kobo_csv_with_the_version_field_from_fiit_s_own_writer(tmp_path, victim, old):
    """fiit's sample writer as a third check: a 1.1.0 form made now carries fiit_form_version = 1.1.0."""
    subs = list(sample_submissions(old, 3, seed=67))
    path = write_kobo_csv(tmp_path / "old.csv", old, subs)
    assert names.FORM_VERSION in _header(path)
    report, store = _import(path, victim, "kobo")
    assert {s.version for s in store.stored} == {"1.1.0"} and report.imported == 3
    assert not [w for w in report.warnings if "read as version" in w["message"]]  # the rows said it


@pytest.mark.parametrize("name", ["versions/kobo-versions-xml.csv", "kobo-xml-groups.csv"])
def test_versions_are_read_the_same_in_the_reader_process(victim, name):
    inline, inline_store = _import(DATA / name, victim, "kobo", read_beside=False)
    beside, beside_store = _import(DATA / name, victim, "kobo", read_beside=True)
    assert inline.to_dict() == beside.to_dict()
    assert [(s.version, s.answers) for s in inline_store.stored] == [(s.version, s.answers)
                                                                      for s in beside_store.stored]
