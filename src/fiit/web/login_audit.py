"""Every login, failed login and logout goes into the audit trail (from Django's auth signals).

Never a password. A failed login names the attempted username only when such a
user exists (else ``unknown``): a mistyped password pasted into the username box
must not end up in the trail. A failure that locks the account (django-axes)
carries ``{"locked": true}``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from fiit.db.audit import record

UNKNOWN = "unknown"


def _second_factor_state(user) -> str:
    from fiit.web.second_factor import needs_second_factor

    return "pending" if needs_second_factor(user) else "not_required"


def on_login(sender, request, user, **kwargs):
    record("login", actor=user.get_username(), record_type="user", record_id=user.pk,
           details={"method": "password", "second_factor": _second_factor_state(user)})


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get(get_user_model().USERNAME_FIELD) or ""
    user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    record("login_failed", actor=user.get_username() if user else UNKNOWN, record_type="user" if user else "",
           record_id=user.pk if user else "", details={"method": "password", "locked": locked})


def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    record("logout", actor=user.get_username(), record_type="user", record_id=user.pk)


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="fiit-audit-login")
    user_login_failed.connect(on_login_failed, dispatch_uid="fiit-audit-login-failed")
    user_logged_out.connect(on_logout, dispatch_uid="fiit-audit-logout")
