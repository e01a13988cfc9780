"""Two-factor sign-in (TOTP or a passkey, django-otp) for every role that may see identifying fields.

Who needs it follows the one permission table: a user needs a second factor when
the table lets them read open answers or identifying fields anywhere
(:data:`READS_NARRATIVES`: today coordinators, country leads, interviewers and
analysts — an analyst reads victims' own words, issue 14 H2). Viewers, who see
published reports only, sign in with a password.

:class:`SecondFactorMiddleware` keeps such a user, once their password is
accepted, on the two-factor pages until a code is verified: without a confirmed
device they enrol (QR code and secret), with one they type a code. Every other
page answers a redirect, so a view added later is covered without anyone
remembering to cover it (deny by default, as with the login itself).

The demo may switch this off (``FIIT_SECOND_FACTOR`` False, see settings); every
page then says so.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.db import router
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp import middleware as otp_middleware
from django_otp.models import Device

from fiit.db.access import scope
from fiit.db.prepared_queries import PreparedQuery

# Actions that read victims' and professionals' open answers or identifying fields.
READS_NARRATIVES = ("view_identifying", "view_interview", "code_answers", "approve_quote")

# Set by a page that asks a user who does not otherwise need a second factor (an analyst opening the
# coding workbench, fiit.web.coding.guard) to verify one for this session: the two-factor pages then serve them.
STEP_UP_SESSION_KEY = "fiit_second_factor_step_up"

# Pages an authenticated but not yet verified user may reach.
OPEN_BEFORE_SECOND_FACTOR = frozenset({
    "otp-setup", "otp-verify", "otp-qr", "logout", "login", "set_language",
    # passkeys: django-otp-webauthn's ceremonies (it refuses to register a new passkey for a user who has a
    # factor but has not verified it), their scripts' sentences, and fiit's page after a ceremony
    "credential-registration-begin", "credential-registration-complete",
    "credential-authentication-begin", "credential-authentication-complete", "js-i18n-catalog",
    "passkey-js-catalog", "passkey-done",
})


def required() -> bool:
    """Is two-factor sign-in switched on (always, except in a demo that switched it off)?"""
    return bool(getattr(settings, "FIIT_SECOND_FACTOR", True))


def needs_second_factor(user) -> bool:
    """Must this user verify a second factor (TOTP code or passkey) after their password?"""
    if not required() or user is None or not user.is_authenticated:
        return False
    return any(scope(user, action) is not None for action in READS_NARRATIVES)


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_factor_url(user, next_url: str = "") -> str:
    """Where a user without a verified code goes: enrolment, or the code page."""
    target = reverse("otp-verify") if has_device(user) else reverse("otp-setup")
    return target + ("?" + urlencode({"next": next_url}) if next_url else "")


#: Where the device's id goes in the compiled statement: no device has it (ids are positive).
_SENTINEL_ID = -7316


@cache
def _device_read(model) -> PreparedQuery:
    """django-otp's query for a device by id (``Device.from_persistent_id``), compiled once per device model."""
    return PreparedQuery(lambda pk: model.objects.filter(id=pk), [(model._meta.get_field("id"), _SENTINEL_ID)],
                         using=router.db_for_read(model))


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware, reading the session's verified device with django-otp's query compiled once
    (fiit.db.prepared_queries; issue 16: every page of a signed-in user reads it; through the ORM that read
    cost ~0.3 ms of CPU, most of it compiling the same query). The device is looked up as django-otp's
    ``Device.from_persistent_id`` does; django-otp then drops it, and the verification with it, unless it is
    confirmed and the user's."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            app_label, model_name = model_label.split(".")
            model = apps.get_model(app_label, model_name)
            device_id = int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        found = _device_read(model).instances(device_id)
        return found[0] if found else None


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: hold unverified users on the two-factor pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        user = getattr(request, "user", None)
        if needs_second_factor(user) and not is_verified(user):
            next_url = request.get_full_path() if request.method == "GET" else ""
            return HttpResponseRedirect(second_factor_url(user, next_url))
        return None


def second_factor_context(request):
    """``second_factor_off``: True when the demo switched two-factor sign-in off (shown on every page)."""
    return {"second_factor_off": not required()}
