"""Recommendations in the web app: list, add, edit, delete; evidence from the items that exist, checked by
the core's rules; a rejected form keeps what was typed; a country lead reaches their own country only."""

from __future__ import annotations

import re

import html as htmllib

import pytest
from django.conf import settings
from django.urls import reverse

from tests.support.reports import report_page

pytestmark = pytest.mark.django_db
LIST = reverse("editorial-recommendations")
NEW = reverse("editorial-recommendation-new")


def recommendation(study, country="BE", theme="work", text="Let victims work during the reflection period.",
                   evidence=None):
    from fiit.db.models import Recommendation

    return Recommendation.objects.create(
        study=study, country_id=country, theme=theme, text={"en": text},
        evidence=evidence or [{"kind": "scale", "question_id": "e_scale", "country": country}])


def form_data(**changes):
    data = {"country": "BE", "theme": "accommodation", "text_en": "Fund specialised shelters in every region.",
            "text_nl": "Financier gespecialiseerde opvang in elke regio.", "text_fr": "", "text_it": "", "text_hu": "",
            "evidence": ["scale:b_scale:BE", "framework:BE:third_country.services.specialised_shelters"],
            "published": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def audit(action):
    from fiit.db.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_the_form_offers_the_evidence_that_exists(as_user, study):
    html = as_user("coordinator").get(NEW).content.decode()
    for value in ("scale:a_scale", "scale:f_scale:BE", "ranking:q12", "ranking:q12:IT",
                  "framework:IT:reflection_period.days", "framework:BE:eu.services.job_placement",
                  "framework:GB:permit.stages"):
        assert f'value="{value}"' in html, value
    assert 'value="scale:a1' not in html  # an open answer is no scale
    assert "permit.stages[" not in html
    for theme in ("status", "safety", "accommodation", "work", "welfare", "eu_vs_third_country"):
        assert f'<option value="{theme}"' in html


def test_the_coordinator_adds_a_recommendation_with_its_evidence(as_user, study):
    from fiit.db.models import Recommendation

    client = as_user("coordinator")
    response = client.post(f"{NEW}?study={study.pk}", form_data())
    assert response.status_code == 302 and response["Location"] == f"{LIST}?study={study.pk}"
    rec = Recommendation.objects.get()
    assert (rec.study, rec.country_id, rec.theme, rec.published) == (study, "BE", "accommodation", True)
    assert rec.text == {"en": "Fund specialised shelters in every region.",
                        "nl": "Financier gespecialiseerde opvang in elke regio."}
    shelters = "third_country.services.specialised_shelters"
    assert rec.evidence == [{"kind": "scale", "question_id": "b_scale", "country": "BE"},
                            {"kind": "framework", "country": "BE", "field": shelters}]
    assert rec.created_by.username == "coordinator"
    (row,) = audit("recommendation_added")
    assert row.record_id == str(rec.pk) and "Fund specialised" not in str(row.details)

    page = client.get(response["Location"]).content.decode()
    assert "Fund specialised shelters in every region." in page
    assert "Services used (satisfaction scale) — Belgium" in page
    assert "Victims from third countries: Specialised shelters (country framework) — Belgium" in page
    assert reverse("report-country", args=["BE"]) + "#fig-b_scale" in page


def test_a_comparative_recommendation_for_the_coordinator(as_user, study):
    from fiit.db.models import Recommendation

    client = as_user("coordinator")
    assert client.post(NEW, form_data(country="", evidence=["scale:c_scale"])).status_code == 302
    rec = Recommendation.objects.get()
    assert rec.country_id is None and rec.evidence == [{"kind": "scale", "question_id": "c_scale", "country": None}]
    assert "Comparative report" in client.get(LIST).content.decode()


def test_a_published_recommendation_appears_in_the_report(as_user, study):
    client = as_user("coordinator")
    client.post(NEW, form_data(text_en="Publish-me recommendation.", published=None))
    assert "Publish-me recommendation." not in report_page(client, reverse("report-country", args=["BE"]))
    from fiit.db.models import Recommendation

    rec = Recommendation.objects.get()
    client.post(reverse("editorial-recommendation-edit", args=[rec.pk]),
                form_data(text_en="Publish-me recommendation."))
    assert "Publish-me recommendation." in report_page(client, reverse("report-country", args=["BE"]))


def test_bad_input_is_refused_in_the_users_language_and_loses_nothing(as_user, study):
    from fiit.db.models import Recommendation

    client = as_user("lead_be")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = "Mijn zorgvuldig geschreven tekst <met> tekens & regels."
    response = client.post(NEW, form_data(text_en="", text_nl=dutch, evidence=None, theme=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert not Recommendation.objects.exists() and not audit("recommendation_added")
    assert htmllib.escape(dutch, quote=False) in page  # what was typed is still there
    assert "Schrijf de aanbeveling minstens in het Engels" in page
    assert "Vink ten minste één onderbouwing aan" in page
    assert "Kies een thema." in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page


def test_evidence_the_form_does_not_offer_is_refused_and_the_rest_kept(as_user, study):
    from fiit.db.models import Recommendation

    client = as_user("coordinator")
    response = client.post(NEW, form_data(evidence=["scale:b_scale:BE", "scale:a1:BE"]))
    assert response.status_code == 422 and not Recommendation.objects.exists()
    page = response.content.decode()
    assert "scale:a1:BE is not evidence this form offers." in page
    assert 'value="scale:b_scale:BE" aria-label="Services used — Belgium" checked' in page
    assert "Fund specialised shelters in every region." in page


def test_the_core_rules_check_the_evidence_too(as_user, study, monkeypatch):
    """An item the grid offers but the core's parse_evidence refuses (e.g. a scale renamed since) is an error."""
    from fiit.db.models import Recommendation
    from fiit.web.editorial import forms

    def refuse(ref):
        from fiit.db.errors import UserError

        raise UserError(f"'{ref}' is not a satisfaction scale")

    monkeypatch.setattr(forms, "parse_evidence", refuse)
    response = as_user("coordinator").post(NEW, form_data(evidence=["scale:b_scale:BE"]))
    assert response.status_code == 422 and not Recommendation.objects.exists()
    assert "scale:b_scale:BE is not evidence fiit understands." in response.content.decode()


def test_a_country_lead_writes_for_their_own_country_only(as_user, study):
    from fiit.db.models import Recommendation

    client = as_user("lead_be")
    page = client.get(NEW).content.decode()
    assert '<option value="BE" selected>' in page and '<option value="FR"' not in page
    for country in ("FR", ""):
        response = client.post(NEW, form_data(country=country))
        assert response.status_code == 422, country
    assert not Recommendation.objects.exists()
    assert client.post(NEW, form_data(evidence=["framework:IT:reflection_period.days"])).status_code == 302
    assert Recommendation.objects.get().country_id == "BE"  # evidence may point at another country


def test_the_list_shows_a_country_lead_their_own_countrys_recommendations(as_user, study):
    recommendation(study, "BE", text="Belgian recommendation.")
    recommendation(study, "FR", text="French recommendation.")
    recommendation(study, None, text="Comparative recommendation.")
    page = as_user("lead_be").get(LIST).content.decode()
    assert "Belgian recommendation." in page
    assert "French recommendation." not in page and "Comparative recommendation." not in page
    page = as_user("coordinator").get(LIST).content.decode()
    assert all(t in page for t in ("Belgian recommendation.", "French recommendation.", "Comparative recommendation."))


def test_editing_keeps_evidence_entered_on_the_command_line(as_user, study):
    rec = recommendation(study, "BE", evidence=[{"kind": "framework", "country": "IT", "field": "reflection_period"},
                                                {"kind": "scale", "question_id": "e_scale", "country": "BE"}])
    client = as_user("lead_be")
    url = reverse("editorial-recommendation-edit", args=[rec.pk])
    page = client.get(url).content.decode()
    assert 'value="framework:IT:reflection_period"' in page and "Other evidence already linked" in page
    data = form_data(theme="work", text_en="Changed text.", published=None,
                     evidence=["framework:IT:reflection_period", "scale:e_scale:BE", "ranking:q12:BE"])
    assert client.post(url, data).status_code == 302
    rec.refresh_from_db()
    assert rec.text["en"] == "Changed text." and rec.published is False
    assert rec.evidence == [{"kind": "framework", "country": "IT", "field": "reflection_period"},
                            {"kind": "scale", "question_id": "e_scale", "country": "BE"},
                            {"kind": "ranking", "question_id": "q12", "country": "BE"}]
    (row,) = audit("recommendation_changed")
    assert row.actor == "lead_be" and row.details == {"theme": "work", "country": "BE", "evidence": 3,
                                                      "published": False}
    assert "changed by lead_be" in client.get(LIST).content.decode()


def test_delete_asks_for_confirmation_then_deletes(as_user, study):
    from fiit.db.models import Recommendation

    rec = recommendation(study, "BE")
    client = as_user("lead_be")
    url = reverse("editorial-recommendation-delete", args=[rec.pk])
    page = client.get(url).content.decode()
    assert "Delete this recommendation?" in page and Recommendation.objects.filter(pk=rec.pk).exists()
    assert client.post(url).status_code == 302
    assert not Recommendation.objects.filter(pk=rec.pk).exists()
    (row,) = audit("recommendation_deleted")
    assert row.record_id == str(rec.pk) and row.actor == "lead_be"


@pytest.mark.parametrize("user,country,expected", [
    ("coordinator", "BE", 200), ("coordinator", "FR", 200), ("coordinator", None, 200),
    ("lead_be", "BE", 200), ("lead_be", "FR", 404), ("lead_be", None, 404),
    ("interviewer_be", "BE", 403), ("analyst", "BE", 200), ("analyst", None, 200), ("viewer", "BE", 403),
])
def test_who_may_edit_and_delete_which_recommendation(as_user, study, user, country, expected):
    from fiit.db.models import Recommendation

    rec = recommendation(study, country)
    client = as_user(user)
    assert client.get(reverse("editorial-recommendation-edit", args=[rec.pk])).status_code == expected
    assert client.post(reverse("editorial-recommendation-edit", args=[rec.pk]),
                       form_data(country=country or "")).status_code in ((302, 422) if expected == 200 else (expected,))
    assert client.get(reverse("editorial-recommendation-delete", args=[rec.pk])).status_code == expected
    response = client.post(reverse("editorial-recommendation-delete", args=[rec.pk]))
    assert response.status_code == (302 if expected == 200 else expected)
    assert Recommendation.objects.filter(pk=rec.pk).exists() == (expected != 200)
    for name in ("editorial-recommendations", "editorial-recommendation-new"):
        assert client.get(reverse(name)).status_code == (403 if expected == 403 else 200)


def test_an_unknown_study_is_not_found(as_user, study):
    client = as_user("coordinator")
    assert client.get(LIST, {"study": "999"}).status_code == 404
    assert client.get(LIST, {"study": "x"}).status_code == 404


@pytest.mark.parametrize("user,shown,quotes", [("coordinator", True, True), ("lead_be", True, True),
                                               ("interviewer_be", False, False), ("analyst", True, False),
                                               ("viewer", False, False)])
def test_navigation_and_the_reports_page_link_here_for_those_who_may(as_user, study, user, shown, quotes):
    client = as_user(user)
    home = client.get(reverse("home")).content.decode()
    assert (f'href="{LIST}"' in home) == shown and ("Recommendations and quotes" in home) == shown
    reports = client.get(reverse("report-index")).content.decode()
    assert (f'href="{reverse("editorial-quotes")}"' in reports) == quotes


def test_an_analyst_drafts_and_cannot_publish_or_touch_published_ones(as_user, study):
    from fiit.db.models import Recommendation

    client = as_user("analyst")
    form = client.get(reverse("editorial-recommendation-new")).content.decode()
    assert "a coordinator or country lead publishes them" in form
    assert re.search(r'<input type="checkbox" name="published" id="id_published"[^>]* disabled', form)
    response = client.post(reverse("editorial-recommendation-new") + f"?study={study.pk}",
                           {**form_data(country="BE"), "published": "on"})  # a forged tick is ignored
    assert response.status_code == 302
    draft = Recommendation.objects.get(study=study)
    assert draft.published is False and draft.created_by.get_username() == "analyst"
    published = recommendation(study, "FR")
    Recommendation.objects.filter(pk=published.pk).update(published=True)
    page = client.get(LIST).content.decode()
    assert reverse("editorial-recommendation-edit", args=[draft.pk]) in page
    assert reverse("editorial-recommendation-edit", args=[published.pk]) not in page
    assert client.get(reverse("editorial-recommendation-edit", args=[published.pk])).status_code == 404
    assert client.post(reverse("editorial-recommendation-delete", args=[published.pk])).status_code == 404
    assert Recommendation.objects.filter(pk=published.pk, published=True).exists()
    # a coordinator publishes the analyst's draft
    lead = as_user("coordinator")
    assert lead.post(reverse("editorial-recommendation-edit", args=[draft.pk]),
                     {**form_data(country="BE"), "published": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.published is True


def test_every_theme_and_scale_has_a_label_of_its_own():
    from fiit.instruments import get_instrument
    from fiit.instruments.model import THEMES
    from fiit.web.editorial.labels import SCALE_LABELS, THEME_LABELS

    assert set(THEME_LABELS) == set(THEMES)
    assert set(SCALE_LABELS) == {q.id for q in get_instrument("victim").scales()}
