"""The study vocabulary: the shipped files, the look-ups, and the problems a broken copy reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fiit.instruments import builtin_instruments
from fiit.vocabulary import SHIPPED_DIR, VocabularyError, read_vocabulary, vocabulary
from fiit.vocabulary import loader


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "vocabulary"
    shutil.copytree(SHIPPED_DIR, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_vocabulary_loads_without_problems():
    result = read_vocabulary(SHIPPED_DIR)
    assert result.problems == []
    assert result.vocabulary is not None


def test_the_five_countries_in_the_reports_order_with_iso_and_eurostat_codes():
    v = vocabulary()
    assert v.country_codes == ("BE", "FR", "HU", "IT", "GB")
    assert [c.eurostat for c in v.countries] == ["BE", "FR", "HU", "IT", "UK"]
    assert {c.code: c.language for c in v.countries} == {"BE": "nl", "FR": "fr", "HU": "hu", "IT": "it", "GB": "en"}
    # Eurostat's code finds the country as well as ISO's
    assert v.country("UK") is v.country("GB") is v.country("gb")
    assert v.country_name("GB", "hu") == "Egyesült Királyság"
    assert v.country_name("BE", "nl") == "België"
    assert v.country_name("XX", "nl") == "XX"  # not in the study: its code
    with pytest.raises(KeyError):
        v.country("DE")


def test_every_label_is_in_all_five_languages():
    v = vocabulary()
    five = {"en", "nl", "fr", "it", "hu"}
    assert set(v.language_codes) == five
    labelled = [c.name for c in v.countries] + [lang.name for lang in v.languages]
    for items in (v.themes, v.citizenship_groups, v.education_levels, v.exploitation_groups,
                  v.exploitation_forms, v.answer_states, v.framework_sections, v.framework_groups,
                  v.framework_aspects):
        labelled += [item.label for item in items]
    labelled += [a.long for a in v.framework_aspects if a.long] + [g.description for g in v.citizenship_groups]
    incomplete = [label for label in labelled if set(label) != five]
    assert incomplete == []


def test_a_missing_translation_reads_in_english(copy):
    edit(copy, "themes.yaml", "label: {en: Work, nl: Werk, fr: Travail, it: Lavoro, hu: Munka}",
         "label: {en: Work, nl: Werk}")
    v = read_vocabulary(copy).vocabulary
    assert v.theme_label("work", "nl") == "Werk"
    assert v.theme_label("work", "fr") == "Work"


def test_themes_are_those_the_instruments_name():
    v = vocabulary()
    assert v.theme_codes == ("status", "safety", "accommodation", "work", "welfare", "eu_vs_third_country")
    named = {t for inst in builtin_instruments().values() for s in inst.sections for q in s.questions
             for t in q.theme}
    assert named and named <= set(v.theme_codes)


def test_one_label_per_framework_aspect():
    v = vocabulary()
    assert v.aspect("permit.renewal").label_in("en") == "Renewal"
    assert v.aspect("permit.renewal").long_in("en") == "Renewal"  # not "Renewable" in the reports
    assert v.aspect("reflection_period.days").long_in("en") == "Reflection period (length)"
    assert v.theme_label("status", "en") == "Legal status"  # not "Status" in the reports


def test_exploitation_forms_fold_into_eurostats_three_groups():
    v = vocabulary()
    assert v.exploitation_group_codes == ("sexual", "labour", "other")
    assert dict(v.exploitation_group_of) == {
        "sexual": "sexual", "labour": "labour", "domestic_servitude": "labour",
        "forced_criminality": "other", "forced_begging": "other", "organ_removal": "other", "other": "other"}


def test_the_victim_instrument_asks_the_vocabularys_groups_and_levels():
    v = vocabulary()
    victim = builtin_instruments()["victim"]
    options = {q.id: [o.value for o in q.options] for s in victim.sections for q in s.questions}
    assert options["sd_citizenship"] == list(v.citizenship_codes)
    assert options["sd_exploitation"] == [f.code for f in v.exploitation_forms]
    assert options["sd_exploitation_forms"] == [f.code for f in v.exploitation_forms]
    assert options["residence_status"] == [s.code for s in v.residence_statuses]
    assert options["status_route"] == [r.code for r in v.status_routes]
    levels = {e.code for e in v.education_levels}
    for instrument in builtin_instruments().values():
        asked = {o.value for s in instrument.sections for q in s.questions if q.id == "sd_education"
                 for o in q.options}
        assert asked - {"prefer_not_to_say", "other"} <= levels


@pytest.mark.parametrize("age, published, statistics", [
    (18, "18-24", "18-24"), (24, "18-24", "18-24"), (25, "25-34", "25-34"), (44, "35-44", "35-44"),
    (45, "45-54", "45+"), (54, "45-54", "45+"), (55, "55+", "45+"), (90, "55+", "45+"), (17, None, None)])
def test_one_list_of_age_bands_at_two_resolutions(age, published, statistics):
    v = vocabulary()
    assert v.age_band(age) == published
    coarse = [label for label, low, high in v.statistics_age_bands if age >= low and (high is None or age <= high)]
    assert coarse == ([statistics] if statistics else [])


def test_citizenship_groups_carry_eurostats_citizen_codes():
    v = vocabulary()
    assert [(g.code, g.eurostat) for g in v.citizenship_groups] == [
        ("national", "NAT"), ("eu", "EU27_2020_FOR"), ("third_country", "NEU27_2020_FOR")]


@pytest.mark.parametrize("age, band", [(18, "18-29"), (29, "18-29"), (30, "30-38"), (38, "30-38"), (39, "39-47"),
                                       (47, "39-47"), (48, "48+"), (80, "48+"), (17, None)])
def test_the_open_datas_age_bands_join_ctdcs(age, band):
    v = vocabulary()
    assert v.open_data_age_band(age) == band
    assert [b.ctdc for b in v.open_data_age_bands][0] == ("18--20", "21--23", "24--26", "27--29")


def test_answer_states():
    v = vocabulary()
    assert [s.code for s in v.answer_states] == ["answered", "declined", "not_applicable", "unanswered", "not_asked"]
    from fiit.instruments.model import DECLINED
    assert [s.stored for s in v.answer_states if s.stored] == [DECLINED]


@pytest.mark.parametrize("name, old, new, code, where", [
    ("countries.yaml", "language: nl", "language: xx", "unknown_language", "countries[0].language"),
    ("countries.yaml", "code: FR", "code: BE", "duplicate_code", "countries[1]"),
    ("countries.yaml", "code: HU", "code: hun", "bad_code", "countries[2].code"),
    ("themes.yaml", "label: {en: Work, nl: Werk, fr: Travail, it: Lavoro, hu: Munka}",
     "label: {nl: Werk}", "no_english", "themes[3].label"),
    ("themes.yaml", "label: {en: Work, nl: Werk, fr: Travail, it: Lavoro, hu: Munka}",
     "label: {en: Work, de: Arbeit}", "unknown_language", "themes[3].label"),
    ("respondents.yaml", '{code: "25-34", low: 25,', '{code: "25-34", low: 26,', "bad_band", "age_bands"),
    ("exploitation.yaml", "group: other\n", "group: others\n", "unknown_reference", "forms"),
    ("answers.yaml", "answer_states:", "answer_state:", "unknown_key", "answer_state"),
])
def test_a_broken_copy_says_where_and_what(copy, name, old, new, code, where):
    edit(copy, name, old, new)
    result = read_vocabulary(copy)
    assert result.vocabulary is None
    assert [(p.code, p.file, p.column) for p in result.problems][:1] == [(code, name, where)]
    assert all(p.message.endswith(".") for p in result.problems)


def test_a_missing_file_and_bad_yaml_are_problems_not_exceptions(copy):
    (copy / "themes.yaml").unlink()
    (copy / "answers.yaml").write_text("answer_states: [unclosed\n", encoding="utf-8")
    problems = read_vocabulary(copy).problems
    assert [(p.code, p.file) for p in problems] == [("missing_file", "themes.yaml"), ("missing_list", "themes.yaml"),
                                                     ("yaml_syntax", "answers.yaml"), ("missing_list", "answers.yaml")]


def test_the_environment_variable_points_fiit_at_another_folder(copy, monkeypatch):
    edit(copy, "countries.yaml", "name: {en: Belgium,", "name: {en: Belgium (copy),")
    monkeypatch.setenv(loader.ENV_VAR, str(copy))
    assert vocabulary().country_name("BE", "en") == "Belgium (copy)"
    monkeypatch.delenv(loader.ENV_VAR)
    assert vocabulary().country_name("BE", "en") == "Belgium"


def test_a_broken_configured_folder_raises_with_its_problems(copy, monkeypatch):
    edit(copy, "countries.yaml", "language: nl", "language: xx")
    monkeypatch.setenv(loader.ENV_VAR, str(copy))
    with pytest.raises(VocabularyError) as caught:
        vocabulary()
    assert caught.value.problems[0].code == "unknown_language"
    assert "countries.yaml" in str(caught.value)


def test_the_shipped_frameworks_name_their_countries_as_the_vocabulary_does():
    """A framework file still carries its country's name (the format needs it); it must not drift."""
    from fiit.frameworks import load_frameworks

    v = vocabulary()
    frameworks = load_frameworks()
    assert list(frameworks) == list(v.country_codes)
    assert {code: dict(fw.name) for code, fw in frameworks.items()} == {c.code: dict(c.name) for c in v.countries}


def test_the_declined_state_is_the_xlsforms_declined_choice():
    from fiit.interop.forms.texts import DECLINED_LABEL

    assert DECLINED_LABEL["en"] == "Declined to answer" and DECLINED_LABEL["hu"] == "Nem kívánt válaszolni"
