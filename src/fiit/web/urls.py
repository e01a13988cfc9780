"""The URLs of fiit. Every view needs a login unless marked ``login_not_required`` (see access.py)."""

from __future__ import annotations

from django.urls import include, path

from fiit.web.access import require_login
from fiit.web.views import account, auth, errors, frameworks, home, instruments, otp, passkeys, ping, pwa

urlpatterns: list = [
    path("", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", auth.set_language, name="set_language"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("ping/", ping.ping, name="ping"),
    path("manifest.webmanifest", pwa.manifest, name="web-manifest"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password-change"),
    path("account/two-factor/setup/", otp.setup, name="otp-setup"),
    path("account/two-factor/qr.svg", otp.qr_code, name="otp-qr"),
    path("account/two-factor/verify/", otp.verify, name="otp-verify"),
    path("account/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("account/passkeys/done/", passkeys.done, name="passkey-done"),
    path("account/passkeys/texts.js", passkeys.js_catalog, name="passkey-js-catalog"),
    path("instruments/", instruments.instrument_list, name="instrument-list"),
    path("instruments/<slug:instrument_id>/", instruments.instrument_detail, name="instrument-detail"),
    path("frameworks/", frameworks.framework_compare, name="framework-compare"),
    path("frameworks/<str:code>/", frameworks.framework_country, name="framework-country"),
    path("interviews/", include("fiit.web.capture.urls")),
    path("reports/", include("fiit.web.reports.urls")),
    path("editorial/", include("fiit.web.editorial.urls")),
    path("coding/", include("fiit.web.coding.urls")),
]

# Static files are served by WhiteNoise (settings), outside these patterns.
urlpatterns = require_login(urlpatterns)

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
