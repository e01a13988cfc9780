"""The synthetic demo study: FIIT's counts, valid answers, reproducible, visibly synthetic."""

import datetime as dt
import random
import re
import subprocess
import sys
from collections import Counter
from statistics import mean

import pytest

from fiit.demo import DEMO_SEED, DemoGenerationError, generate_demo_study
from fiit.demo import generator as generator_module
from fiit.demo.phrases import BANKS, GENERIC, inflect
from fiit.instruments import get_instrument, get_instrument_version, relevant_questions, validate_answers

# The FIIT report: 62 victims (FR 23, IT 13, BE 11, HU 9, UK 6), 31 service providers
# and 19 policymakers; the split of the last two over the countries is the generator's.
EXPECTED_COUNTS = {
    "victim": {"FR": 23, "IT": 13, "BE": 11, "HU": 9, "GB": 6},
    "service_provider": {"BE": 7, "FR": 7, "HU": 5, "IT": 7, "GB": 5},
    "policymaker": {"BE": 4, "FR": 4, "HU": 4, "IT": 4, "GB": 3},
}
LANGUAGE = {"BE": "nl", "FR": "fr", "HU": "hu", "IT": "it", "GB": "en"}


@pytest.fixture(scope="module")
def study():
    return generate_demo_study()


@pytest.fixture(scope="module")
def other_study():
    return generate_demo_study(DEMO_SEED + 1)


def counts_of(study):
    counts = {}
    for interview in study.interviews:
        per_country = counts.setdefault(interview.instrument_id, {})
        per_country[interview.country] = per_country.get(interview.country, 0) + 1
    return counts


def text_answers(interview, *, identifying):
    instrument = get_instrument_version(interview.instrument_id, interview.instrument_version)
    for question in instrument.questions():
        if question.type == "text" and question.identifying == identifying and question.id in interview.answers:
            yield question, interview.answers[question.id]


def test_counts_per_instrument_and_country(study):
    assert counts_of(study) == EXPECTED_COUNTS
    assert len(study.interviews) == 62 + 31 + 19
    assert study.name == "FIIT demo study (synthetic data)"
    assert study.synthetic is True
    assert study.seed == DEMO_SEED
    assert all(interview.synthetic is True for interview in study.interviews)


def test_every_interview_passes_its_instrument(study, other_study):
    for interview in study.interviews + other_study.interviews:
        report = validate_answers(get_instrument_version(interview.instrument_id, interview.instrument_version), interview.answers, country=interview.country)
        assert report.errors == [], (interview.respondent_code, [str(p) for p in report.errors])
        assert report.warnings == []


def test_same_seed_gives_the_same_study(study):
    again = generate_demo_study(DEMO_SEED)
    assert again == study
    assert [i.answers for i in again.interviews] == [i.answers for i in study.interviews]


def test_other_seed_gives_other_answers_but_the_same_counts(study, other_study):
    assert counts_of(other_study) == EXPECTED_COUNTS
    assert other_study.seed == DEMO_SEED + 1
    assert [i.answers for i in other_study.interviews] != [i.answers for i in study.interviews]
    assert {i.respondent_code for i in other_study.interviews} != {i.respondent_code for i in study.interviews}


def test_generator_leaves_the_global_random_alone():
    random.seed(7)
    state = random.getstate()
    generate_demo_study(123)
    assert random.getstate() == state


def test_hungarian_victims_are_nationals_in_their_country_of_origin(study, other_study):
    for s in (study, other_study):
        victims = [i for i in s.interviews if i.instrument_id == "victim" and i.country == "HU"]
        assert len(victims) == 9
        assert {v.answers["sd_citizenship"] for v in victims} == {"national"}
        assert {v.answers["f_location"] for v in victims} == {"origin"}
        # nobody outside Hungary is a national at home
        others = [i for i in s.interviews if i.instrument_id == "victim" and i.country != "HU"]
        assert all(v.answers["f_location"] == "abroad" for v in others)


def test_uk_victims_are_four_eu_and_two_third_country_nationals(study, other_study):
    for s in (study, other_study):
        victims = [i for i in s.interviews if i.instrument_id == "victim" and i.country == "GB"]
        assert Counter(v.answers["sd_citizenship"] for v in victims) == {"eu": 4, "third_country": 2}


def test_elsewhere_victims_are_mostly_third_country_nationals(study):
    victims = [i for i in study.interviews if i.instrument_id == "victim" and i.country in ("BE", "FR", "IT")]
    citizenship = Counter(v.answers["sd_citizenship"] for v in victims)
    assert set(citizenship) <= {"eu", "third_country"}
    assert citizenship["third_country"] > 2 * citizenship["eu"]


def test_every_open_answer_is_marked_synthetic(study):
    n = 0
    for interview in study.interviews:
        for question, value in text_answers(interview, identifying=False):
            assert value.startswith("[synthetic] "), (interview.respondent_code, question.id, value)
            assert len(value) > len("[synthetic] ") + 10
            assert "[[" not in value and "]]" not in value  # gendered forms resolved
            n += 1
    assert n > 1000


def phrases_in(language):
    found = set()
    for bank in BANKS.values():
        for phrases in bank.values():
            for phrase in phrases:
                found |= {inflect(phrase[language], "female"), inflect(phrase[language], "male")}
    return found | {p[language] for p in GENERIC}


def test_open_answers_are_in_the_interview_language(study):
    known = {lang: phrases_in(lang) for lang in LANGUAGE.values()}
    for interview in study.interviews:
        assert interview.language == LANGUAGE[interview.country]
        for question, value in text_answers(interview, identifying=False):
            text = value.removeprefix("[synthetic] ")
            assert text in known[interview.language], (interview.country, question.id, text)
            elsewhere = [lang for lang, texts in known.items() if lang != interview.language and text in texts]
            assert elsewhere == [], (interview.country, question.id, text)


def test_respondent_codes_are_unique_and_random_looking(study):
    codes = [i.respondent_code for i in study.interviews]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"R-[A-HJKMNP-Z2-9]{6}", code) for code in codes)
    # the codes carry no order: sorting by code mixes countries and instruments up
    by_code = sorted(study.interviews, key=lambda i: i.respondent_code)
    changes = sum(a.country != b.country for a, b in zip(by_code, by_code[1:]))
    assert changes > len(codes) // 2


def test_scales_vary_within_each_country(study):
    victim = get_instrument("victim")
    for country in EXPECTED_COUNTS["victim"]:
        victims = [i for i in study.interviews if i.instrument_id == "victim" and i.country == country]
        for scale in victim.scales():
            values = [v.answers[scale.id] for v in victims if scale.id in v.answers]
            assert all(1 <= x <= 10 for x in values)
            if len(values) >= 3:
                assert len(set(values)) > 1, (country, scale.id, values)
        all_values = [v.answers[s.id] for v in victims for s in victim.scales() if s.id in v.answers]
        assert len(set(all_values)) >= 4, (country, all_values)


def test_identifying_fields_are_obviously_synthetic(study):
    n = 0
    for interview in study.interviews:
        for question, value in text_answers(interview, identifying=True):
            assert "Synthetic" in value, (question.id, value)
            n += 1
    assert n > 50
    names = [i.answers["sd_name"] for i in study.interviews if "sd_name" in i.answers]
    assert names and all(re.fullmatch(r"Synthetic Policymaker (BE|FR|HU|IT|GB)-\d+", name) for name in names)
    organisations = [i.answers["sd_organisation"] for i in study.interviews if "sd_organisation" in i.answers]
    assert organisations and all(o.startswith("Synthetic ") for o in organisations)


def test_victims_are_never_named(study):
    for interview in study.interviews:
        if interview.instrument_id == "victim":
            assert not any("name" in key for key in interview.answers)


def test_interviewers_dates_and_consent(study):
    assert {(i.username, i.country, i.language) for i in study.interviewers} == {
        ("interviewer_be", "BE", "nl"), ("interviewer_fr", "FR", "fr"), ("interviewer_hu", "HU", "hu"),
        ("interviewer_it", "IT", "it"), ("interviewer_gb", "GB", "en"),
    }
    quotes = set()
    for interview in study.interviews:
        assert interview.interviewer == f"interviewer_{interview.country.lower()}"
        assert dt.date(2012, 9, 1) <= interview.interview_date <= dt.date(2013, 3, 31)
        consent = interview.consent
        assert consent["text_version"] == "1.0"
        assert consent["research_use"] is True
        assert isinstance(consent["quotes"], bool) and isinstance(consent["follow_up"], bool)
        assert consent["recorded_by"] == interview.interviewer
        assert dt.datetime.fromisoformat(consent["recorded_at"]).date() == interview.interview_date
        quotes.add(consent["quotes"])
    assert quotes == {True, False}


def test_some_optional_answers_are_left_empty(study):
    asked = empty = 0
    for interview in study.interviews:
        instrument = get_instrument_version(interview.instrument_id, interview.instrument_version)
        applicable = relevant_questions(instrument, interview.answers)
        for question in instrument.questions():
            if question.id in applicable and not question.required:
                asked += 1
                empty += question.id not in interview.answers
    assert 0.08 <= empty / asked <= 0.22, empty / asked


def test_ranked_services_were_ticked_and_offered_in_the_country(study):
    ranked = 0
    for interview in study.interviews:
        if interview.instrument_id != "service_provider" or "q12" not in interview.answers:
            continue
        ranked += 1
        assert set(interview.answers["q12"]) <= set(interview.answers["q11"])
        # offered where the interview's instrument version offers it (service_provider 1.1.0: everywhere)
        q11 = get_instrument_version("service_provider", interview.instrument_version).question("q11")
        assert set(interview.answers["q11"]) <= set(q11.option_values(interview.country))
    assert ranked >= 15


def victims_of(seeds):
    out = []
    for seed in seeds:
        out += [i for i in generate_demo_study(seed).interviews if i.instrument_id == "victim"]
    return out


def test_country_patterns_of_the_demo():
    victims = victims_of([DEMO_SEED, DEMO_SEED + 1, DEMO_SEED + 2])

    def avg(country, question):
        return mean(v.answers[question] for v in victims if v.country == country and question in v.answers)

    # The countries' scale means are drawn at random from a fixed seed, not tuned to echo the FIIT report
    # (issue 12): recomputed here from the documented recipe, in the order the vocabulary lists countries
    # and the victim instrument lists its scales.
    import random

    from fiit.demo.distributions import SCALE_MEANS

    rng = random.Random("20130601:country-effects")
    scales = ["overall_integration", "services_used", "personal_treatment", "follow_up", "professional_aspects",
              "return_assistance"]
    expected = {c: {s: round(6.0 + rng.gauss(0.0, 0.8), 1) for s in scales} for c in ("BE", "FR", "HU", "IT", "GB")}
    assert SCALE_MEANS == expected
    # and the generated answers follow them: the country with the highest drawn overall mean is not below
    # the one with the lowest
    drawn = {c: SCALE_MEANS[c]["overall_integration"] for c in ("BE", "FR", "IT")}
    assert avg(max(drawn, key=drawn.get), "a_scale") > avg(min(drawn, key=drawn.get), "a_scale")

    def share(country, question, value):
        group = [v for v in victims if v.country == country]
        return sum(v.answers[question] == value for v in group) / len(group)

    # Belgium: more labour exploitation; France and Italy: more sexual exploitation.
    assert share("BE", "sd_exploitation", "labour") > share("FR", "sd_exploitation", "labour")
    assert share("FR", "sd_exploitation", "sexual") > share("BE", "sd_exploitation", "sexual")
    assert share("IT", "sd_exploitation", "sexual") > share("BE", "sd_exploitation", "sexual")
    # Hungary's returned nationals do not take language courses.
    assert not any("language_courses" in v.answers.get("b2", []) for v in victims if v.country == "HU")
    # Ages 18-60, and both men and women everywhere.
    assert all(18 <= v.answers["sd_age"] <= 60 for v in victims if "sd_age" in v.answers)
    for country in LANGUAGE:
        genders = {v.answers["sd_gender"] for v in victims if v.country == country}
        assert {"female", "male"} <= genders


def test_invalid_generated_answers_are_refused(monkeypatch):
    monkeypatch.setattr(generator_module, "answer_interview", lambda instrument, respondent, rng, *day: {})
    with pytest.raises(DemoGenerationError, match="does not pass its instrument"):
        generate_demo_study()


def test_the_package_is_pure_core():
    code = "import sys, fiit.demo; fiit.demo.generate_demo_study(); print(sorted(m for m in ('django', 'click') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
