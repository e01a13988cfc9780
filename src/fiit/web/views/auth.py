"""Logging in and out, and switching the interface language.

After login the interface switches to the language on the user's profile; the
language switcher (Django's ``set_language``) changes it from there on.
Repeated failures lock the username for this address (django-axes, see
settings); :func:`locked_out` shows the login page with that message.
Users who may see identifying fields then pass the second factor (otp.py).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views import i18n

from fiit.web.languages import profile_language


class LoginView(auth_views.LoginView):
    template_name = "fiit/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        """Tie each error to its field for screen readers."""
        for name, field in form.fields.items():
            if name in form.errors:
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"{form[name].id_for_label}-error"})
            elif form.non_field_errors():
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": "login-errors"})
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        lang = profile_language(form.get_user())
        if lang:
            set_language_cookie(response, lang)
        return response


def set_language_cookie(response, lang: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); the template is never shown, logout redirects to the login page."""


@login_not_required
def set_language(request):
    """Django's language switch, open to anonymous users so the login page can be read in any language."""
    return i18n.set_language(request)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: the login page, in the user's language, saying why and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request)
    context = {"form": form, "locked": True, "lock_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "fiit/login.html", context, status=429)


def lockout_key(request, credentials=None) -> str:
    """What django-axes stores and counts for a username: a keyed hash, never the typed text.

    Whatever was typed into the username box (sometimes a password, sometimes a
    person's name) stays out of the lockout table; equal usernames still give
    equal keys, so the count and the lock work as before.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = (credentials or {}).get(field) if credentials else getattr(request, "POST", {}).get(field)
    if not typed:
        return ""
    digest = hmac.new(settings.SECRET_KEY.encode(), str(typed).encode("utf-8"), hashlib.sha256).hexdigest()
    return "h:" + digest[:40]
