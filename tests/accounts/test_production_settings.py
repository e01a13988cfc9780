"""Safe defaults: production refuses to start without its secrets, and runs with strict cookies and headers.

Each case starts Django in a fresh process with FIIT_MODE=production (settings are read once per process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from fiit.vault import create_key_file

GOOD_SECRET = "k" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e"  # 60 characters
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from fiit.web.middleware import CSP
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE, "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SESSION_COOKIE_SAMESITE": s.SESSION_COOKIE_SAMESITE, "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "CSRF_COOKIE_SAMESITE": s.CSRF_COOKIE_SAMESITE, "LANGUAGE_COOKIE_SECURE": s.LANGUAGE_COOKIE_SECURE,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS, "SECURE_HSTS_SECONDS": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT, "SECURE_CONTENT_TYPE_NOSNIFF": s.SECURE_CONTENT_TYPE_NOSNIFF,
    "CSRF": "django.middleware.csrf.CsrfViewMiddleware" in s.MIDDLEWARE,
    "FRAMES": "django.middleware.clickjacking.XFrameOptionsMiddleware" in s.MIDDLEWARE,
    "CSP_MIDDLEWARE": "fiit.web.middleware.ContentSecurityPolicyMiddleware" in s.MIDDLEWARE,
    "CSP": CSP, "SECOND_FACTOR": s.FIIT_SECOND_FACTOR, "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": s.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "SESSION_SAVE_EVERY_REQUEST": s.SESSION_SAVE_EVERY_REQUEST, "HASHER": s.PASSWORD_HASHERS[0],
}))
"""


@pytest.fixture
def start(tmp_path):
    key_file = create_key_file(tmp_path / "keys" / "fiit-keys.json", purpose="test").path

    def run(mode="production", **env_extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
        env.update({"DJANGO_SETTINGS_MODULE": "fiit.web.settings", "FIIT_MODE": mode,
                    "FIIT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
        if mode == "production":
            env.update({"FIIT_SECRET_KEY": GOOD_SECRET, "FIIT_KEY_FILE": str(key_file)})
        env.update({k: v for k, v in env_extra.items() if v is not None})
        for k in [k for k, v in env_extra.items() if v is None]:
            env.pop(k, None)
        result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
        return result

    return run


def settings_of(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("secret", [None, "", "short-secret", "django-insecure-" + "x" * 60])
def test_production_refuses_to_start_without_a_real_secret_key(start, secret):
    result = start(FIIT_SECRET_KEY=secret)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "FIIT_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key_file", [None, "", "/nonexistent/fiit-keys.json"])
def test_production_refuses_to_start_without_the_key_file(start, key_file):
    result = start(FIIT_KEY_FILE=key_file)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "FIIT_KEY_FILE" in result.stderr


def test_production_cookies_headers_and_policy(start):
    s = settings_of(start(FIIT_DEBUG="1"))
    assert s["DEBUG"] is False  # FIIT_DEBUG is ignored in production
    assert s["SESSION_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_SECURE"]
    assert s["LANGUAGE_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_SAMESITE"] == "Strict" and s["CSRF_COOKIE_SAMESITE"] == "Strict"
    assert s["CSRF"] and s["FRAMES"] and s["X_FRAME_OPTIONS"] == "DENY" and s["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert s["CSP_MIDDLEWARE"] and "'unsafe-inline'" not in s["CSP"] and "'unsafe-eval'" not in s["CSP"]
    assert "script-src 'self'" in s["CSP"] and "frame-ancestors 'none'" in s["CSP"]
    assert s["SECOND_FACTOR"] is True
    assert s["SESSION_COOKIE_AGE"] == 1800 and s["SESSION_EXPIRE_AT_BROWSER_CLOSE"] and s["SESSION_SAVE_EVERY_REQUEST"]
    assert s["HASHER"].endswith("Argon2PasswordHasher")
    assert s["SECURE_HSTS_SECONDS"] == 0 and not s["SECURE_SSL_REDIRECT"]  # HTTPS is the operator's choice


def test_https_turns_on_hsts_and_the_redirect(start):
    s = settings_of(start(FIIT_HTTPS="1"))
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and s["SECURE_SSL_REDIRECT"]


@pytest.mark.parametrize("mode,flag,expected", [
    ("demo", None, False),          # the demo switches the second factor off by default ...
    ("demo", "1", False),
    ("demo", "0", True),            # ... unless told not to
    ("test", "1", True),            # honoured only in the demo
    ("cli", "1", True),
    ("production", "1", True),
])
def test_only_the_demo_may_switch_the_second_factor_off(start, mode, flag, expected):
    assert settings_of(start(mode, FIIT_DEMO_NO_2FA=flag))["SECOND_FACTOR"] is expected


@pytest.mark.django_db
def test_pages_refuse_framing_and_posts_without_the_csrf_token(world):
    from django.test import Client
    from django.urls import reverse

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    assert page["X-Frame-Options"] == "DENY" and "'unsafe-inline'" not in page["Content-Security-Policy"]
    refused = client.post(reverse("login"), {"username": "analyst", "password": "a-test-password-of-some-length"})
    assert refused.status_code == 403 and "_auth_user_id" not in client.session


# -- issue 14, L6 -----------------------------------------------------------------------------------------

def test_production_refuses_a_secret_of_one_repeated_character(start):
    result = start(FIIT_SECRET_KEY="a" * 60)
    assert result.returncode != 0 and "random string" in result.stderr
    # The refusal gives a recipe, and what that recipe makes is accepted.
    recipe = result.stderr.split("make one with: ")[1].strip().splitlines()[0].strip()
    made = subprocess.run(["bash", "-c", recipe], capture_output=True, text=True, check=True).stdout.strip()
    assert start(FIIT_SECRET_KEY=made).returncode == 0


def test_production_refuses_the_demo_key_file(start, tmp_path):
    demo = create_key_file(tmp_path / "cfg" / "demo-keys.json", purpose="demo").path
    result = start(FIIT_KEY_FILE=str(demo))
    assert result.returncode != 0 and "demo key file" in result.stderr


def test_serve_refuses_test_mode_with_debug(tmp_path):
    from tests.cli.conftest import run_fiit

    keys = create_key_file(tmp_path / "k" / "keys.json", purpose="test").path
    result = run_fiit("--key-file", str(keys), "--db", str(tmp_path / "x.sqlite3"), "serve", "--port", "0",
                      env_extra={"FIIT_MODE": "test", "FIIT_DEBUG": "1"}, timeout=120)
    assert result.returncode == 1 and "production or demo mode" in result.stderr
