"""Two-factor sign-in pages: enrol a TOTP app or a passkey, then type its code or use the passkey after each login.

Who must pass them is decided in ``fiit.web.second_factor``. Enrolment shows the
provisioning QR code (an SVG served by :func:`qr_code`, shown with <img>: the
Content-Security-Policy allows no inline markup tricks) and the same secret as
text for typing in by hand. The device is confirmed only once a code from it is
accepted. Wrong codes are throttled by django-otp (the wait doubles after each)
and audited as ``login_failed``.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from fiit.db.audit import record
from fiit.db.sign_in_models import SealedTOTPDevice
from fiit.web.views.passkeys import has_passkey, passkey_context
from fiit.web.second_factor import STEP_UP_SESSION_KEY, has_device, is_verified, needs_second_factor

ENROLLING_SESSION_KEY = "fiit_otp_enrolling"
DEVICE_NAME = "authenticator app"


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9 ]*", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if len(token) != 6 or not token.isdigit():
            raise forms.ValidationError(_("Type the six digits your authenticator app shows."))
        return token


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure()):
        return candidate
    return "/"


def _page(name: str, request) -> str:
    return reverse(name) + "?" + urlencode({"next": _next_url(request)})


def _describe_errors(form) -> None:
    """Tie the field's error to it for screen readers (as the login page does)."""
    field = form.fields["token"]
    if form.errors:
        field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"{form['token'].id_for_label}-error"})


def _throttled(device) -> bool:
    """django-otp makes the user wait after a wrong code (the wait doubles with each one)."""
    allowed, _data = device.verify_is_allowed()
    return not allowed


def _wrong_code(request, form, throttled: bool) -> None:
    if throttled:
        form.add_error("token", _("Too many wrong codes. Wait a moment, then type the code your app shows now."))
    else:
        form.add_error("token", _("That code is not right. Check that your phone's clock is correct and type the code it shows now."))
    record("login_failed", actor=request.user.get_username(), record_type="user", record_id=request.user.pk,
           details={"method": "totp", "locked": throttled})


def _verified(request, device, how: str):
    django_otp.login(request, device)
    request.session.cycle_key()  # a new session id once the user is fully signed in
    request.session.pop(ENROLLING_SESSION_KEY, None)
    record("login", actor=request.user.get_username(), record_type="user", record_id=request.user.pk,
           details={"method": "totp", "second_factor": how})
    return redirect(_next_url(request))


def _enrolling_device(request, create: bool) -> SealedTOTPDevice | None:
    """The unconfirmed device this session is enrolling (created on first visit; its secret sealed)."""
    device = SealedTOTPDevice.objects.filter(pk=request.session.get(ENROLLING_SESSION_KEY), user=request.user,
                                             confirmed=False).first()
    if device is None and create:
        SealedTOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = SealedTOTPDevice.enrol(request.user, DEVICE_NAME, confirmed=False)
        request.session[ENROLLING_SESSION_KEY] = device.pk
    return device


def grouped_secret(device: SealedTOTPDevice) -> str:
    """The base32 secret in groups of four, as authenticator apps ask for it."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@never_cache
def setup(request):
    user = request.user
    if not (needs_second_factor(user) or request.session.get(STEP_UP_SESSION_KEY)) or is_verified(user):
        return redirect(_next_url(request))
    if has_device(user):
        return redirect(_page("otp-verify", request))
    device = _enrolling_device(request, create=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled(device)
        if not throttled and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _verified(request, device, "enrolled")
        _wrong_code(request, form, throttled)
    _describe_errors(form)
    return render(request, "fiit/otp_setup.html", {
        "form": form, "secret": grouped_secret(device), "next": _next_url(request),
        **passkey_context(request, _next_url(request)),
    })


@never_cache
def verify(request):
    user = request.user
    if not (needs_second_factor(user) or request.session.get(STEP_UP_SESSION_KEY)) or is_verified(user):
        return redirect(_next_url(request))
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
    passkey = has_passkey(user)
    if device is None and not passkey:
        return redirect(_page("otp-setup", request))
    form = CodeForm(request.POST or None)
    if device is not None and request.method == "POST" and form.is_valid():
        throttled = _throttled(device)
        accepted = None if throttled else django_otp.verify_token(user, device.persistent_id, form.cleaned_data["token"])
        if accepted is not None:
            return _verified(request, accepted, "verified")
        _wrong_code(request, form, throttled)
    _describe_errors(form)
    return render(request, "fiit/otp_verify.html", {
        "form": form, "next": _next_url(request), "has_totp": device is not None, "has_passkey": passkey,
        **passkey_context(request, _next_url(request)),
    })


@never_cache
def qr_code(request):
    """The provisioning QR code of the device this session is enrolling, as SVG (404 when there is none)."""
    device = _enrolling_device(request, create=False)
    if device is None:
        raise Http404("nothing to enrol")
    svg = provisioning_svg(device.config_url)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def provisioning_svg(uri: str) -> str:
    """An SVG QR code (black on white, no Pillow needed) for an otpauth:// URI."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    return image.to_string(encoding="unicode")
