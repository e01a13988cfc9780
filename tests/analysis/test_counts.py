import numpy as np
import pandas as pd
import pytest

from fiit.analysis import age_band, count_tables, interview_counts
from fiit.analysis.groups import is_na
from fiit.analysis.tables import conditions

from .frames import policymaker_frame, provider_frame, victim_frame


@pytest.mark.parametrize("age, band", [
    (18, "18-24"), (24, "18-24"), (25, "25-34"), (34, "25-34"), (35, "35-44"),
    (44, "35-44"), (45, "45+"), (99, "45+"), (17, None), (None, None)])
def test_age_bands(age, band):
    assert age_band(age) == band


@pytest.mark.parametrize("value", [None, 0, 7, -1, 2.5, float("nan"), float("inf"), "", "nan", True, False,
                                   np.nan, np.float32("nan"), np.int64(3), np.float64(4.0), pd.NA, pd.NaT,
                                   np.datetime64("NaT"), {"a": 1}])
def test_is_na_is_pandas_isna_of_one_value(value):
    assert is_na(value) == pd.isna(value)


def frames():
    victims = victim_frame([
        ("BE", "female", "eu", "sexual", 22, {}),
        ("BE", "female", "third_country", "labour", 30, {}),
        ("BE", "male", "third_country", "forced_criminality", None, {}),
        ("GB", "female", "national", "domestic_servitude", 45, {}),
    ])
    providers = provider_frame([("BE", ["housing"], ["housing"]), ("HU", [], None)])
    return {"victim": victims, "service_provider": providers,
            "policymaker": policymaker_frame(["GB", "GB"])}


def test_interviews_by_country_and_instrument():
    [interviews, *_] = count_tables(frames())
    assert interviews.rows == ("BE", "HU", "GB")
    assert interviews.columns == ("policymaker", "service_provider", "victim")
    values = [[interviews.cell(r, c).value for c in interviews.columns] for r in interviews.rows]
    assert values == [[0, 1, 3], [0, 1, 0], [2, 0, 1]]
    assert interviews.cell("BE", None).value == 4
    assert interviews.cell(None, "victim").value == 4
    assert interviews.cell(None, None).value == 8


def test_group_tables_and_not_stated():
    tables = {t.name: t for t in count_tables(frames())}
    assert set(tables) == {"interviews", "policymaker/gender", "policymaker/age",
                           "service_provider/gender", "service_provider/age",
                           "victim/gender", "victim/age", "victim/citizenship",
                           "victim/exploitation"}
    age = tables["victim/age"]
    assert age.columns == ("18-24", "25-34", "45+", "not_stated")
    assert [age.cell("BE", c).value for c in age.columns] == [1, 1, 0, 1]
    exploitation = tables["victim/exploitation"]
    assert exploitation.columns == ("sexual", "labour", "other")      # Eurostat groups
    assert exploitation.cell(None, "labour").value == 2               # labour + domestic servitude
    # the row totals of a victim table are the victim column of the interviews table
    assert age.cell("BE", None).key == tables["interviews"].cell("BE", "victim").key
    assert age.cell("BE", None).key == conditions({"instrument": "victim"}, country="BE")
    assert age.cell(None, None).key == tables["interviews"].cell(None, "victim").key


def test_interview_counts_records():
    counts = {(c.instrument, c.country, c.group): c.n for c in interview_counts(frames())}
    assert counts[(None, None, None)] == 8
    assert counts[("victim", "BE", None)] == 3
    assert counts[("victim", "BE", "gender=female")] == 2
    assert counts[("victim", None, "citizenship=third_country")] == 2
    assert counts[("victim", "BE", "age=not_stated")] == 1
    assert counts[("policymaker", "GB", "age=45+")] == 2
