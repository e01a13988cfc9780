"""The three FIIT instruments as shipped: structure from Annex 1 of the seed."""

import pytest

from fiit.instruments import builtin_instruments, get_instrument, get_instrument_version, load_instrument_file
from fiit.instruments.registry import definition_path
from fiit.instruments.model import SCALE_IDS

LANGS = ("en", "nl", "fr", "it", "hu")


@pytest.mark.parametrize("instrument_id", ["policymaker", "service_provider", "victim"])
def test_shipped_file_loads_without_any_problem(instrument_id):
    result = load_instrument_file(str(definition_path(instrument_id)))
    assert result.problems == []
    assert result.instrument.languages == LANGS


def test_policymaker_has_27_questions_in_the_seeds_sections():
    inst = get_instrument("policymaker")
    assert inst.numbered_questions() == [str(n) for n in range(1, 28)]
    # distinct numbers per section ("why" boxes carry the number of the question they follow)
    by_section = {s.id: list(dict.fromkeys(q.number for q in s.questions if q.number)) for s in inst.sections}
    assert by_section["personal"] == ["1", "2", "3", "4", "5"]
    assert by_section["rights"] == ["6", "7", "8", "9"]
    assert by_section["services_third_country"] == [str(n) for n in range(10, 17)]
    assert by_section["services_eu"] == [str(n) for n in range(17, 24)]
    assert by_section["closing"] == ["24", "25", "26", "27"]
    sd = [q.id for q in inst.sections[-1].questions]
    assert sd == ["sd_name", "sd_gender", "sd_age", "sd_education", "sd_position"]
    assert inst.question("sd_name").identifying


def test_service_provider_has_16_questions_and_a_ranking():
    inst = get_instrument("service_provider")
    assert inst.numbered_questions() == [str(n) for n in range(1, 17)]
    assert inst.question("q12").type == "ranking"
    assert inst.question("q12").choices_from == "q11"
    core = {"housing", "vocational_training", "job_placement", "legal_advice", "health_care"}
    assert core <= set(inst.question("q11").option_values("BE"))
    sd = [q.id for q in inst.sections[-1].questions]
    assert sd == ["sd_surname", "sd_first_name", "sd_gender", "sd_age", "sd_organisation",
                  "sd_organisation_task", "sd_education", "sd_profession", "sd_years_with_organisation"]


def test_victim_sections_a_to_f_each_with_one_satisfaction_scale():
    inst = get_instrument("victim")
    assert [s.number for s in inst.sections][:6] == ["A", "B", "C", "D", "E", "F"]
    for section in inst.sections[:6]:
        scales = [q for q in section.questions if q.type == "scale"]
        assert len(scales) == 1, section.id
        assert (scales[0].min, scales[0].max) == (1, 10)
        assert set(scales[0].anchors) == {"low", "high"}
    assert [q.scale_id for q in inst.scales()] == list(SCALE_IDS)


def test_victim_services_checklist_has_the_seeds_five_services_plus_country_additions():
    # 1.1.0 offered the helpline only where the FIIT report found one; 1.2.0 offers it everywhere (issue 12)
    q = get_instrument_version("victim", "1.1.0").question("b2")
    assert q.type == "multiple_choice"
    core = ["housing", "vocational_training", "job_placement", "legal_advice", "health_care"]
    assert q.option_values()[:5] == core
    assert "helpline" in q.option_values("IT") and "helpline" not in q.option_values("BE")
    current = get_instrument("victim").question("b2")
    assert current.option_values()[:5] == core
    assert current.option_values("BE") == current.option_values("IT") == current.option_values()
    assert current.option("helpline").available_in == ("HU", "IT")
    assert current.option("assisted_voluntary_return").available_in == ("BE", "IT")


def test_victim_section_f_branches_on_where_the_respondent_lives():
    from fiit.instruments import relevant_questions

    inst = get_instrument("victim")
    abroad = relevant_questions(inst, {"f_location": "abroad", "f1": "yes", "f2": "yes"})
    origin = relevant_questions(inst, {"f_location": "origin"})
    assert {"f1", "f2", "f3"} <= abroad and not {"f4", "f5", "f6"} & abroad
    assert {"f4", "f5", "f6"} <= origin and not {"f1", "f2", "f3"} & origin


def test_victims_are_never_named():
    inst = get_instrument_version("victim", "1.1.0")
    assert not [q.id for q in inst.questions() if "name" in q.id]
    assert [q.id for q in inst.sections[-1].questions] == [
        "sd_gender", "sd_age", "sd_citizenship", "sd_exploitation", "sd_exploitation_period",
        "sd_education", "sd_occupation",
    ]
    current = get_instrument("victim")
    assert not [q.id for q in current.questions() if "name" in q.id]
    assert [q.id for q in current.sections[-1].questions] == [
        "sd_gender", "sd_age", "sd_citizenship", "sd_exploitation_forms", "sd_exploitation", "sd_exploitation_period",
        "sd_exploitation_from", "sd_exploitation_to", "sd_education", "sd_occupation", "sd_profession",
    ]


def test_every_text_exists_in_all_five_languages():
    for inst in builtin_instruments().values():
        for q in inst.questions():
            assert set(q.text) == set(LANGS), q.id
            for option in q.options:
                assert set(option.label) == set(LANGS), (q.id, option.value)


@pytest.mark.parametrize("instrument_id, closed", [
    ("policymaker", ["q8", "q13", "q14", "q16", "q20", "q21", "q23", "q24", "q25", "q26"]),
    ("service_provider", ["q6", "q7", "q8", "q9", "q14", "q15", "q16"]),
])
def test_every_closed_professional_item_is_followed_by_its_why_box(instrument_id, closed):
    inst = get_instrument(instrument_id)
    ids = inst.question_ids()
    numbered_closed = [q.id for q in inst.questions() if q.type == "single_choice" and q.id.startswith("q")
                       and q.id != "q13_monitored"]
    assert numbered_closed == closed
    for qid in closed:
        why = inst.question(f"{qid}_why")
        assert ids.index(why.id) == ids.index(qid) + 1
        assert why.type == "text" and why.is_sensitive  # open, sealed
        assert why.number == inst.question(qid).number
        assert why.relevant == {"question": qid, "answered": True}
        assert set(why.text) == set(LANGS)
    assert inst.version == "1.1.0"
    assert not [q for q in get_instrument_version(instrument_id, "1.0.0").questions() if q.id.endswith("_why")]


def test_service_provider_question_13_has_its_yes_no_gate():
    inst = get_instrument("service_provider")
    gate, how = inst.question("q13_monitored"), inst.question("q13")
    assert gate.number == how.number == "13" and gate.type == "single_choice"
    assert gate.option_values() == ["yes", "no", "dont_know"]
    assert how.relevant == {"question": "q13_monitored", "equals": "yes"}
    ids = inst.question_ids()
    assert ids.index("q13_monitored") + 1 == ids.index("q13")
    assert get_instrument_version("service_provider", "1.0.0").question("q13").relevant is None


def test_policymaker_question_23_reading_is_documented_as_a_deviation_in_five_languages():
    inst = get_instrument("policymaker")
    note = inst.question("q23").note
    assert set(note) == set(LANGS)
    assert "question 16" in note["en"] and "vraag 16" in note["nl"]
    assert set(inst.notes) == set(LANGS) and "question 23" in inst.notes["en"]


def test_the_helpline_and_assisted_return_are_offered_everywhere_with_availability_noted():
    for instrument_id, qids in (("service_provider", ("q11", "q12")), ("victim", ("b2",))):
        for qid in qids:
            q = get_instrument(instrument_id).question(qid)
            for value, where in (("helpline", ("HU", "IT")), ("assisted_voluntary_return", ("BE", "IT"))):
                assert q.option(value).countries == () and q.option(value).available_in == where
                assert all(value in q.option_values(c) for c in ("BE", "FR", "HU", "IT", "GB"))


def test_every_released_version_still_loads():
    from fiit.instruments import released_versions

    assert released_versions("victim") == ["1.0.0", "1.1.0", "1.2.0"]
    assert released_versions("policymaker") == released_versions("service_provider") == ["1.0.0", "1.1.0"]
    for instrument_id in ("policymaker", "service_provider", "victim"):
        for version in released_versions(instrument_id):
            assert get_instrument_version(instrument_id, version).version == version
