"""The phrase banks: complete in every language, and written for every open question."""

import random

import pytest

from fiit.demo.phrases import BANKS, GENERIC, LANGUAGES, ORGANISATION_TASKS, POSITIONS, PROFESSIONS, has_phrases, inflect, open_answer
from fiit.instruments import get_instrument


def all_phrases():
    for instrument_id, bank in BANKS.items():
        for key, phrases in bank.items():
            for phrase in phrases:
                yield f"{instrument_id}:{key}", phrase
    for name, phrases in (("generic", GENERIC), ("positions", POSITIONS), ("professions", PROFESSIONS),
                          ("tasks", ORGANISATION_TASKS)):
        for phrase in phrases:
            yield name, phrase


@pytest.mark.parametrize("where, phrase", list(all_phrases()))
def test_every_phrase_is_written_in_every_language(where, phrase):
    assert set(phrase) == set(LANGUAGES)
    for lang in LANGUAGES:
        text = phrase[lang].strip()
        assert text, (where, lang)
        assert not text.lower().startswith("[synthetic]")  # the generator adds the marker
        assert text.count("[[") == text.count("]]")


@pytest.mark.parametrize("instrument_id", ["policymaker", "service_provider", "victim"])
def test_every_open_question_has_its_own_answers(instrument_id):
    instrument = get_instrument(instrument_id)
    missing = [q.id for q in instrument.questions() if q.type == "text" and not q.identifying
               and not has_phrases(instrument_id, q.id)]
    assert missing == []


def test_bank_keys_name_real_questions():
    for instrument_id, bank in BANKS.items():
        ids = set(get_instrument(instrument_id).question_ids())
        for key in bank:
            assert key.rstrip("+-").split("#")[0] in ids, (instrument_id, key)


def test_gendered_forms_follow_the_speaker():
    assert inflect("je me suis [[senti|sentie]] mieux", "female") == "je me suis sentie mieux"
    assert inflect("je me suis [[senti|sentie]] mieux", "male") == "je me suis senti mieux"
    assert inflect("je me suis [[senti|sentie]] mieux", None) == "je me suis senti mieux"


def test_tagged_answers_are_preferred():
    rng = random.Random(1)
    texts = [open_answer("victim", "b4", "it", tags={"shelter_critic"}, gender="female", rng=rng) for _ in range(200)]
    tagged = {p["it"] for p in BANKS["victim"]["b4#shelter_critic"]}
    share = sum(t in tagged for t in texts) / len(texts)
    assert 0.65 < share < 0.95
    untagged = [open_answer("victim", "b4", "it", gender="female", rng=rng) for _ in range(100)]
    assert not any(t in tagged for t in untagged)
