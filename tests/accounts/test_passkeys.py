"""Passkeys beside TOTP, without a browser: the pages in five languages, the scripts served locally,
who may register one, and the reset. The ceremony itself runs in Chromium in
tests/browser/test_passkey_browser.py."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# The pages' passkey sentences by language, written here (not read from the .po files).
HEADINGS = {"en": "Or use a passkey", "nl": "Of gebruik een passkey", "fr": "Ou utilisez une clé d'accès",
            "it": "Oppure usa una passkey", "hu": "Vagy használjon azonosítókulcsot"}
SCRIPT_TEXT = {"fr": ("Registering...", "Enregistrement…"), "hu": ("Registering...", "Regisztrálás…"),
               "nl": ("Registering...", "Bezig met registreren…"), "it": ("Registering...", "Registrazione in corso…")}


def password_login(client, username, lang="en"):
    from fiit.db.models import Profile

    Profile.objects.filter(user__username=username).update(language=lang)  # the profile's language wins
    client.cookies["django_language"] = lang
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_the_setup_page_offers_a_passkey_in_each_language(client, world, lang):
    password_login(client, "int_be", lang)
    html = client.get(reverse("otp-setup")).content.decode()
    assert HEADINGS[lang] in html.replace("&#x27;", "'")
    assert 'id="passkey-register-button"' in html
    config = json.loads(re.search(r'<script id="otp_webauthn_config" type="application/json">(.*?)</script>',
                                  html).group(1))
    assert config["beginRegistrationUrl"] == reverse("otp_webauthn:credential-registration-begin")
    assert config["nextFieldSelector"] == "#passkey-next"
    # every script is ours to serve: same origin, static files or our own catalogue
    for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
        assert src.startswith("/"), src
    assert client.get(reverse("passkey-js-catalog")).status_code == 200


@pytest.mark.parametrize("lang", sorted(SCRIPT_TEXT))
def test_the_scripts_sentences_come_in_each_language(client, world, lang):
    password_login(client, "int_be", lang)
    english, translated = SCRIPT_TEXT[lang]
    catalog = client.get(reverse("passkey-js-catalog")).content.decode("utf-8")
    assert f"{json.dumps(english)}: {json.dumps(translated)}" in catalog  # Django writes it as JSON does


def test_the_librarys_scripts_are_in_our_static_files():
    from django.contrib.staticfiles import finders

    for name in ("otp_webauthn_register.js", "otp_webauthn_auth.js"):
        assert finders.find(f"django_otp_webauthn/{name}"), name


def test_a_password_alone_cannot_add_a_passkey_to_an_account_that_has_a_factor(client, world):
    """Else a stolen password would be enough: enrol the thief's passkey, then sign in with it."""
    from tests.support.otp import make_device

    make_device(world.users["lead_be"])
    password_login(client, "lead_be")
    begin = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert begin.status_code == 403 and begin.json()["detail"]
    # and the verify page offers the app's code only (no passkey yet)
    html = client.get(reverse("otp-verify")).content.decode()
    assert 'id="id_token"' in html and "passkey-verification-button" not in html


def test_passwordless_sign_in_is_off(client, world):
    begin = client.post(reverse("otp_webauthn:credential-authentication-begin"))
    assert begin.status_code in (302, 403)  # anonymous: to the login page (or refused), never a challenge
    assert "challenge" not in begin.content.decode()


def test_reset_removes_passkeys_too(world, keyfile):
    from django_otp_webauthn.models import WebAuthnCredential

    from fiit.db.users import reset_second_factor
    from tests.support.otp import make_device

    user = world.users["int_be"]
    make_device(user)
    WebAuthnCredential.objects.create(user=user, name="phone", confirmed=True, public_key=b"k",
                                      credential_id=b"id-1", sign_count=0)
    assert reset_second_factor("int_be") == 2
    assert not WebAuthnCredential.objects.filter(user=user).exists()
