"""Users change their own password (ASVS 5.0 V6.2.2/6.2.3: before, only `fiit user` could set one).

The current password is asked first; fiit's rules hold (at least 10 characters, not like the username, not
common) with their message in the user's language; the change is audited without the password; the session
in use stays signed in and every other session of that user ends.
"""

from __future__ import annotations

import pytest
from django.test import Client

from fiit.db.models import AuditEvent
from tests.accounts.conftest import PASSWORD
from tests.support.otp import verified_login

NEW = "a-new-and-longer-passphrase-42"


@pytest.fixture
def int_be(world, client):
    user = world.users["int_be"]
    verified_login(client, user)
    return user


def _post(client, old, new1, new2=None, lang="en"):
    client.cookies["django_language"] = lang
    return client.post("/account/password/", {"old_password": old, "new_password1": new1,
                                              "new_password2": new1 if new2 is None else new2})


def test_the_page_is_reached_from_the_header(client, int_be):
    home = client.get("/").content.decode()
    assert 'href="/account/password/"' in home
    page = client.get("/account/password/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in html
    assert 'aria-describedby="id_new_password1-help"' in html


def test_a_wrong_current_password_changes_nothing(client, int_be):
    answer = _post(client, "not-my-password-at-all", NEW)
    assert answer.status_code == 200
    int_be.refresh_from_db()
    assert int_be.check_password(PASSWORD) and not int_be.check_password(NEW)
    assert 'aria-invalid="true"' in answer.content.decode()
    assert not AuditEvent.objects.filter(action="password_changed").exists()


@pytest.mark.parametrize("lang,new", [("en", "short-1"), ("nl", "short-1"), ("hu", "password123"),
                                      ("fr", "int_be1234"), ("it", "1234567890"),
                                      ("it", "short-1")])
def test_the_password_rules_hold_in_the_users_language(client, int_be, lang, new):
    """Each rule's message as Django's validators word it in that language (asked of them directly here)."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError
    from django.utils import translation
    from django.utils.html import escape

    with translation.override(lang):
        with pytest.raises(ValidationError) as refused:
            password_validation.validate_password(new, int_be)
        expected = [str(m) for m in refused.value.messages]
    answer = _post(client, PASSWORD, new, lang=lang)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert f'<html lang="{lang}"' in html
    for message in expected:
        assert escape(message) in html, (message, html[html.find("field-error"):][:400])
    if lang != "en":
        with translation.override("en"):
            with pytest.raises(ValidationError) as in_english:
                password_validation.validate_password(new, int_be)
        assert not set(expected) & {str(m) for m in in_english.value.messages}     # really translated
    int_be.refresh_from_db()
    assert int_be.check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused(client, int_be):
    assert _post(client, PASSWORD, NEW, NEW + "x").status_code == 200
    int_be.refresh_from_db()
    assert int_be.check_password(PASSWORD)


def test_a_change_keeps_this_session_ends_the_others_and_is_audited(client, int_be):
    elsewhere = Client()
    verified_login(elsewhere, int_be)
    assert elsewhere.get("/").status_code == 200
    answer = _post(client, PASSWORD, NEW)
    assert answer.status_code == 302 and answer["Location"] == "/"
    int_be.refresh_from_db()
    assert int_be.check_password(NEW) and not int_be.check_password(PASSWORD)
    assert client.get("/").status_code == 200                                 # this session stays
    assert elsewhere.get("/").status_code == 302                              # the other one is signed out
    event = AuditEvent.objects.get(action="password_changed")
    assert event.actor == "int_be" and str(event.record_id) == str(int_be.pk)
    assert NEW not in str(event.details) and PASSWORD not in str(event.details)
