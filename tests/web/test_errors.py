"""Error pages in the interface language, and one fixed JSON error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from fiit.web.views import errors
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_404_page_in_the_interface_language(logged_in):
    response = logged_in.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert b'<html lang="nl">' in response.content
    assert "Pagina niet gevonden".encode() in response.content


def test_404_page_for_anonymous_users_has_no_menu(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable".encode() in response.content
    assert b'class="site-nav"' not in response.content


def test_json_errors_have_one_fixed_shape(logged_in):
    response = logged_in.get("/no-such-page/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "error": {"status": 404, "code": "not_found", "message": "A questo indirizzo non c'è nessuna pagina."}
    }
    response = logged_in.get("/api/nothing-here/")
    assert json.loads(response.content)["error"]["code"] == "not_found"


def test_browsers_get_html_even_though_they_accept_json():
    request = RequestFactory().get("/x/", HTTP_ACCEPT="text/html,application/json;q=0.9")
    assert not errors.wants_json(request)


@pytest.mark.parametrize("lang,words", [("en", "Server error"), ("hu", "Szerverhiba"), ("fr", "Erreur du serveur")])
def test_500_page_in_the_interface_language(lang, words):
    request = RequestFactory().get("/")
    with translation.override(lang):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert words.encode() in response.content
    assert f'<html lang="{lang}">'.encode() in response.content


def test_500_as_json():
    request = RequestFactory().get("/api/x/")
    with translation.override("en"):
        response = errors.server_error(request)
    assert json.loads(response.content)["error"] == {
        "status": 500, "code": "server_error",
        "message": "Something went wrong on the server. The error has been logged; no data was sent anywhere.",
    }


def test_403_page():
    request = RequestFactory().get("/")
    with translation.override("nl"):
        response = errors.permission_denied(request)
    assert response.status_code == 403 and b"Geen toegang" in response.content


def test_a_form_without_its_security_token_gets_a_plain_explanation(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD},
                           HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 403
    assert "Het formulier kon niet worden verstuurd".encode() in response.content


def test_a_failure_inside_a_view_shows_the_500_page(logged_in, monkeypatch):
    from fiit.instruments import InstrumentError
    from fiit.web.views import instruments

    def broken(instrument_id):
        raise InstrumentError("the built-in instrument is broken")

    monkeypatch.setattr(instruments, "get_instrument", broken)
    logged_in.raise_request_exception = False
    response = logged_in.get(reverse("instrument-detail", args=["victim"]), HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 500
    assert "Errore del server".encode() in response.content
    assert b"the built-in instrument is broken" not in response.content  # no internals on the page
