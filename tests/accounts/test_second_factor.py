"""TOTP second factor for the roles that see identifying fields: enrol, verify, no way around it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
import qrcode
import qrcode.image.svg
from django.urls import reverse

from fiit.db.models import AuditEvent
from fiit.db.models import WebSession as Session
from fiit.db.sign_in_models import SealedTOTPDevice
from tests.accounts.conftest import PASSWORD
from tests.accounts.test_matrix import ROUTES, url_names, url_of
from tests.support.otp import code, make_device

pytestmark = pytest.mark.django_db


def rfc6238(secret_b32: str, at: float, step: int = 30) -> str:
    """A TOTP code computed by hand (RFC 6238 / RFC 4226, SHA-1, 6 digits), not by django-otp."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def password_login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return response


def shown_secret(html: str) -> str:
    return re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")


@pytest.mark.parametrize("username", ["coordinator", "lead_be", "int_be"])
def test_roles_that_see_identifying_fields_are_held_on_the_two_factor_pages(client, world, username):
    password_login(client, username)
    open_before = {"otp-setup", "otp-verify", "otp-qr", "logout", "login", "set_language",
                   # passkey ceremonies and their page: how the second factor gets verified
                   "credential-registration-begin", "credential-registration-complete",
                   "credential-authentication-begin", "credential-authentication-complete", "js-i18n-catalog",
                   "passkey-js-catalog", "passkey-done"}
    for name in url_names():
        if name in open_before:
            continue
        route = ROUTES[name]
        kwargs = route.args(world, "own") if route.args else None
        url = url_of(name, kwargs)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__, response.status_code)
            assert response["Location"].startswith(reverse("otp-setup")), (name, response["Location"])


@pytest.mark.parametrize("username", ["viewer"])
def test_viewers_need_no_second_factor(client, world, username):
    password_login(client, username)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("otp-setup")).status_code == 302  # nothing to set up
    assert not SealedTOTPDevice.objects.filter(user=world.users[username]).exists()


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(client, world):
    password_login(client, "int_be")
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("otp-setup") + "?next=%2F"
    page = client.get(home["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert f'<img src="{reverse("otp-qr")}"' in html
    secret = shown_secret(html)
    device = SealedTOTPDevice.objects.get(user=world.users["int_be"])
    assert not device.confirmed and base64.b32decode(secret) == device.bin_key

    # The QR code encodes the otpauth URI that authenticator apps read (built here by hand).
    qr = client.get(reverse("otp-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and "no-store" in qr["Cache-Control"]
    uri = f"otpauth://totp/fiit%3Aint_be?secret={secret}&algorithm=SHA1&digits=6&period=30&issuer=fiit"
    expected = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage, border=4).to_string(encoding="unicode")
    assert qr.content.decode() == expected
    assert "style=" not in qr.content.decode() and "<script" not in qr.content.decode()

    wrong = client.post(reverse("otp-setup"), {"token": "000000" if rfc6238(secret, time.time()) != "000000" else "111111",
                                               "next": "/instruments/"})
    assert wrong.status_code == 200 and b'aria-invalid="true"' in wrong.content
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0  # the wrong code throttles; this test is not about the wait
    device.throttling_failure_timestamp = None
    device.save()

    right = client.post(reverse("otp-setup"), {"token": rfc6238(secret, time.time()), "next": "/instruments/"})
    assert right.status_code == 302 and right["Location"] == "/instruments/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("otp-qr")).status_code == 404  # nothing left to enrol
    events = list(AuditEvent.objects.filter(actor="int_be").values_list("action", "details"))
    assert events == [
        ("login", {"method": "password", "second_factor": "pending"}),
        ("login_failed", {"method": "totp", "locked": False}),
        ("login", {"method": "totp", "second_factor": "enrolled"}),
    ]


def test_a_user_with_a_device_types_a_code_after_every_login(client, world):
    device = make_device(world.users["lead_be"])
    password_login(client, "lead_be")
    response = client.get(reverse("framework-compare"))
    assert response["Location"] == reverse("otp-verify") + "?next=%2Fframeworks%2F"
    before = client.session.session_key
    used = code(device)  # kept: computed again later, it would be the next step's code once 30 s have passed
    answer = client.post(reverse("otp-verify"), {"token": used, "next": "/frameworks/"})
    assert answer.status_code == 302 and answer["Location"] == "/frameworks/"
    assert client.session.session_key != before  # a new session id once fully signed in
    assert client.get(reverse("framework-compare")).status_code == 200

    client.post(reverse("logout"))
    password_login(client, "lead_be")
    assert client.get(reverse("home")).status_code == 302
    # The same code is accepted once only.
    replay = client.post(reverse("otp-verify"), {"token": used, "next": "/"})
    assert replay.status_code == 200 and client.get(reverse("home")).status_code == 302


def test_wrong_codes_are_throttled_and_audited(client, world):
    device = make_device(world.users["coordinator"])
    password_login(client, "coordinator")
    good = code(device)
    bad = "123456" if good != "123456" else "654321"
    client.post(reverse("otp-verify"), {"token": bad})
    # Straight after a wrong code even the right one waits (django-otp doubles the wait each time).
    waiting = client.post(reverse("otp-verify"), {"token": good})
    assert waiting.status_code == 200
    assert b"Too many wrong codes" in waiting.content
    assert client.get(reverse("home")).status_code == 302
    failed = AuditEvent.objects.filter(action="login_failed", actor="coordinator")
    assert [e.details for e in failed] == [{"method": "totp", "locked": False}, {"method": "totp", "locked": True}]


def test_the_code_form_refuses_what_is_not_six_digits(client, world):
    make_device(world.users["coordinator"])
    password_login(client, "coordinator")
    response = client.post(reverse("otp-verify"), {"token": "12ab"})
    assert b"six digits" in response.content and b'aria-invalid="true"' in response.content


def test_after_the_code_next_stays_on_this_site(client, world):
    device = make_device(world.users["coordinator"])
    password_login(client, "coordinator")
    response = client.post(reverse("otp-verify"), {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_qr_code_is_only_for_the_session_that_enrols(client, world):
    password_login(client, "int_be")
    client.get(reverse("otp-setup"))
    assert client.get(reverse("otp-qr")).status_code == 200
    other = type(client)()
    password_login(other, "int_be2")
    assert other.get(reverse("otp-qr")).status_code == 404


def test_a_password_only_session_cannot_pretend_to_be_verified(client, world):
    """A device of another user, or an unconfirmed one, in the session does not count."""
    from django_otp import DEVICE_ID_SESSION_KEY

    stranger = make_device(world.users["lead_be"])
    password_login(client, "coordinator")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = stranger.persistent_id
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_the_demo_without_second_factor_says_so_on_every_page(client, world, settings):
    settings.FIIT_SECOND_FACTOR = False
    password_login(client, "coordinator")
    for name in ("home", "instrument-list", "framework-compare"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert b'id="second-factor-off"' in response.content
    client.post(reverse("logout"))
    assert b'id="second-factor-off"' in client.get(reverse("login")).content


def test_with_the_second_factor_on_no_page_shows_the_demo_notice(client, world, otp_login):
    otp_login(client, world.users["coordinator"])
    assert b"second-factor-off" not in client.get(reverse("home")).content


def test_the_otp_login_fixture_gives_a_verified_session(client, world, otp_login):
    device = otp_login(client, world.users["int_be"])
    assert device.confirmed and client.get(reverse("capture-list")).status_code == 200
    assert Session.objects.count() == 1


def test_analysts_read_open_answers_so_they_need_a_second_factor(client, world):
    """Issue 14, H2: before, an analyst read every victim's open answers with a password alone."""
    password_login(client, "analyst")
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("otp-setup"))
    assert client.get(reverse("capture-list")).status_code == 302


def test_an_analyst_can_be_limited_to_one_country(world):
    from fiit.db.access import countries_for, interviews_for, scope
    from fiit.db.users import create_user

    limited = create_user("analyst_it", "analyst", "a long enough password 1", country="IT")
    assert scope(limited, "view_interview") == "country" and scope(limited, "view_reports") == "all"
    assert countries_for(limited, "code_answers") == ["IT"]
    assert all(i.country_id == "IT" for i in interviews_for(limited))
    assert countries_for(world.users["analyst"], "code_answers") is None  # the unlimited analyst


def test_the_sessions_device_is_read_as_django_otp_reads_it(client, world):
    """fiit's OTPMiddleware reads the session's device with a prepared statement (issue 16): the same
    device as django-otp's ``Device.from_persistent_id``, and verification ends when the device is
    unconfirmed, deleted or the session names something that is not a device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device
    from django_otp_webauthn.models import WebAuthnCredential

    from fiit.web.second_factor import OTPMiddleware
    from tests.support.otp import verified_login

    user = world.users["lead_be"]
    passkey = WebAuthnCredential.objects.create(user=user, name="phone", confirmed=True, public_key=b"k",
                                                credential_id=b"id-1", sign_count=3)
    totp = make_device(user)
    read = OTPMiddleware(lambda request: None)._device_from_persistent_id
    for device in (totp, passkey):
        got, expected = read(device.persistent_id), Device.from_persistent_id(device.persistent_id)
        assert type(got) is type(expected)
        assert {f.attname: getattr(got, f.attname) for f in type(got)._meta.concrete_fields} == \
               {f.attname: getattr(expected, f.attname) for f in type(expected)._meta.concrete_fields}
    assert bytes(read(passkey.persistent_id).credential_id) == b"id-1"
    for odd in ("fiit.sealedtotpdevice/x", "auth.user/1", "nothing/1", "fiit.nosuchmodel/1", "fiit.sealedtotpdevice/999"):
        assert read(odd) is None, odd

    verified_login(client, user, totp)
    assert client.get(reverse("home")).status_code == 200
    type(totp).objects.filter(pk=totp.pk).update(confirmed=False)
    assert client.get(reverse("home")).status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session  # django-otp dropped it
    type(totp).objects.filter(pk=totp.pk).update(confirmed=True)
    verified_login(client, user, totp)
    type(totp).objects.filter(pk=totp.pk).delete()
    assert client.get(reverse("home")).status_code == 302
