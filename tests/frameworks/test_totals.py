"""Totals computed from the rows against the totals printed in the seed.

Every expected number below was copied by hand from Annex 2 of the seed
(000_f17bc461c19ce60f.txt, lines 2545-2637), not from the data files.
"""

from __future__ import annotations

import dataclasses

import pytest

from fiit.frameworks import check_totals, load_framework, load_frameworks


def _series(fw, table, category):
    return next(s for s in fw.series(table) if s.category == category)


def _printed_checks(fw):
    return {c.series: c for c in check_totals(fw) if c.kind == "printed_total"}


# -- permits issued -----------------------------------------------------------

def test_belgium_permits_2006_2011_add_up_to_the_printed_totals():
    fw = load_framework("BE")
    # Seed lines 2549-2556: 744+612+700+712+634+584 = 3986; 59+...+69 = 577; 238+...+132 = 1025.
    assert fw.permits_total() == {"unassigned_1": 3986, "unassigned_2": 577, "unassigned_3": 1025}
    for category, printed in (("unassigned_1", 3986), ("unassigned_2", 577), ("unassigned_3", 1025)):
        s = _series(fw, "permits_issued", category)
        assert s.printed_total == printed
        assert s.computed_total() == printed
        assert s.unknown_periods() == ["2004", "2005"]
    checks = _printed_checks(fw)
    assert all(checks[f"permits_issued/unassigned_{i}"].ok for i in (1, 2, 3))
    assert checks["permits_issued/unassigned_1"].message == (
        "Belgium, residence permits issued – printed column 1 of 3 (category not recoverable): "
        "the yearly rows with a figure add up to 3986, as printed (no figure for 2004, 2005)."
    )


def test_belgium_yearly_permit_rows_as_printed():
    fw = load_framework("BE")
    col1 = _series(fw, "permits_issued", "unassigned_1")
    assert [(r.period, r.value) for r in col1.rows] == [
        ("2004", None), ("2005", None), ("2006", 744), ("2007", 612), ("2008", 700),
        ("2009", 712), ("2010", 634), ("2011", 584),
    ]


def test_france_permits_add_up_and_na_is_unknown_not_zero():
    fw = load_framework("FR")
    assert fw.permits_total() == {"unassigned_1": 749, "unassigned_2": 607}
    col2 = _series(fw, "permits_issued", "unassigned_2")
    assert col2.row("2011").value is None  # printed "N/A"
    assert col2.printed_total == 607
    checks = _printed_checks(fw)
    assert checks["permits_issued/unassigned_1"].ok
    assert checks["permits_issued/unassigned_2"].ok
    assert "no figure for 2011" in checks["permits_issued/unassigned_2"].message


def test_italy_permits_add_up_to_5911_and_4():
    fw = load_framework("IT")
    # Column 1 is the permits under the specific legislation for victims (art. 18): issue 12's correction.
    assert fw.permits_total() == {"specific_legislation": 5911, "unassigned_2": 4}
    col1 = _series(fw, "permits_issued", "specific_legislation")
    assert [(r.period, r.value) for r in col1.rows] == [("2004-2010", 3805), ("2011", 2106)]
    assert all(c.ok for c in _printed_checks(fw).values())


def test_united_kingdom_permits_48_and_162():
    fw = load_framework("GB")
    assert fw.permits_total() == {"cooperation_permit": 48, "asylum_humanitarian_or_discretionary": 162}
    for s in fw.permits_issued:
        assert [r.period for r in s.rows] == ["2009-04-01/2011-03-31"]
    assert all(c.ok for c in _printed_checks(fw).values())


# -- identified victims, gender, exploitation ----------------------------------

def test_hungary_identified_victims_2009_2012_total_181():
    fw = load_framework("HU")
    s = _series(fw, "identified_victims", "total")
    assert [(r.period, r.value) for r in s.rows] == [("2009", 3), ("2010", 16), ("2011", 20), ("2012", 142)]
    assert fw.identified_victims_total() == 181
    assert s.printed_total == 181
    assert _printed_checks(fw)["identified_victims/total"].ok


def test_hungary_gender_matches_identified_victims_year_by_year():
    fw = load_framework("HU")
    assert _series(fw, "victims_by_gender", "female").computed_total() == 173
    assert _series(fw, "victims_by_gender", "male").computed_total() == 8
    cross = [c for c in check_totals(fw) if c.kind == "gender_vs_identified"]
    assert [(c.period, c.computed, c.printed, c.ok) for c in cross] == [
        ("2009", 3, 3, True), ("2010", 16, 16, True), ("2011", 20, 20, True),
        ("2012", 142, 142, True), (None, 181, 181, True),
    ]


def test_hungary_exploitation_total_does_not_match_and_is_reported():
    fw = load_framework("HU")
    # Seed line 2637: exploitation totals printed 154 (sexual) and 8 (labour); nothing for other.
    assert _series(fw, "victims_by_exploitation", "sexual").printed_total == 154
    assert _series(fw, "victims_by_exploitation", "labour").printed_total == 8
    other = _series(fw, "victims_by_exploitation", "other")
    assert other.printed_total is None and other.computed_total() is None
    failing = [c for c in check_totals(fw) if not c.ok]
    assert {c.kind for c in failing} == {"exploitation_vs_gender", "exploitation_vs_identified"}
    for c in failing:
        assert c.computed == 162 and c.printed == 181
        assert c.message.startswith("Hungary, victims by form of exploitation")
        assert "162" in c.message and "181" in c.message
    vs_identified = next(c for c in failing if c.kind == "exploitation_vs_identified")
    assert "but the identified victims total printed is 181" in vs_identified.message


def test_belgium_gender_and_exploitation_totals():
    fw = load_framework("BE")
    expected = {
        ("victims_by_gender", "female"): 479,
        ("victims_by_gender", "male"): 443,
        ("victims_by_exploitation", "sexual"): 267,
        ("victims_by_exploitation", "labour"): 495,
        ("victims_by_exploitation", "other"): 160,
    }
    for (table, category), total in expected.items():
        s = _series(fw, table, category)
        assert s.computed_total() == total
        assert s.printed_total == total
        assert [r.period for r in s.rows] == ["2006", "2007", "2008", "2009", "2010", "2011"]


def test_belgium_exploitation_matches_gender_every_year():
    fw = load_framework("BE")
    cross = [c for c in check_totals(fw) if c.kind == "exploitation_vs_gender"]
    # Row sums by hand: 87+73=160, 90+88=178, 92+82=174, 65+59=124, 79+58=137, 66+83=149; 922 in all.
    assert [(c.period, c.computed) for c in cross] == [
        ("2006", 160), ("2007", 178), ("2008", 174), ("2009", 124), ("2010", 137), ("2011", 149), (None, 922),
    ]
    assert all(c.ok for c in cross)


def test_every_printed_total_matches_its_rows_in_every_country():
    for fw in load_frameworks().values():
        for c in check_totals(fw):
            if c.kind == "printed_total":
                assert c.ok, c.message


def test_only_hungarys_exploitation_checks_fail():
    failing = [(c.country_code, c.kind) for fw in load_frameworks().values() for c in check_totals(fw) if not c.ok]
    assert sorted(failing) == [("HU", "exploitation_vs_gender"), ("HU", "exploitation_vs_identified")]


def test_identified_victims_total_is_none_where_the_seed_gives_none():
    fws = load_frameworks()
    assert {code: fw.identified_victims_total() for code, fw in fws.items()} == {
        "BE": None, "FR": None, "HU": 181, "IT": None, "GB": None,
    }


# -- altered data --------------------------------------------------------------

def _with_row_changed(fw, table, category, period, value):
    new_series = []
    for s in getattr(fw, table):
        if s.category == category:
            rows = tuple(dataclasses.replace(r, value=value) if r.period == period else r for r in s.rows)
            s = dataclasses.replace(s, rows=rows)
        new_series.append(s)
    return dataclasses.replace(fw, **{table: tuple(new_series)})


def test_an_altered_yearly_value_gives_a_failing_check_naming_country_and_series():
    fw = load_framework("BE")
    altered = _with_row_changed(fw, "permits_issued", "unassigned_2", "2009", 171)  # printed: 170
    assert altered.permits_total()["unassigned_2"] == 578  # computed from the rows, never the printed total
    failing = [c for c in check_totals(altered) if not c.ok]
    assert len(failing) == 1
    check = failing[0]
    assert check.country == "Belgium" and check.country_code == "BE"
    assert check.series == "permits_issued/unassigned_2"
    assert (check.computed, check.printed) == (578, 577)
    assert check.message == (
        "Belgium, residence permits issued – printed column 2 of 3 (category not recoverable): "
        "the yearly rows with a figure add up to 578 (no figure for 2004, 2005) but the printed total is 577."
    )
    # the shipped framework itself is untouched
    assert all(c.ok for c in check_totals(load_framework("BE")))


def test_an_altered_gender_row_fails_its_total_and_the_cross_checks():
    fw = load_framework("HU")
    altered = _with_row_changed(fw, "victims_by_gender", "female", "2011", 19)  # printed: 18
    failing = {(c.kind, c.series, c.period) for c in check_totals(altered) if not c.ok}
    assert ("printed_total", "victims_by_gender/female", None) in failing
    assert ("gender_vs_identified", "victims_by_gender vs identified_victims", "2011") in failing
    assert ("gender_vs_identified", "victims_by_gender vs identified_victims", None) in failing
    msg = next(c.message for c in check_totals(altered) if c.kind == "gender_vs_identified" and c.period == "2011")
    assert msg == ("Hungary, victims by gender vs identified victims, 2011: female and male add up to 21, "
                   "but 20 identified victims are printed.")


def test_an_altered_exploitation_row_fails_the_yearly_cross_check():
    fw = load_framework("BE")
    altered = _with_row_changed(fw, "victims_by_exploitation", "labour", "2008", 100)  # printed: 104
    failing = [c for c in check_totals(altered) if not c.ok]
    kinds = sorted((c.kind, c.period or "") for c in failing)
    assert kinds == [("exploitation_vs_gender", ""), ("exploitation_vs_gender", "2008"), ("printed_total", "")]
    assert all("Belgium" in c.message for c in failing)


@pytest.mark.parametrize("code", ["BE", "FR", "HU", "IT", "GB"])
def test_check_messages_are_plain_sentences(code):
    fw = load_framework(code)
    for c in check_totals(fw):
        assert c.message.startswith(fw.name["en"] + ",")
        assert c.message.endswith(".")
        assert c.to_dict()["ok"] is c.ok
