"""Django settings for fiit, read from the environment.

FIIT_MODE: ``production`` (default), ``demo`` or ``test``. Production refuses to
start without a real secret key (FIIT_SECRET_KEY) and a key file
(FIIT_KEY_FILE): fiit never falls back to a built-in secret.
FIIT_DATABASE_URL: ``sqlite:///path`` (default ``./data/fiit.sqlite3``) or a
``postgresql://`` URL.
FIIT_HTTPS=1: the site is reached over HTTPS only (redirect, HSTS); add
FIIT_BEHIND_PROXY=1 when a reverse proxy terminates TLS and sets X-Forwarded-Proto
(believed only from FIIT_TRUSTED_PROXIES, default 127.0.0.1; see fiit.web.server).
FIIT_DEMO_NO_2FA: the demo switches the second factor off unless this is ``0``;
honoured only when FIIT_MODE is ``demo`` (every page then says so).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from fiit.db.config import database_settings, default_database_url
from fiit.vault.filemodes import private_files

private_files()  # before the first write: the database, its -wal/-shm and the session rows are the owner's only
from fiit.vocabulary import vocabulary

MODE = os.environ.get("FIIT_MODE", "production")
if MODE not in ("production", "demo", "test", "cli"):
    raise ImproperlyConfigured(f"FIIT_MODE must be production, demo, test or cli, not '{MODE}'.")

def _key_file_purpose(path: str) -> str:
    import json

    try:
        return str(json.loads(Path(path).read_text(encoding="utf-8")).get("purpose", "production"))
    except (OSError, ValueError, AttributeError):
        return "unreadable"  # load_key_file says why, at the first use


DEBUG = os.environ.get("FIIT_DEBUG") == "1" and MODE != "production"
SECRET_KEY = os.environ.get("FIIT_SECRET_KEY", "")
KEY_FILE = os.environ.get("FIIT_KEY_FILE", "")
if MODE == "production":
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 16:
        raise ImproperlyConfigured(
            "fiit will not start in production without FIIT_SECRET_KEY set to a random string of 50+ characters "
            "with at least 16 different characters; make one with: "
            "python3 -c \"import secrets; print(secrets.token_urlsafe(48))\""
        )
    if not KEY_FILE or not Path(KEY_FILE).is_file():
        raise ImproperlyConfigured(
            "fiit will not start in production without FIIT_KEY_FILE naming an existing key file "
            "(create one with 'fiit keys init')."
        )
    if _key_file_purpose(KEY_FILE) == "demo":  # issue 14, L6
        raise ImproperlyConfigured(
            "fiit will not start in production with the demo key file, which protects synthetic demo data only "
            "(create a key file with 'fiit keys init')."
        )
elif not SECRET_KEY:
    # Demo and test runs get a per-process random secret, never a shared constant.
    import secrets

    SECRET_KEY = secrets.token_urlsafe(64)

ALLOWED_HOSTS = [h for h in os.environ.get("FIIT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",  # passkeys beside TOTP (fiit.web.views.passkeys)
    "axes",  # before fiit.web: its login-failure receiver marks a lockout before ours audits it
    "fiit.db",
    "fiit.web",
    "fiit.web.passkey_texts",  # translations of the passkey scripts' sentences (views/passkeys.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fiit.web.second_factor.OTPMiddleware",  # django-otp's, reading the device with a prepared statement
    "fiit.web.middleware.ProfileOnceMiddleware",
    "fiit.web.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fiit.web.middleware.ContentSecurityPolicyMiddleware",
    "fiit.web.middleware.FiitErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the login page
]

ROOT_URLCONF = "fiit.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fiit.web.context.fiit_context",
                "fiit.web.second_factor.second_factor_context",
            ],
        },
    }
]
WSGI_APPLICATION = "fiit.web.wsgi.application"

DATABASES = {"default": database_settings(os.environ.get("FIIT_DATABASE_URL") or default_database_url())}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if MODE == "test":
    # Tests create many users; a fast hasher keeps the suite quick. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    # A password like the username (or equal to it) is refused (issue 14, L7).
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username",)}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes checks for a lockout before the password is even tried; ModelBackend then logs in
# (fiit's subclass reads a signed-in user's profile in the same query as the user, issue 16).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "fiit.web.sign_in_backend.UserWithProfileBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The study vocabulary's languages, each named in itself (a new one needs no change here;
# its interface sentences need a catalogue in LOCALE_PATHS, see docs/architecture.md).
LANGUAGES = [(language.code, language.endonym) for language in vocabulary().languages]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# The report stylesheet lives with the report renderers (the standalone HTML and the PDF inline it);
# the in-app report pages link the same file. Only that folder of assets is exposed.
STATICFILES_DIRS = [("fiit/report", str(Path(__file__).resolve().parent.parent / "reports" / "assets"))]
STATIC_ROOT = os.environ.get("FIIT_STATIC_ROOT") or None
# Static files are served by WhiteNoise straight from the package (no collectstatic step needed).
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
WHITENOISE_AUTOREFRESH = False
# Static files are cached by browsers for a day (issue 16); the offline worker (/sw.js) is a view, not cached here.
WHITENOISE_MAX_AGE = 24 * 3600
from fiit.web.middleware import add_static_headers  # noqa: E402

WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers

# Login lockout (django-axes): 5 failures for one username from one address lock that pair for
# 30 minutes (a fixed window: more tries while locked do not extend it). A successful login resets
# the count. Only REMOTE_ADDR is trusted for the address (a client sets X-Forwarded-For at will).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "fiit.web.views.auth.locked_out"
AXES_USERNAME_CALLABLE = "fiit.web.views.auth.lockout_key"  # a keyed hash: typed usernames are not stored
AXES_DISABLE_ACCESS_LOG = True  # logins are in fiit's own audit trail; no second log of addresses
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Second factor (django-otp, TOTP) for every role that may see identifying fields; see second_factor.py.
FIIT_SECOND_FACTOR = True
if MODE == "demo" and os.environ.get("FIIT_DEMO_NO_2FA", "1") != "0":
    FIIT_SECOND_FACTOR = False  # synthetic data only; every page says that two-factor sign-in is off
OTP_TOTP_ISSUER = "fiit"
# Passkeys (WebAuthn, django-otp-webauthn) as a second factor, never instead of the password. The relying
# party is the site's host name; origins are the exact URLs users open (https in production).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "fiit"
OTP_WEBAUTHN_RP_ID = os.environ.get("FIIT_PASSKEY_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = os.environ.get("FIIT_PASSKEY_ORIGINS", "http://localhost:8000").split()

# Idle timeout: a session ends 30 minutes after its last request, and when the browser closes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# ... but an unchanged session is written at most once a minute (fiit.web.sessions; issue 16).
SESSION_ENGINE = "fiit.web.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = MODE == "production"
CSRF_COOKIE_SECURE = MODE == "production"
LANGUAGE_COOKIE_SECURE = MODE == "production"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if os.environ.get("FIIT_HTTPS") == "1":
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    # Behind a reverse proxy (FIIT_BEHIND_PROXY=1), `fiit serve` believes X-Forwarded-Proto only from the
    # addresses in FIIT_TRUSTED_PROXIES (default 127.0.0.1) and sets the request's scheme from it
    # (fiit.web.server.proxy_options); Django itself never trusts the header, so no client can fake it.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
