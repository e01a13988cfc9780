"""The instrument pages: read in a chosen language, with types, scales, options, conditions and encryption."""

from __future__ import annotations

import textwrap

import pytest
from django.urls import reverse
from django.utils import translation

from fiit.instruments import get_instrument, get_instrument_version, load_instrument_text, pick
from fiit.web.instrument_display import describe_condition
from tests.web.html import text

pytestmark = pytest.mark.django_db


def page(client, instrument_id, lang=None):
    url = reverse("instrument-detail", args=[instrument_id]) + (f"?lang={lang}" if lang else "")
    response = client.get(url)
    assert response.status_code == 200
    return text(response.content.decode())


def test_list_shows_every_instrument_with_its_title(logged_in):
    html = logged_in.get(reverse("instrument-list")).content.decode()
    for instrument_id in ("policymaker", "service_provider", "victim"):
        instrument = get_instrument(instrument_id)
        assert pick(instrument.title, "en") in text(html)
        assert reverse("instrument-detail", args=[instrument_id]) in html


def test_dutch_page_shows_the_dutch_text_of_the_questions(logged_in):
    victim = get_instrument("victim")
    question = victim.question("a1")
    body = page(logged_in, "victim", "nl")
    assert question.text["nl"] in body
    assert question.text["en"] not in body
    assert victim.sections[0].title["nl"] in body


def test_every_language_shows_every_question(logged_in):
    instrument = get_instrument("service_provider")
    for lang in instrument.languages:
        body = page(logged_in, "service_provider", lang)
        for question in instrument.questions():
            assert question.text[lang] in body, (lang, question.id)


def test_reading_language_defaults_to_the_profile_language(client, make_user, otp_login):
    otp_login(client, make_user("lead_it", "country_lead", country="BE", language="it"))
    body = page(client, "victim")
    assert get_instrument("victim").question("a1").text["it"] in body


def test_an_unknown_reading_language_falls_back_to_the_default(logged_in):
    body = page(logged_in, "victim", "xx")
    assert get_instrument("victim").question("a1").text["en"] in body


def test_language_links_for_all_five_languages(logged_in):
    html = logged_in.get(reverse("instrument-detail", args=["victim"]) + "?lang=fr").content.decode()
    for lang in ("en", "nl", "fr", "it", "hu"):
        assert f'href="?lang={lang}"' in html
    assert 'href="?lang=fr" lang="fr" hreflang="fr" aria-current="true"' in html
    assert '<article class="instrument" lang="fr">' in html


def test_scale_anchors_are_shown_with_their_numbers(logged_in):
    scale = get_instrument("victim").question("a_scale")
    body = page(logged_in, "victim", "hu")
    assert f"{scale.min} = {scale.anchors['low']['hu']}" in body
    assert f"{scale.max} = {scale.anchors['high']['hu']}" in body


def test_country_specific_options_say_where_they_are_offered(logged_in):
    # service_provider 1.0.0 limited two options to some countries (1.1.0 offers them everywhere, noted)
    q11 = get_instrument_version("service_provider", "1.0.0").question("q11")
    special = [o for o in q11.options if o.countries]
    assert special, "the instrument should have a country-specific option"
    response = logged_in.get(reverse("instrument-detail", args=["service_provider"]) + "?lang=en&version=1.0.0")
    assert response.status_code == 200
    body = text(response.content.decode())
    for option in special:
        assert f"{option.label['en']} only in {', '.join(option.countries)}" in body


def test_conditional_questions_say_on_what(logged_in):
    victim = get_instrument("victim")
    conditional = [q for q in victim.questions() if q.relevant and "equals" in q.relevant]
    question = conditional[0]
    source = victim.question(question.relevant["question"])
    label = source.option(question.relevant["equals"]).label["en"]
    html = logged_in.get(reverse("instrument-detail", args=["victim"]) + "?lang=en").content.decode()
    body = text(html)
    name = f"question {source.number}" if source.number else f"question {source.text['en']}"
    assert f'href="#q-{source.id}"' in html
    assert f"Asked only if the answer to {name} is {label}" in body


def test_encrypted_questions_are_marked_with_the_reason(logged_in):
    instrument = get_instrument("service_provider")
    html = logged_in.get(reverse("instrument-detail", args=["service_provider"]) + "?lang=en").content.decode()
    identifying = next(q for q in instrument.questions() if q.identifying)
    block = html.split(f'id="q-{identifying.id}"')[1].split('class="question"')[0]
    assert "encrypted" in block and "identifying field" in block
    scale_or_choice = next(q for q in instrument.questions() if not q.is_sensitive)
    block = html.split(f'id="q-{scale_or_choice.id}"')[1].split('class="question"')[0]
    assert "tag-encrypted" not in block


def test_unknown_instrument_is_404(logged_in):
    assert logged_in.get(reverse("instrument-detail", args=["nosuch"])).status_code == 404


MINI = textwrap.dedent("""
    id: mini
    version: "1.0.0"
    languages: [en, nl]
    title: {en: Mini, nl: Mini}
    sections:
      - id: s
        title: {en: S, nl: S}
        questions:
          - id: where
            number: "3"
            type: single_choice
            text: {en: 'Where?', nl: 'Waar?'}
            options:
              - {value: abroad, label: {en: Abroad, nl: Buitenland}}
              - {value: home, label: {en: At home, nl: Thuis}}
          - id: what
            type: multiple_choice
            text: {en: 'What help did you get from anyone at all?', nl: 'Welke hulp kreeg u?'}
            options:
              - {value: housing, label: {en: Housing, nl: Huisvesting}}
          - id: why
            number: "4"
            type: text
            text: {en: 'Why?', nl: 'Waarom?'}
""")


@pytest.fixture
def mini():
    result = load_instrument_text(MINI)
    assert result.valid, result.problems
    return result.instrument


@pytest.mark.parametrize("condition,expected", [
    ({"question": "where", "equals": "abroad"}, "the answer to question 3 is Abroad"),
    ({"question": "what", "includes": "housing"},
     "the answer to question What help did you get from anyone at all? includes Housing"),
    ({"question": "why", "answered": True}, "question 4 has been answered"),
    ({"question": "why", "answered": False}, "question 4 has not been answered"),
    ({"not": {"question": "where", "equals": "home"}}, "it is not the case that the answer to question 3 is At home"),
    ({"all": [{"question": "where", "equals": "abroad"}, {"question": "why", "answered": True}]},
     "all of these hold: the answer to question 3 is Abroad question 4 has been answered"),
    ({"any": [{"question": "where", "equals": "abroad"}, {"question": "where", "equals": "home"}]},
     "at least one of these holds: the answer to question 3 is Abroad the answer to question 3 is At home"),
])
def test_conditions_in_words(mini, condition, expected):
    with translation.override("en"):
        assert text(describe_condition(condition, mini, "en")) == expected


def test_conditions_use_the_option_labels_of_the_reading_language(mini):
    with translation.override("nl"):
        words = text(describe_condition({"question": "where", "equals": "abroad"}, mini, "nl"))
    assert words == "het antwoord op vraag 3 Buitenland is"
