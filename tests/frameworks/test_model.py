"""The framework model: round trips, unknown values, sources, and the seed's facts.

Expected facts are written by hand from the seed's narrative (Chapter 'Status')
and Annex 2, not copied from the data files.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from fiit.frameworks import CountryFramework, Fact, framework_from_dict, load_framework, load_frameworks
from fiit.frameworks.model import ACCESS_ROUTES, GROUPS, SERVICE_KEYS

CODES = ["BE", "FR", "HU", "IT", "GB"]


@pytest.mark.parametrize("code", CODES)
def test_to_dict_round_trips(code):
    fw = load_framework(code)
    data = fw.to_dict()
    assert framework_from_dict(data) == fw
    # and through JSON
    again = framework_from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == fw
    assert again.to_dict() == data


@pytest.mark.parametrize("code", CODES)
def test_unknown_values_stay_none_through_a_round_trip(code):
    fw = load_framework(code)
    again = framework_from_dict(json.loads(json.dumps(fw.to_dict())))
    assert again.unknown_facts() == fw.unknown_facts()
    assert again.unknown_rows() == fw.unknown_rows()
    for path, fact in again.facts():
        if path in fw.unknown_facts():
            assert fact.value is None


def test_specific_unknowns_are_none_not_false_or_zero():
    fws = load_frameworks()
    assert fws["BE"].third_country.public_provider.value is None
    assert fws["GB"].third_country.public_provider.value is None
    assert fws["FR"].third_country.assisted_voluntary_return.value is None
    assert fws["IT"].reflection_period.days.value is None
    fr_col2 = next(s for s in fws["FR"].permits_issued if s.category == "unassigned_2")
    assert fr_col2.row("2011").value is None  # "N/A" in the seed
    hu_other = next(s for s in fws["HU"].victims_by_exploitation if s.category == "other")
    assert [r.value for r in hu_other.rows] == [None]


@pytest.mark.parametrize("code", CODES)
def test_every_value_has_a_source_and_every_unknown_a_note(code):
    fw = load_framework(code)
    for path, fact in fw.facts():
        assert fact.source.strip(), path
        assert "seed line" in fact.source, path
        if fact.value is None:
            assert fact.note, f"{path} is unknown but has no note saying why"
    for s in fw.series():
        assert s.source.strip(), s.key
        assert s.label.get("en") and s.label.get("nl"), s.key


@pytest.mark.parametrize("code", CODES)
def test_descriptive_texts_are_in_english_and_dutch(code):
    fw = load_framework(code)
    assert set(fw.name) == {"en", "nl", "fr", "it", "hu"}
    for path, fact in fw.facts():
        if fact.text:
            assert fact.text.get("en") and fact.text.get("nl"), path


def test_frameworks_are_frozen():
    fw = load_framework("BE")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fw.code = "FR"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fw.reflection_period.days.value = 46  # type: ignore[misc]


def test_reflection_periods_as_in_the_narrative():
    fws = load_frameworks()
    got = {c: (fw.reflection_period.days.value, fw.reflection_period.formal.value, fw.reflection_period.applied.value)
           for c, fw in fws.items()}
    assert got == {
        "BE": (45, True, True),
        "FR": (30, True, True),
        "HU": (30, True, False),   # in law, not yet applied
        "IT": (None, False, True),  # no formal period; de facto three months
        "GB": (45, True, True),
    }


def test_access_to_legal_status_as_in_the_narrative():
    fws = load_frameworks()
    got = {c: tuple(getattr(fw.legal_status_access, r).value for r in ACCESS_ROUTES) for c, fw in fws.items()}
    # (directive 2004/81, specific legislation, refugee status, other international protection)
    assert got == {
        "BE": (True, True, True, True),
        "FR": (True, True, True, False),
        "HU": (True, True, True, True),
        "IT": (False, True, True, True),   # not transposed: 1998/2003 laws already complied
        "GB": (True, True, True, False),
    }
    assert "single mark" in fws["HU"].legal_status_access.directive_2004_81.note


def test_permit_aspects_as_in_the_table():
    fws = load_frameworks()
    durations = {c: [s.duration_months.value for s in fw.permit.stages] for c, fw in fws.items()}
    assert durations == {"BE": [3, 6], "FR": [12], "HU": [6], "IT": [6], "GB": [12]}
    assert all(fw.permit.renewal.value is True for fw in fws.values())
    assert all(fw.permit.conversion.value is True for fw in fws.values())
    assert "Tot vijf jaar" in fws["GB"].permit.renewal.text["nl"]
    assert "six months" in fws["FR"].permit.stages[0].duration_months.note  # the recorded conflict


def test_assistance_providers_and_return():
    fws = load_frameworks()
    be, hu, it = fws["BE"], fws["HU"], fws["IT"]
    assert be.third_country.private_provider.value is True
    assert "Sürya" in be.third_country.private_provider.text["en"]
    assert hu.third_country.assisted_voluntary_return.value is False
    assert "standard AVR" in hu.third_country.assisted_voluntary_return.text["en"]
    assert it.third_country.assisted_voluntary_return.value is True
    assert it.eu.assisted_voluntary_return.value is False  # narrative: AVR for third-country nationals only
    assert "Department for Equal Opportunities" in it.third_country.services.other.text["en"]


@pytest.mark.parametrize("code", CODES)
def test_facts_cover_every_field(code):
    fw = load_framework(code)
    paths = [p for p, _ in fw.facts()]
    assert len(paths) == len(set(paths))
    expected = 3 + len(ACCESS_ROUTES) + len(fw.permit.stages) + 2 + len(fw.groups()) * (3 + len(SERVICE_KEYS))
    assert fw.groups()[:len(GROUPS)] == GROUPS
    assert len(paths) == expected
    assert all(isinstance(f, Fact) for _, f in fw.facts())
    assert isinstance(fw, CountryFramework)


def test_the_core_imports_neither_django_nor_click():
    code = (
        "import sys, fiit.frameworks as f; f.load_frameworks(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'click')]; "
        "sys.exit(1 if bad else 0)"
    )
    import fiit

    src = str(__import__("pathlib").Path(fiit.__file__).parent.parent)
    result = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
