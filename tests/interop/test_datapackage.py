"""Open data: de-identified, disclosure-controlled, formula-safe, and a valid Frictionless Data Package."""

import csv
import json
import random
from collections import Counter

import frictionless
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fiit.frameworks import COUNTRY_CODES
from fiit.instruments import BUILTIN_IDS, get_instrument
from fiit.interop.opendata.codelists import age_band, integer_band
from fiit.interop.opendata.datapackage import (
    InterviewRecord, OpenTable, build_table, neutralise, write_datapackage, write_table_csv,
)
from fiit.interop.opendata.disclosure import SUPPRESSED, group_sizes, suppress_small_groups
from fiit.interop.errors import InteropError
from tests.interop.samples import sample_submissions

COUNTRIES = list(COUNTRY_CODES)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+32 2 123", "-1+1", "@SUM(A1)", "\tcmd", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "abc", "18-24", "55+", "O'Brien", "1=1"])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_written_text_cells_are_neutralised(tmp_path):
    table = OpenTable(name="t", instrument=get_instrument("victim"),
                      fields=[{"name": "note", "type": "string"}, {"name": "n", "type": "integer"}],
                      rows=[{"note": "=1+1", "n": -3}, {"note": "@home", "n": 2}])
    path = tmp_path / "t.csv"
    write_table_csv(path, table)
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["note", "n"], ["'=1+1", "-3"], ["'@home", "2"]]


@pytest.mark.parametrize("age, band", [(18, "18-24"), (24, "18-24"), (25, "25-34"), (54, "45-54"), (55, "55+"),
                                       (99, "55+"), (17, None), (None, None), ("30", None)])
def test_age_bands(age, band):
    assert age_band(age) == band


def test_integer_bands():
    assert [integer_band(v) for v in (0, 4, 5, 19, 20, 60, -1)] == ["0-4", "0-4", "5-9", "10-19", "20+", "20+", None]


QI = ["country", "gender", "age_band"]


def test_small_groups_are_suppressed_by_hand_example():
    rows = [{"country": "BE", "gender": "Female", "age_band": "18-24"}] * 5 \
        + [{"country": "BE", "gender": "Female", "age_band": "25-34"}] * 2 \
        + [{"country": "BE", "gender": "Male", "age_band": "25-34"}] * 3 \
        + [{"country": "FR", "gender": "Male", "age_band": "35-44"}] * 1
    result = suppress_small_groups(rows, QI, k=5)
    counts = Counter(tuple(r[q] for q in QI) for r in result.rows)
    # The five BE/Female/18-24 stay whole. Age goes for the other six; BE/Female/* (2) and BE/Male/* (3)
    # are still small, so sex goes too: BE/*/* has 5. FR (1) loses all and is left out.
    assert counts == {("BE", "Female", "18-24"): 5, ("BE", SUPPRESSED, SUPPRESSED): 5}
    assert result.rows_dropped == 1
    assert result.by_attribute == {"age_band": 6, "gender": 6, "country": 1}
    assert rows[5] == {"country": "BE", "gender": "Female", "age_band": "25-34"}  # input untouched


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["BE", "FR"]), st.sampled_from(["Female", "Male", None]),
                          st.sampled_from(["18-24", "25-34", "35-44"])), max_size=60),
       st.integers(min_value=2, max_value=6))
def test_every_released_combination_has_at_least_k_rows(values, k):
    rows = [dict(zip(QI, v), scale=i) for i, v in enumerate(values)]
    result = suppress_small_groups(rows, QI, k=k)
    assert all(n >= k for n in group_sizes(result.rows, QI).values())
    big = {key for key, n in group_sizes(rows, QI).items() if n >= k}
    kept = [r for r in rows if tuple(r[q] for q in QI) in big]
    assert all(r in result.rows for r in kept)  # rows already in big groups are released untouched
    assert len(result.rows) + result.rows_dropped == len(rows)


def records(instrument, n, seed=1):
    return [InterviewRecord(country=s.country, answers=s.answers)
            for s in sample_submissions(instrument, n, seed=seed, countries=("BE", "FR"))]


def test_the_victim_table_holds_no_open_text_no_exact_age_and_no_codes():
    victim = get_instrument("victim")
    table = build_table(victim, records(victim, 60), COUNTRIES)
    names = table.field_names()
    assert names[:5] == ["country", "gender", "age_band", "citizenship_group", "exploitation_form"]
    assert {"isSexualExploit", "isForcedLabour", "isOtherExploit"} <= set(names)
    assert not {q.id for q in victim.questions() if q.type == "text"} & set(names)
    assert not {"sd_age", "sd_gender", "sd_citizenship", "sd_exploitation", "respondent_code"} & set(names)
    assert "b2_helpline" in names and "a_scale" in names
    quasi = ["country", "gender", "citizenship_group", "exploitation_form", "age_band"]
    assert all(n >= 5 for n in group_sizes(table.rows, quasi).values())


def test_ctdc_flags_follow_the_exploitation_form_even_when_it_is_withheld():
    victim = get_instrument("victim")
    table = build_table(victim, records(victim, 40, seed=9), COUNTRIES)
    for row in table.rows:
        form = row["exploitation_form"]
        flags = (row["isSexualExploit"], row["isForcedLabour"], row["isOtherExploit"])
        if form == SUPPRESSED:
            assert flags == (SUPPRESSED,) * 3
        elif form == "other":
            # Issue 15: Eurostat's "other forms" hold forced begging and criminality, forced labour to CTDC.
            assert flags == (0, None, None)
        else:
            assert flags == (int(form == "sexual"), int(form == "labour"), int(form == "other"))


def test_exploitation_forms_fall_into_eurostat_groups():
    victim = get_instrument("victim")
    answers = {"sd_exploitation": "domestic_servitude", "sd_gender": "female", "sd_age": 30,
               "sd_citizenship": "third_country"}
    table = build_table(victim, [InterviewRecord("BE", answers)] * 5, COUNTRIES)
    row = table.rows[0]
    assert (row["exploitation_form"], row["isForcedLabour"], row["gender"], row["age_band"],
            row["citizenship_group"]) == ("labour", 1, "F", "30-38", "NEU27_2020_FOR")  # Eurostat's codes (issue 15)


def test_identifying_fields_of_professionals_never_appear():
    provider = get_instrument("service_provider")
    table = build_table(provider, records(provider, 10), COUNTRIES)
    assert not {q.id for q in provider.questions() if q.is_sensitive} & set(table.field_names())
    assert "sd_years_with_organisation_band" in table.field_names()
    assert "q12_rank_housing" in table.field_names()


def test_the_package_validates_with_frictionless(tmp_path):
    tables = [build_table(get_instrument(i), records(get_instrument(i), 40, seed=4), COUNTRIES) for i in BUILTIN_IDS]
    path = write_datapackage(tmp_path / "pkg", tables, study_name="Test", synthetic=True)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(path.read_text())
    assert [r["name"] for r in descriptor["resources"]] == ["policymaker", "service_provider", "victim", "codelists",
                                                            "crosswalk"]
    assert "SYNTHETIC" in descriptor["title"] and descriptor["fiit"]["k"] == 5
    package = frictionless.Package(str(path))
    victim = package.get_resource("victim").read_rows()
    assert len(victim) == len(tables[2].rows)
    codes = {(r["field"], r["code"]): r for r in package.get_resource("codelists").read_rows()}
    assert codes[("citizenship_group", "EU27_2020_FOR")]["eurostat"] == "EU27_2020_FOR"
    assert codes[("gender", "F")]["ctdc"] == "Woman"


def test_the_package_goes_only_into_an_empty_folder(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(InteropError, match="is not empty"):
        write_datapackage(tmp_path, [], study_name="Test", synthetic=False)


@pytest.mark.django_db
def test_exported_from_the_database_without_open_text(tmp_path, keyfile):
    from fiit.db.imports import choose_study, run_import
    from fiit.db.tables import countries, interview_records
    from tests.interop.samples import write_kobo_csv

    study, _ = choose_study(None, create=True)
    tables = []
    for instrument_id in BUILTIN_IDS:
        instrument = get_instrument(instrument_id)
        subs = list(sample_submissions(instrument, 25, seed=random.Random(instrument_id).randint(0, 99)))
        run_import(write_kobo_csv(tmp_path / f"{instrument_id}.csv", instrument, subs), instrument, "kobo",
                   keyfile=keyfile, study=study)
        recs = list(interview_records(study, instrument))
        assert len(recs) == 25
        assert all(not instrument.question(q).is_sensitive for r in recs for q in r.answers)
        tables.append(build_table(instrument, recs, countries()))
    path = write_datapackage(tmp_path / "pkg", tables, study_name=study.name, synthetic=False)
    assert frictionless.validate(str(path)).valid
    everything = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "pkg").iterdir())
    for phrase in ("caseworker listened", "meant it, twice", "Line one", "K-", "uuid"):
        assert phrase not in everything
