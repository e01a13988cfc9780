"""The URLs of fiit. Every view needs a login unless marked ``login_not_required`` (see access.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from django.views.static import serve

from fiit.web.access import require_login
from fiit.web.views import auth, errors, frameworks, home, instruments

STATIC_DIR = Path(__file__).resolve().parent / "static"


@login_not_required
def static_file(request, path, document_root):
    return serve(request, path, document_root=document_root)


urlpatterns: list = [
    path("", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", auth.set_language, name="set_language"),
    path("instruments/", instruments.instrument_list, name="instrument-list"),
    path("instruments/<slug:instrument_id>/", instruments.instrument_detail, name="instrument-detail"),
    path("frameworks/", frameworks.framework_compare, name="framework-compare"),
    path("frameworks/<str:code>/", frameworks.framework_country, name="framework-country"),
]

if "whitenoise.middleware.WhiteNoiseMiddleware" not in settings.MIDDLEWARE:
    # Until the settings serve static files (WhiteNoise), serve fiit's own stylesheet and icon
    # from the package: only that folder, read-only, open to anonymous users (the login page needs them).
    prefix = settings.STATIC_URL.strip("/")
    urlpatterns.append(
        re_path(rf"^{prefix}/(?P<path>.*)$", static_file, {"document_root": STATIC_DIR})
    )

urlpatterns = require_login(urlpatterns)

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
