"""The demo's qualitative layer fills every chapter of the seed's plan: findings and good practices per theme,
conclusions and recommendations linked to evidence; each statement names what the synthetic coding holds."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fiit.coding.codebook import default_codebook
from fiit.demo.findings import LANGUAGES, conclusion_statement, finding_statement, practice_statement

pytestmark = pytest.mark.django_db


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.find("<section", start + 1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end if end > 0 else None]))


def test_the_conclusions_name_each_themes_most_coded_topic(comparative, demo_data):
    _report, html, _pdf, _docx = comparative
    book = default_codebook()
    conclusions = _section(html, "conclusions")
    assert "No conclusions have been published" not in conclusions
    countries = {country for _code, country in demo_data.codings}
    by_theme: dict[str, Counter] = {}
    for code, country in demo_data.codings:
        theme = book.theme_of(code)
        if theme and not book.code(code).theme and book.code(code).codable:
            by_theme.setdefault(theme, Counter())[code] += 1
    assert len(by_theme) >= 5
    for theme, counts in by_theme.items():
        top = max(counts.values())
        winner = min(c for c, n in counts.items() if n == top)      # ties go to the first code id
        m = len({country for code, country in demo_data.codings if code == winner})
        label = book.code(winner).name("en")
        assert f"“{label}” was the topic coded most often in this theme; it came up in {m} of {len(countries)} " \
               "countries (synthetic demo conclusion)" in conclusions, (theme, label)


def test_the_demo_publishes_recommendations_linked_to_evidence(comparative):
    _report, html, _pdf, _docx = comparative
    recommendations = _section(html, "recommendations")
    assert "No recommendations have been published" not in recommendations
    assert recommendations.count("(synthetic demo recommendation, not advice)") == 6   # one per theme
    assert recommendations.count("Evidence:") >= 6


def test_theme_chapters_hold_a_finding_and_a_good_practice_per_country(comparative):
    _report, html, _pdf, _docx = comparative
    for theme in ("status", "safety", "accommodation", "work", "welfare"):
        practices = _section(html, f"theme-{theme}-practices")
        assert "No good practices" not in practices
        assert practices.count("(synthetic demo good practice)") >= 3, theme


def test_statements_exist_in_every_language_and_mark_themselves_synthetic():
    a = {lang: f"A-{lang}" for lang in LANGUAGES}
    b = {lang: f"B-{lang}" for lang in LANGUAGES}
    finding = finding_statement([a, b], 7)
    assert finding["en"] == "The topics coded most often were “A-en” and “B-en” (7 coded passages; synthetic demo finding)."
    assert finding["fr"].startswith("Les sujets les plus souvent codés étaient « A-fr » et « B-fr »")
    for statement in (finding, practice_statement(a), conclusion_statement(a, 2, 5)):
        assert set(statement) == {"en", "nl", "fr", "it", "hu"}
        for lang, sentence in statement.items():
            assert f"A-{lang}" in sentence and next(ch for ch in sentence if ch.isalpha()).isupper()
            assert any(w in sentence for w in ("synthetic", "synthetische", "synthétique", "sintetic", "szintetikus"))
