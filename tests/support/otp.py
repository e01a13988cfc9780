"""Two-factor sign-in for tests: a TOTP device with a known secret, its codes, a verified session.

- :func:`verified_login` (also the ``otp_login`` fixture of tests/conftest.py): ``client.force_login``
  plus the session key django-otp reads, so users who need a second factor reach every page.
- For a browser test: ``device = make_device(user)``, log in with the password, then type
  ``code(device)`` on the /account/two-factor/verify/ page. A code is accepted once: for a second
  login with the same device type ``unused_code(device)``.
"""

from __future__ import annotations

import time

KNOWN_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, hex


def make_device(user, key: str = KNOWN_KEY):
    """A confirmed TOTP device for ``user`` with a known secret (hex), sealed as the app seals it."""
    from fiit.db.sign_in_models import SealedTOTPDevice

    return SealedTOTPDevice.enrol(user, "test device", secret=bytes.fromhex(key), confirmed=True)


def code(device, steps_ahead: int = 0, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for ``device`` now (or ``steps_ahead`` steps later)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = (time.time() if at is None else at) + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def unused_code(device) -> str:
    """A code the server will take even if it has taken one from ``device`` in this time step.

    The server's step is ``now + drift`` and it takes a step from ``last_t + 1`` on, within
    ``tolerance`` of its own. Both ``last_t`` and ``drift`` come from the device's last accepted code:
    a code typed just before a step boundary and checked just after sets ``drift`` to -1, so adding
    the drift to a step chosen from ``last_t`` (already drifted) would give a code that was used.
    """
    from django_otp.oath import hotp

    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    return f"{hotp(device.bin_key, max(now, device.last_t + 1), digits=device.digits):0{device.digits}d}"


def verified_login(client, user, device=None):
    """Log ``user`` in on the test ``client`` with a verified second factor; returns the device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from fiit.db.sign_in_models import SealedTOTPDevice

    client.force_login(user)
    device = device or SealedTOTPDevice.objects.filter(user=user, confirmed=True).first() or make_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
