"""Accessibility basics: landmarks, skip link, labelled controls, table headers, AA contrast."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

import fiit.web

CSS = (Path(fiit.web.__file__).resolve().parent / "static" / "fiit" / "fiit.css").read_text(encoding="utf-8")
TEMPLATES = sorted((Path(fiit.web.__file__).resolve().parent / "templates").rglob("*.html"))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))
# (text, background) pairs the stylesheet puts together.
PAIRS = [
    ("ink", "paper"), ("muted", "paper"), ("muted", "paper-alt"), ("link", "paper"), ("link", "paper-alt"),
    ("link-visited", "paper"), ("brand-ink", "brand"), ("banner-ink", "banner"), ("focus-ink", "focus"),
    ("ok-ink", "ok-bg"), ("bad-ink", "bad-bg"), ("unknown-ink", "unknown-bg"), ("quiet-ink", "quiet-bg"),
    ("enc-ink", "enc-bg"), ("cond-ink", "cond-bg"), ("ink", "cond-bg"), ("muted", "cond-bg"),
    ("unknown-ink", "paper"), ("bad-ink", "paper"), ("link", "cond-bg"),
]


@pytest.mark.parametrize("fg,bg", PAIRS)
def test_text_colours_meet_wcag_aa(fg, bg):
    assert contrast(COLOURS[fg], COLOURS[bg]) >= 4.5, (fg, bg, round(contrast(COLOURS[fg], COLOURS[bg]), 2))


def test_focus_ring_stands_out_on_the_header():
    # Non-text contrast (WCAG 1.4.11): 3:1 against the dark header.
    assert contrast(COLOURS["focus"], COLOURS["brand"]) >= 3


def test_focus_is_always_visible():
    assert ":focus-visible" in CSS and "outline: 3px solid" in CSS
    assert "outline: none" not in CSS.replace("main:focus { outline: none; }", "")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_table_headers_have_scope_and_tables_a_caption(path):
    source = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<th\b[^>]*>", source):
        assert "scope=" in tag, tag
    assert source.count("<table") == source.count("<caption")


class Landmarks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.labels: set[str] = set()
        self.controls: list[dict] = []
        self.first_link: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and self.first_link is None:
            self.first_link = a.get("href")
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "home", "instrument-list", "framework-compare"])
def test_pages_have_landmarks_a_skip_link_and_labelled_controls(client, user, name, otp_login):
    if name != "login":
        otp_login(client, user)
    html = client.get(reverse(name)).content.decode()
    page = Landmarks()
    page.feed(html)
    for landmark in ("header", "main", "footer"):
        assert page.tags.count(landmark) == 1, landmark
    if name != "login":
        assert "nav" in page.tags
    assert page.first_link == "#main" and 'id="main"' in html
    assert page.controls, "every page has at least the language switcher"
    for control in page.controls:
        assert control.get("id") in page.labels or control.get("aria-label"), control
    assert '<meta name="viewport"' in html
