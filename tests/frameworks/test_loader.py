"""Loading framework files: shipped files load, bad files give problems, not exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiit.frameworks import (
    COUNTRY_CODES,
    FrameworkError,
    framework_from_dict,
    load_framework,
    load_framework_file,
    load_frameworks,
)
from fiit.frameworks import loader

DATA_DIR = Path(loader.__file__).parent / "data"

# A small but complete framework file, written by hand.
VALID = """\
code: BE
name: {en: Belgium, nl: België, fr: Belgique, it: Belgio, hu: Belgium}
seed: "test seed"
reflection_period:
  days: {value: 45, source: "Chapter 'Status', section 'Belgium'"}
  formal: {value: true, source: "Chapter 'Status', section 'Summary'"}
  applied: {value: true, source: "Chapter 'Status', section 'Summary'"}
legal_status_access:
  directive_2004_81: &unknown {value: null, source: "Annex 2, table 'Access to legal status'", note: "Marks lost."}
  specific_legislation: *unknown
  refugee_status: *unknown
  other_international_protection: *unknown
permit:
  stages:
    - name: {en: Permit, nl: Vergunning}
      duration_months: {value: 6, source: "Annex 2, table 'Aspects of the residence permit'"}
  renewal: {value: true, source: "Annex 2", text: {en: "Once.", nl: "Eenmaal."}}
  conversion: *unknown
permits_issued:
  - category: unassigned_1
    label: {en: "Column 1", nl: "Kolom 1"}
    source: "Annex 2, table 'Residence permits issued'"
    rows:
      - {period: "2006", value: 744}
      - {period: "2007", value: 612}
    printed_total: 1356
identified_victims: []
victims_by_gender: []
victims_by_exploitation: []
narrative_figures: []
third_country: &group
  public_provider: *unknown
  private_provider: {value: true, source: "Annex 2", text: {en: "NGOs.", nl: "NGO's."}}
  services:
    specialised_shelters: *unknown
    language_courses: *unknown
    vocational_training: *unknown
    job_placement: *unknown
    legal_services: *unknown
    psychosocial_support: *unknown
    other: *unknown
  assisted_voluntary_return: *unknown
eu: *group
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _variant(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


# -- shipped files ---------------------------------------------------------------

def test_load_frameworks_in_the_seed_order():
    fws = load_frameworks()
    assert list(fws) == ["BE", "FR", "HU", "IT", "GB"] == list(COUNTRY_CODES)
    assert {code: fw.code for code, fw in fws.items()} == {c: c for c in COUNTRY_CODES}
    assert fws["GB"].name["en"] == "United Kingdom"


@pytest.mark.parametrize("code", ["be", "fr", "hu", "it", "gb"])
def test_shipped_files_have_no_problems(code):
    result = load_framework_file(DATA_DIR / f"{code}.yaml")
    assert result.problems == []
    assert result.valid
    assert result.framework == load_framework(code)


def test_country_codes_are_case_insensitive_and_uk_means_gb():
    assert load_framework("be") is load_framework("BE")
    assert load_framework("UK").code == "GB"


def test_unknown_country_code_raises_a_clear_error():
    with pytest.raises(FrameworkError, match="no framework for country code 'NL'"):
        load_framework("NL")


def test_a_broken_shipped_file_raises_framework_error(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "be.yaml").write_text(VALID.replace('seed: "test seed"\n', ""), encoding="utf-8")

    class FakeResources:
        @staticmethod
        def files(package):
            return tmp_path

    loader._load_shipped.cache_clear()
    monkeypatch.setattr(loader, "resources", FakeResources)
    try:
        with pytest.raises(FrameworkError) as info:
            load_framework("BE")
        assert "shipped framework file has problems" in str(info.value)
        assert [p.code for p in info.value.problems] == ["missing_key"]
    finally:
        monkeypatch.undo()
        loader._load_shipped.cache_clear()


# -- problem reports -------------------------------------------------------------

def test_the_hand_written_file_is_valid(tmp_path):
    result = load_framework_file(_write(tmp_path, VALID))
    assert result.problems == []
    fw = result.framework
    assert fw.permits_total() == {"unassigned_1": 1356}
    assert fw.legal_status_access.refugee_status.value is None
    assert fw.eu == fw.third_country


def test_missing_source_is_reported(tmp_path):
    path = _write(tmp_path, _variant(
        """days: {value: 45, source: "Chapter 'Status', section 'Belgium'"}""", "days: {value: 45}"))
    result = load_framework_file(path)
    assert result.framework is None
    assert [(p.code, p.path) for p in result.problems] == [("missing_source", "reflection_period.days.source")]
    problem = result.problems[0]
    assert problem.file == str(path)
    assert "no source" in problem.message and "seed" in problem.message
    assert str(problem).startswith(f"[{path}, reflection_period.days.source]")


def test_missing_series_source_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant(
        """    source: "Annex 2, table 'Residence permits issued'"\n""", "")))
    assert [(p.code, p.path) for p in result.problems] == [("missing_source", "permits_issued[0].source")]


def test_unknown_key_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant(
        "formal: {value: true,", "formal: {valeu: true, value: true,")))
    assert [(p.code, p.path) for p in result.problems] == [("unknown_key", "reflection_period.formal.valeu")]
    assert "unknown key 'valeu'" in result.problems[0].message
    assert "value, source, note, text" in result.problems[0].message


def test_unknown_top_level_key_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, VALID + "colour: red\n"))
    assert [(p.code, p.path) for p in result.problems] == [("unknown_key", "colour")]


def test_wrong_type_of_value_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant("days: {value: 45,", 'days: {value: "forty-five",')))
    assert [(p.code, p.path) for p in result.problems] == [("wrong_type", "reflection_period.days.value")]
    assert result.problems[0].message == (
        "expected a whole number of 0 or more (or null for unknown), got the text 'forty-five'."
    )


def test_wrong_type_of_yes_no_value_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant("applied: {value: true,", "applied: {value: 1,")))
    assert [(p.code, p.path) for p in result.problems] == [("wrong_type", "reflection_period.applied.value")]
    assert "true or false" in result.problems[0].message


def test_wrong_type_in_a_count_row_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant(
        '{period: "2006", value: 744}', '{period: "2006", value: "744"}')))
    assert [(p.code, p.path) for p in result.problems] == [("wrong_type", "permits_issued[0].rows[0].value")]


def test_bad_period_and_duplicate_period_are_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant('{period: "2007",', '{period: "2006",')))
    assert [(p.code, p.path) for p in result.problems] == [("duplicate_period", "permits_issued[0].rows[1].period")]
    result = load_framework_file(_write(tmp_path, _variant('{period: "2007",', "{period: 2007,")))
    assert [(p.code, p.path) for p in result.problems] == [("bad_period", "permits_issued[0].rows[1].period")]


def test_missing_dutch_text_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant('text: {en: "Once.", nl: "Eenmaal."}', 'text: {en: "Once."}')))
    assert [(p.code, p.path) for p in result.problems] == [("missing_language", "permit.renewal.text.nl")]


def test_several_problems_are_all_reported(tmp_path):
    text = _variant("days: {value: 45,", 'days: {value: "x",')
    text = text.replace("formal: {value: true,", "formal: {valeu: true, value: true,")
    text = text.replace("""applied: {value: true, source: "Chapter 'Status', section 'Summary'"}""",
                        "applied: {value: true}")
    result = load_framework_file(_write(tmp_path, text))
    assert sorted((p.code, p.path) for p in result.problems) == [
        ("missing_source", "reflection_period.applied.source"),
        ("unknown_key", "reflection_period.formal.valeu"),
        ("wrong_type", "reflection_period.days.value"),
    ]


def test_yaml_syntax_error_is_a_problem_not_an_exception(tmp_path):
    result = load_framework_file(_write(tmp_path, "code: BE\nname: {en: Belgium\n"))
    assert result.framework is None
    assert [p.code for p in result.problems] == ["yaml_syntax"]
    assert "not valid YAML" in result.problems[0].message


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    result = load_framework_file(tmp_path / "nope.yaml")
    assert [p.code for p in result.problems] == ["unreadable"]


def test_not_a_mapping_is_a_problem(tmp_path):
    result = load_framework_file(_write(tmp_path, "- just\n- a list\n"))
    assert [p.code for p in result.problems] == ["wrong_type"]


def test_bad_country_code_is_reported(tmp_path):
    result = load_framework_file(_write(tmp_path, _variant("code: BE", "code: NL")))
    assert [(p.code, p.path) for p in result.problems] == [("bad_code", "code")]


def test_framework_from_dict_raises_with_the_problems():
    import yaml

    data = yaml.safe_load(_variant("days: {value: 45,", "days: {value: -1,"))
    with pytest.raises(FrameworkError) as info:
        framework_from_dict(data)
    assert [(p.code, p.path) for p in info.value.problems] == [("wrong_type", "reflection_period.days.value")]
