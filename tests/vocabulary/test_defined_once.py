"""A fact of the study design is written in one place: the vocabulary's data files.

This scans the source of fiit (every module under src/fiit but the vocabulary
itself and the migrations, and every template) for what would be a second copy:

* a tuple, list or set literal holding two or more of the study's country codes
  (ISO or Eurostat), language codes or theme codes;
* a dict literal mapping two or more country codes to language codes or to
  country names, or two or more language codes to language names;
* an English theme label as a string of its own (in Python) or in a template.

A scan that found nothing because it looked at nothing would pass too, so the
scanner is first run on snippets that must be caught.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from fiit.vocabulary import vocabulary

SRC = Path(__file__).resolve().parents[2] / "src" / "fiit"
SKIP_DIRS = (SRC / "vocabulary", SRC / "db" / "migrations")

#: (file relative to src/fiit, value): allowed, with the reason.
ALLOWED = {
    # The FIIT report's own chapter titles, as framework sources cite them ("Chapter 'Work'"), with their
    # translations: names of places in the seed document, not fiit's theme labels.
    ("reports/sources.py", "Work"),
    ("reports/sources.py", "Access to welfare and social assistance"),
}


def _vocabulary_terms():
    v = vocabulary()
    countries = set(v.country_codes) | {c.eurostat for c in v.countries}
    languages = set(v.language_codes)
    themes = set(v.theme_codes)
    theme_labels = {t.label["en"] for t in v.themes}
    country_names = {name for c in v.countries for name in c.name.values()}
    language_names = {name for lang in v.languages for name in (lang.endonym, *lang.name.values())}
    return countries, languages, themes, theme_labels, country_names, language_names


COUNTRIES, LANGUAGES, THEMES, THEME_LABELS, COUNTRY_NAMES, LANGUAGE_NAMES = _vocabulary_terms()


def _strings(nodes) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def copies_in_python(source: str) -> list[tuple[int, str]]:
    """(line, what) for every second copy of the vocabulary in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            # the codes themselves, or the first item of pairs: [("en", "English"), ("nl", ...)]
            values = _strings(node.elts) or _strings(
                [e.elts[0] for e in node.elts if isinstance(e, (ast.Tuple, ast.List)) and e.elts])
            for kind, known in (("country codes", COUNTRIES), ("language codes", LANGUAGES), ("themes", THEMES)):
                hits = [v for v in values if v in known]
                if len(hits) >= 2:
                    found.append((node.lineno, f"a list of {kind}: {', '.join(hits)}"))
        elif isinstance(node, ast.Dict):
            keys = _strings([k for k in node.keys if k is not None])
            values = _strings(node.values)
            if len(values) < 2 or len(values) != len(node.values):
                continue
            if sum(k in COUNTRIES for k in keys) >= 2 and all(v in LANGUAGES | COUNTRY_NAMES for v in values):
                found.append((node.lineno, f"countries mapped to languages or names: {', '.join(keys)}"))
            if sum(k in LANGUAGES for k in keys) >= 2 and all(v in LANGUAGE_NAMES for v in values):
                found.append((node.lineno, f"language names: {', '.join(keys)}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in THEME_LABELS:
            found.append((node.lineno, node.value))
    return found


def copies_in_template(text: str) -> list[tuple[int, str]]:
    found = []
    for label in THEME_LABELS:
        # the label as a whole text: a translated string of its own or an element's content
        for match in re.finditer(rf"(?<=[\"'>]){re.escape(label)}(?=[\"'<])", text):
            found.append((text.count("\n", 0, match.start()) + 1, label))
    return found


@pytest.mark.parametrize("snippet", [
    'COUNTRIES = ("BE", "FR", "HU", "IT", "GB")',
    'ORDER = ["FR", "UK"]',
    'LANGS = ("en", "nl", "fr", "it", "hu")',
    'LANGUAGES = [("en", "English"), ("nl", "Nederlands")]',
    'THEMES = ("status", "safety", "accommodation")',
    'DEFAULT = {"BE": "nl", "FR": "fr"}',
    'NAMES = {"en": "English", "nl": "Nederlands"}',
    'NAMES = {"BE": "Belgium", "HU": "Hungary"}',
    'label = _("Access to welfare and social assistance")',
    'f(click.Choice(["en", "nl"]))',
])
def test_the_scanner_catches_a_second_copy(snippet):
    assert copies_in_python(snippet) != []


@pytest.mark.parametrize("snippet", [
    'P = {"en": "Yes", "nl": "Ja", "fr": "Oui"}',  # a text in several languages is not a list of languages
    'VICTIMS = {"BE": 11, "FR": 23}',  # per-country figures of the seed
    'if country == "HU": pass',
    'QUASI = ("country", "gender")',
])
def test_the_scanner_leaves_ordinary_code_alone(snippet):
    assert copies_in_python(snippet) == []


def test_the_template_scan_catches_a_theme_label():
    assert copies_in_template("<h2>{% translate \"Legal status\" %}</h2>") == [(1, "Legal status")]


def test_no_list_of_countries_languages_or_themes_outside_the_vocabulary():
    modules = [p for p in SRC.rglob("*.py") if not any(d in p.parents for d in SKIP_DIRS)]
    assert len(modules) > 100  # the scan really looks at fiit's source
    found = []
    for path in modules:
        rel = path.relative_to(SRC).as_posix()
        found += [f"{rel}:{line}: {what}" for line, what in copies_in_python(path.read_text(encoding="utf-8"))
                  if (rel, what) not in ALLOWED]
    for path in SRC.rglob("*.html"):
        rel = path.relative_to(SRC).as_posix()
        found += [f"{rel}:{line}: {what}" for line, what in copies_in_template(path.read_text(encoding="utf-8"))]
    assert found == [], "write these in src/fiit/vocabulary/data and read them with fiit.vocabulary:\n" + \
        "\n".join(found)
