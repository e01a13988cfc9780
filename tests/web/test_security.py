"""The page-level security habits: CSP on every response, no inline script or style, no remote assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import fiit.web

WEB = Path(fiit.web.__file__).resolve().parent
TEMPLATES = sorted((WEB / "templates").rglob("*.html"))
STYLESHEETS = sorted((WEB / "static").rglob("*.css"))


def test_there_are_templates_to_scan():
    assert len(TEMPLATES) >= 10


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_templates_have_no_inline_style_or_script(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", source, re.I), "inline style attribute"
    assert not re.search(r"<style[\s>]", source, re.I), "inline <style> element"
    for tag in re.findall(r"<script\b[^>]*>", source, re.I):
        assert re.search(r"\ssrc\s*=", tag), f"inline <script>: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", source, re.I), "inline event handler"
    assert "javascript:" not in source.lower()


@pytest.mark.parametrize("path", TEMPLATES + STYLESHEETS, ids=lambda p: str(p.relative_to(WEB)))
def test_no_remote_assets(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", source, re.I), "remote asset"
    assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", source, re.I), "remote url() in CSS"
    assert "@import" not in source and "@font-face" not in source


@pytest.mark.django_db
def test_csp_header_on_pages_errors_and_static_files(client, user, otp_login):
    paths = [reverse("login"), "/static/fiit/fiit.css", "/no-such-page/"]
    for path in paths:
        assert "script-src 'self'" in client.get(path)["Content-Security-Policy"], path
    otp_login(client, user)
    for path in (reverse("home"), reverse("instrument-detail", args=["victim"]), reverse("framework-compare")):
        csp = client.get(path)["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "style-src 'self'" in csp and "'unsafe-inline'" not in csp


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_style_or_script(client, user, otp_login):
    otp_login(client, user)
    for path in (reverse("home"), reverse("instrument-detail", args=["service_provider"]), reverse("framework-compare")):
        html = client.get(path).content.decode()
        assert " style=" not in html and "<style" not in html
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))


@pytest.mark.django_db
def test_static_route_serves_only_the_package_folder(client):
    assert client.get("/static/fiit/fiit.css").status_code == 200
    for path in ("/static/../settings.py", "/static/%2e%2e/settings.py", "/static/fiit/../../settings.py"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert b"SECRET_KEY" not in response.content
