"""Two versions of the victim instrument side by side (issue 12): a 1.1.0 form and its data still export,
import, count and publish; a 1.2.0 form round-trips its new questions."""

import json
from collections import Counter

import pytest
from pyxform.xls2xform import convert

from fiit.instruments import get_instrument, get_instrument_version
from tests.interop.samples import sample_submissions, write_kobo_csv
from tests.support.cli import invoke

NEW = ("residence_status", "status_route", "identification_year", "sd_exploitation_forms", "sd_exploitation_from",
       "sd_exploitation_to", "sd_profession")


@pytest.fixture
def fiit(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keys = tmp_path / "keys" / "fiit-keys.json"

    def run(*args, db=True):
        base = ["--key-file", str(keys)] if db else []
        return invoke(*base, *args, env={"XDG_CONFIG_HOME": str(tmp_path / "config")})

    assert run("keys", "init", "--path", str(keys)).returncode == 0
    return run


def test_both_versions_export_as_xlsforms_that_odk_validate_accepts(fiit, tmp_path):
    old = fiit("export", "xlsform", "--instrument", "victim", "--form-version", "1.1.0", "-o", "old.xlsx", db=False)
    assert old.returncode == 0, old.stderr
    assert old.stdout.startswith("wrote old.xlsx: XLSForm victim@1.1.0 ")
    new = fiit("export", "xlsform", "--instrument", "victim", "-o", "new.xlsx", db=False)
    assert new.stdout.startswith("wrote new.xlsx: XLSForm victim@1.2.0 ")
    old_xform = convert(xlsform=str(tmp_path / "old.xlsx"), validate=True).xform
    new_xform = convert(xlsform=str(tmp_path / "new.xlsx"), validate=True).xform
    assert 'version="1.1.0"' in old_xform and 'version="1.2.0"' in new_xform
    for qid in NEW:
        assert f"/{qid}" in new_xform and f"/{qid}" not in old_xform, qid
    # the route is asked only of people with a status they had to obtain (the relevance ODK evaluates)
    from fiit.interop.forms.xlsform import xlsform_sheets

    route = next(r for r in xlsform_sheets(get_instrument("victim"))["survey"] if r.get("name") == "status_route")
    for excluded in ("national", "none", "dont_know"):
        assert f"'{excluded}'" in route["relevant"]
    unknown = fiit("export", "xlsform", "--instrument", "victim", "--form-version", "0.9.0", "-o", "x.xlsx", db=False)
    assert unknown.returncode == 1 and "There is no version 0.9.0 of the instrument 'victim'" in unknown.stderr


def _imported(fiit, tmp_path, name, instrument, submissions, *options):
    path = write_kobo_csv(tmp_path / f"{name}.csv", instrument, submissions)
    result = fiit("import", "kobo", "--instrument", "victim", str(path), "--json", *options)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["imported"], data["rejected"]) == (len(submissions), [])


def test_a_mixed_study_imports_counts_and_reads_each_interview_with_its_version(fiit, tmp_path, settings):
    from fiit.db.answers import read_answers
    from fiit.db.models import Interview
    from fiit.db.store import instrument_of
    from fiit.interop.submissions.rows import normalise_submission_id
    from fiit.vault import load_key_file

    old, new = get_instrument_version("victim", "1.1.0"), get_instrument("victim")
    old_subs = list(sample_submissions(old, 6, seed=31, countries=("BE", "FR")))
    new_subs = list(sample_submissions(new, 8, seed=32, countries=("BE", "FR")))
    assert any(set(NEW) & set(s.answers) for s in new_subs)  # the new questions are really answered
    _imported(fiit, tmp_path, "old", old, old_subs, "--form-version", "1.1.0")
    _imported(fiit, tmp_path, "new", new, new_subs)

    keyfile = load_key_file(tmp_path / "keys" / "fiit-keys.json")
    for version, subs in (("1.1.0", old_subs), ("1.2.0", new_subs)):
        for sample in subs:
            interview = Interview.objects.get(external_id=normalise_submission_id(sample.uuid))
            assert interview.instrument.version == version
            assert read_answers(interview, instrument_of(interview), keyfile) == sample.answers
            if version == "1.1.0":
                assert not set(NEW) & set(sample.answers)

    # fiit stats counts every interview, whichever version it was taken with
    stats = fiit("stats", "--json", "--k", "1")
    assert stats.returncode == 0, stats.stderr
    counts = {(c["instrument"], c["country"], c["group"]): c["n"] for c in json.loads(stats.stdout)["counts"]}
    expected = Counter(s.country for s in old_subs + new_subs)
    assert counts[("victim", "BE", None)] == expected["BE"] == 7
    assert counts[("victim", "FR", None)] == expected["FR"] == 7
    assert counts[("victim", None, None)] == 14


def test_the_open_data_holds_old_interviews_with_the_new_columns_empty(fiit, tmp_path):
    from fiit.db.studies import select_study
    from fiit.db.tables import countries, interview_records
    from fiit.interop.opendata.datapackage import _columns, build_table

    old, new = get_instrument_version("victim", "1.1.0"), get_instrument("victim")
    old_subs = list(sample_submissions(old, 3, seed=41, countries=("IT",)))
    new_subs = list(sample_submissions(new, 3, seed=42, countries=("IT",)))
    _imported(fiit, tmp_path, "old", old, old_subs, "--form-version", "1.1.0")
    _imported(fiit, tmp_path, "new", new, new_subs)
    fields, getters = _columns(new, countries())  # the columns, before disclosure control generalises cells
    names = [f["name"] for f in fields]
    assert "residence_status" in names
    # years, route and the several forms are kept out of the open data (quasi-identifying detail)
    assert not {"identification_year_band", "status_route", "sd_exploitation_from_band"} & set(names)
    assert not any(n.startswith("sd_exploitation_forms") for n in names)
    rows = [{n: g(r) for n, g in zip(names, getters) if g is not None}
            for r in interview_records(select_study(), new)]
    published = Counter(row["residence_status"] for row in rows)
    expected = Counter([None] * 3 + [s.answers.get("residence_status") for s in new_subs])
    assert len(rows) == 6 and published == expected
    # and the whole package is still written under disclosure control (k = 2 here: six rows)
    table = build_table(new, interview_records(select_study(), new), countries(), k=2)
    assert len(table.rows) + table.rows_dropped == 6


def test_an_export_of_two_form_versions_stores_each_interview_with_its_own(fiit, tmp_path, monkeypatch):
    """Without --form-version: formpack's export of a form redeployed from 1.1.0 to 1.2.0 is stored row by row
    with each row's version, so 1.2.0's questions are "not asked" of the 1.1.0 interviews in fiit stats and
    in the data package (issue 13: missing columns mean not asked)."""
    from pathlib import Path

    from fiit.db.answers import read_answers
    from fiit.db.models import Interview
    from fiit.db.store import instrument_of
    from fiit.db.studies import select_study
    from fiit.db.tables import countries, interview_records
    from fiit.interop.opendata import datapackage
    from fiit.vault import load_key_file
    from fiit.interop.submissions.rows import normalise_submission_id

    data = Path(__file__).resolve().parent.parent / "data" / "kobo" / "versions"
    expected = json.loads((data / "expected-versions.json").read_text(encoding="utf-8"))
    result = fiit("import", "kobo", "--instrument", "victim", str(data / "kobo-versions-xml.csv"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["imported"], summary["rejected"], summary["versions"]) == (12, [], {"1.1.0": 6, "1.2.0": 6})
    keyfile = load_key_file(tmp_path / "keys" / "fiit-keys.json")
    for sample in expected:
        interview = Interview.objects.get(external_id=normalise_submission_id(sample["uuid"]))
        assert interview.instrument.version == sample["version"]
        # open answers were sealed for the version they are stored with: they open with it
        assert read_answers(interview, instrument_of(interview), keyfile) == sample["answers"]

    stats = fiit("stats", "--json", "--k", "1")
    assert stats.returncode == 0, stats.stderr
    states = {s["question_id"]: s for s in json.loads(stats.stdout)["answer_states"]
              if s["instrument"] == "victim" and s["country"] is None}
    newer = [s for s in expected if s["version"] == "1.2.0"]
    checked = [q for q in NEW if q in states]
    assert {"residence_status", "status_route", "identification_year"} <= set(checked)
    for qid in checked:
        row = states[qid]
        answered = sum(1 for s in newer if qid in s["answers"] and s["answers"][qid] != "declined")
        declined = sum(1 for s in newer if s["answers"].get(qid) == "declined")
        assert row["not_asked"] == 6, qid  # the six 1.1.0 interviews, never "unanswered"
        assert (row["answered"], row["declined"]) == (answered, declined), qid
        assert row["not_applicable"] + row["unanswered"] == 6 - answered - declined, qid
    for qid in ("a1", "b2", "sd_gender"):  # asked in both versions
        if qid in states:
            assert states[qid]["not_asked"] == 0

    victim = get_instrument("victim")
    # the data package's cells before disclosure control (twelve rows: k-anonymity would suppress them all)
    monkeypatch.setattr(datapackage, "ANONYMITY_QIS", ())
    table = datapackage.build_table(victim, interview_records(select_study(), victim), countries(), k=2)
    published = Counter(row["residence_status"] for row in table.rows)
    assert published["not_asked"] == 6 and table.rows_dropped == 0
    assert published[None] == sum(1 for s in newer if "residence_status" not in s["answers"])


def test_each_version_is_sealed_for_itself_in_the_reader_process(fiit, tmp_path):
    """Rows are sealed where they are read (a second process for a large file): each with its own version."""
    from pathlib import Path

    from fiit.db.answers import read_answers
    from fiit.db.imports import choose_study, run_import
    from fiit.db.models import Interview
    from fiit.db.store import instrument_of
    from fiit.interop.submissions.rows import normalise_submission_id
    from fiit.interop.submissions.versions import released_forms
    from fiit.vault import load_key_file

    data = Path(__file__).resolve().parent.parent / "data" / "kobo" / "versions"
    expected = json.loads((data / "expected-versions.json").read_text(encoding="utf-8"))
    keyfile = load_key_file(tmp_path / "keys" / "fiit-keys.json")
    study, _ = choose_study(None, create=True)
    victim = get_instrument("victim")
    report = run_import(data / "kobo-versions-xml.csv", victim, "kobo", keyfile=keyfile, study=study,
                        read_beside=True, forms=released_forms(victim))
    assert (report.imported, report.versions) == (12, {"1.1.0": 6, "1.2.0": 6})
    for sample in expected:
        interview = Interview.objects.get(external_id=normalise_submission_id(sample["uuid"]))
        assert interview.instrument.version == sample["version"]
        assert read_answers(interview, instrument_of(interview), keyfile) == sample["answers"]
