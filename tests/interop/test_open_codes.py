"""The open data's codes: Eurostat's where Eurostat has the dimension, a tested crosswalk to CTDC (issue 15, item 9)."""

import csv
import json

import frictionless
import numpy as np
import pandas as pd
import pytest

from fiit.frameworks import COUNTRY_CODES
from fiit.instruments import get_instrument
from fiit.interop.opendata.codelists import DERIVED, crosswalk, open_age_band
from fiit.interop.opendata.datapackage import InterviewRecord, build_table, write_datapackage
from fiit.interop.opendata.disclosure import SUPPRESSED
from tests.interop.samples import sample_submissions

# Written here from Eurostat's code lists, apart from the code under test.
EUROSTAT_SEX = {"F", "M", "T", "UNK"}
EUROSTAT_CITIZEN = {"NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "STLS", "UNK", "TOTAL"}
EUROSTAT_GEO = {"BE": "BE", "FR": "FR", "HU": "HU", "IT": "IT", "GB": "UK", "GR": "EL"}
CTDC_AGE_BROAD = ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"]


def victim_table(n=120, k=3):
    victim = get_instrument("victim")
    records = [InterviewRecord(country=s.country, answers=s.answers) for s in sample_submissions(victim, n, seed=5)]
    return build_table(victim, records, sorted(COUNTRY_CODES), k=k), records


def test_published_codes_are_eurostats():
    table, _ = victim_table()
    enums = {f["name"]: f.get("constraints", {}).get("enum") for f in table.fields}
    assert set(enums["gender"]) <= EUROSTAT_SEX
    assert set(enums["citizenship_group"]) <= EUROSTAT_CITIZEN
    assert set(enums["country"]) == {EUROSTAT_GEO[c] for c in COUNTRY_CODES}
    assert "UK" in enums["country"] and "GB" not in enums["country"]


def test_every_published_code_is_in_the_crosswalk_with_a_source():
    rows = crosswalk()
    listed = {(c.column, c.code) for c in rows}
    for d in DERIVED:
        for code in d.code_values():
            assert (d.name, code) in listed
    assert all(c.source for c in rows)
    assert {(c.column, c.code) for c in rows if c.own} == \
        {("age_band", b) for b in ("18-29", "30-38", "39-47", "48+")} | \
        {("exploitation_form", g) for g in ("sexual", "labour", "other")}
    by = {(c.column, c.code): c for c in rows}
    assert by[("country", "UK")].fiit == "GB"
    assert by[("gender", "F")].ctdc == "gender=Woman" and by[("gender", "M")].ctdc == "gender=Man"


def test_the_age_bands_are_unions_of_ctdc_age_broad():
    def span(value):
        low, _, high = value.partition("--")
        return (int(value.rstrip("+")), None) if value.endswith("+") else (int(low), int(high))

    adult = [v for v in CTDC_AGE_BROAD if span(v)[0] >= 18]
    rows = [c for c in crosswalk() if c.column == "age_band"]
    covered = [v.removeprefix("ageBroad=") for c in rows for v in c.ctdc.split()]
    assert sorted(covered, key=CTDC_AGE_BROAD.index) == adult  # each adult ageBroad value in exactly one band
    for age in range(18, 100):
        band = open_age_band(age)
        [row] = [c for c in rows if c.code == band]
        assert any(span(v)[0] <= age and (span(v)[1] is None or age <= span(v)[1])
                   for v in (x.removeprefix("ageBroad=") for x in row.ctdc.split()))


def test_begging_and_criminality_are_not_counted_as_ctdc_other():
    [other] = [c for c in crosswalk() if c.column == "exploitation_form" and c.code == "other"]
    assert {"forced_begging", "forced_criminality"} <= set(other.fiit.split())
    assert "forced labour" in other.note and "isOtherExploit" in other.note
    table, _ = victim_table()
    for row in table.rows:
        if row["exploitation_form"] == "other":
            assert (row["isForcedLabour"], row["isOtherExploit"]) == (None, None)


@pytest.mark.parametrize("countries", [("GB", "BE"), ("BE", "FR", "HU", "IT", "GB")])
def test_victim_counts_merge_with_a_eurostat_table_by_code_without_loss(tmp_path, countries):
    victim = get_instrument("victim")
    records = [InterviewRecord(country=s.country, answers=s.answers)
               for s in sample_submissions(victim, 300, seed=5, countries=countries)]
    table = build_table(victim, records, sorted(COUNTRY_CODES), k=2)
    path = write_datapackage(tmp_path / "pkg", [table], study_name="Merge test", synthetic=True, k=2)
    everyone = pd.DataFrame(frictionless.Package(str(path)).get_resource("victim").read_rows())
    assert len(everyone) + table.rows_dropped == len(records)
    # Merge on every dimension disclosure control left published, with Eurostat's names for them.
    dimensions = {"country": ("geo", set(EUROSTAT_GEO.values())), "gender": ("sex", {"F", "M"}),
                  "citizenship_group": ("citizen", {"NAT", "EU27_2020_FOR", "NEU27_2020_FOR"})}
    keys = [c for c in dimensions if everyone[c].isin(dimensions[c][1]).any()]
    assert len(keys) >= 2, keys
    published = everyone[np.logical_and.reduce([everyone[c].isin(dimensions[c][1]) for c in keys])]
    counts = published.groupby(keys).size().rename("fiit").reset_index()
    # A table shaped as Eurostat's crim_thb_vctz (geo, sex, citizen, value), every combination present.
    eurostat = pd.DataFrame([{"geo": geo, "sex": sex, "citizen": citizen, "OBS_VALUE": 100}
                             for geo in EUROSTAT_GEO.values() for sex in ("F", "M")
                             for citizen in ("NAT", "EU27_2020_FOR", "NEU27_2020_FOR")])
    eurostat = eurostat.groupby([dimensions[c][0] for c in keys], as_index=False)["OBS_VALUE"].sum()
    merged = counts.merge(eurostat, left_on=keys, right_on=[dimensions[c][0] for c in keys], how="left",
                          indicator=True)
    assert (merged["_merge"] == "both").all()  # every published code is Eurostat's
    assert merged["fiit"].sum() == len(published) > 0  # no respondent lost in the merge
    if "country" in keys:
        assert ("UK" in set(merged["geo"])) == ("GB" in countries)


def test_the_package_declares_a_licence_terms_and_sources_and_validates(tmp_path):
    table, _ = victim_table()
    path = write_datapackage(tmp_path / "pkg", [table], study_name="T", synthetic=True, k=3)
    assert frictionless.validate(str(path)).valid
    descriptor = json.loads(path.read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "re-identify" in descriptor["fiit"]["terms_of_use"]
    assert any("dd.eionet.europa.eu/vocabulary/eurostat/sex" in s["title"] for s in descriptor["sources"])
    with (tmp_path / "pkg" / "crosswalk.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"column", "code", "eurostat", "ctdc", "own", "source"} <= set(rows[0])
    assert SUPPRESSED not in {r["code"] for r in rows}
