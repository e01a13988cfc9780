"""Passkeys (WebAuthn) as the second factor, beside the authenticator app.

The ceremonies are django-otp-webauthn's (its JSON views under /account/passkeys/, its browser
scripts served from our own static files, never a CDN). A passkey is a second factor only: the
password comes first (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN`` is off), and the library refuses to
register a new passkey for a user who has a factor but has not verified it in this session.

What fiit adds: the two pages show the passkey button (:func:`passkey_context`), the scripts' own
sentences come in our five languages (:data:`js_catalog`, our djangojs.po beside the library's), and
every passkey sign-in or enrolment passes :func:`done`, which records it in the audit trail and gives
the session a new id, as a TOTP sign-in does (fiit.web.views.otp).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from fiit.db.audit import record
from fiit.web.second_factor import is_verified, second_factor_url

# The scripts' sentences: the library's catalogue, then ours (French, Hungarian and our wording elsewhere).
js_catalog = JavaScriptCatalog.as_view(packages=["django_otp_webauthn", "fiit.web.passkey_texts"])

# django-otp-webauthn's views: open before the second factor is verified (they are how it gets verified).
CEREMONY_URL_NAMES = frozenset({
    "credential-registration-begin", "credential-registration-complete",
    "credential-authentication-begin", "credential-authentication-complete", "js-i18n-catalog",
})


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def passkey_context(request, next_url: str) -> dict:
    """What the setup and verify pages need for the passkey button: the library's configuration and
    where to go once the ceremony succeeded (our :func:`done`, which then goes on to ``next_url``)."""
    done_url = reverse("passkey-done") + "?" + urlencode({"next": next_url})
    return {
        "passkey_config": get_configuration(request, {"nextFieldSelector": "#passkey-next"}),
        "passkey_done_url": done_url,
    }


@never_cache
def done(request):
    """After a passkey ceremony: audit it, renew the session id, go on (or back to the factor pages)."""
    from fiit.web.views.otp import ENROLLING_SESSION_KEY, _next_url

    user = request.user
    device = getattr(user, "otp_device", None)
    if not is_verified(user):
        return redirect(second_factor_url(user, _next_url(request)))
    if isinstance(device, WebAuthnCredential) and request.session.get("fiit_passkey_recorded") != device.persistent_id:
        request.session.cycle_key()
        request.session.pop(ENROLLING_SESSION_KEY, None)
        request.session["fiit_passkey_recorded"] = device.persistent_id
        record("login", actor=user.get_username(), record_type="user", record_id=user.pk,
               details={"method": "passkey"})
    return redirect(_next_url(request))
