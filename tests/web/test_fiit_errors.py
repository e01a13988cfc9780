"""A FiitError that reaches the web is rendered once: a page in the user's language, or the one JSON shape."""

from __future__ import annotations

import json

import pytest
from django.urls import path

from fiit.analysis.disclosure import DisclosureError
from fiit.db.errors import UserError
from fiit.web import urls as fiit_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.test_fiit_errors")]


def _refuse(request):
    raise UserError(code="country_required", role="interviewer")


def _disclose(request):
    raise DisclosureError("Table x cannot be published.")


urlpatterns = [path("refuse/", _refuse), path("api/refuse/", _refuse), path("disclose/", _disclose),
               *fiit_urls.urlpatterns]


def test_a_coded_failure_is_a_page_in_the_users_language(client):
    response = client.get("/refuse/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Een interviewer werkt voor één land: geef het land op." in html  # catalogue.yaml, nl
    assert "Traceback" not in html


def test_json_failures_have_the_one_fixed_shape(client):
    response = client.get("/api/refuse/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"error": {
        "status": 400, "code": "country_required",
        "message": "Un(e) interviewer travaille pour un seul pays : indiquez le pays."}}


def test_an_uncatalogued_failure_keeps_its_english_sentence(client):
    response = client.get("/disclose/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="it")
    assert json.loads(response.content) == {"error": {
        "status": 400, "code": "disclosure", "message": "Table x cannot be published."}}
