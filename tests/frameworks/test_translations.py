"""The frameworks' texts in the five languages of fiit.

The shipped files carry every text (country names, permit stages, series labels
and the descriptions of facts) in English, Dutch, French, Italian and Hungarian.
The loader requires only English and Dutch (``TEXT_LANGUAGES``): a framework
stored by an earlier fiit, or a new country not yet translated, still loads, and
readers fall back to English text by text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from fiit.frameworks import framework_from_dict, load_framework, load_framework_file
from fiit.frameworks import loader
from fiit.frameworks.model import LANGUAGES, TABLE_LABELS, TEXT_LANGUAGES, pick

from tests.frameworks.test_loader import VALID

CODES = ["BE", "FR", "HU", "IT", "GB"]
DATA_DIR = Path(loader.__file__).parent / "data"
TRANSLATED = ("fr", "it", "hu")

# Texts of more than two words that may read the same in a language as in English
# (names, for example), as (country, path, language). Keep it short and explained.
SAME_AS_ENGLISH: set[tuple[str, str, str]] = set()


def _raw_texts(data, path=""):
    """(path, mapping) for every mapping by language in the file, found without the model."""
    if isinstance(data, dict):
        if "en" in data and all(isinstance(v, str) for v in data.values()):
            yield path, data
            return
        for key, value in data.items():
            yield from _raw_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _raw_texts(value, f"{path}[{i}]")


def _texts(code):
    return list(load_framework(code).texts())


@pytest.mark.parametrize("code", CODES)
def test_texts_lists_every_text_of_the_file(code):
    raw = yaml.safe_load((DATA_DIR / f"{code.lower()}.yaml").read_text(encoding="utf-8"))
    assert {path for path, _ in _raw_texts(raw)} == {path for path, _ in _texts(code)}


@pytest.mark.parametrize("code", CODES)
def test_every_shipped_text_is_in_all_five_languages(code):
    missing = [(path, lang) for path, text in _texts(code) for lang in LANGUAGES
               if not (text.get(lang) or "").strip()]
    assert missing == []


@pytest.mark.parametrize("code", CODES)
def test_translations_are_not_english_left_in_place(code):
    same = []
    for path, text in _texts(code):
        if len(text["en"].split()) <= 2:
            continue  # a name or a single term may be the same word ("Belgium" in Hungarian)
        for lang in TRANSLATED:
            if text.get(lang, "").strip() == text["en"].strip() and (code, path, lang) not in SAME_AS_ENGLISH:
                same.append((path, lang))
    assert same == []


@pytest.mark.parametrize("code", CODES)
def test_translations_keep_every_figure(code):
    """Figures are never translated: each language states the same numbers as the English."""
    changed = []
    for path, text in _texts(code):
        figures = sorted(re.findall(r"\d+", text["en"]))
        for lang in (lang for lang in LANGUAGES if lang != "en"):
            if lang in text and sorted(re.findall(r"\d+", text[lang])) != figures:
                changed.append((path, lang, text[lang]))
    assert changed == []


def test_texts_use_the_established_terms():
    """A few spot checks of the legal and administrative terms of each language."""
    it = load_framework("IT")
    assert it.permit.stages[0].name["it"] == "Permesso di soggiorno per motivi di protezione sociale"
    assert "Dipartimento per le Pari Opportunità" in it.third_country.private_provider.text["it"]
    fr = load_framework("FR")
    assert fr.permit.stages[0].name["fr"] == "Carte de séjour temporaire"
    assert "carte de résident" in fr.permit.conversion.text["fr"]
    hu = load_framework("HU")
    assert hu.permit.stages[0].name["hu"] == "Tartózkodási engedély"
    assert hu.third_country.private_provider.text["hu"].startswith("Baptista Szeretetszolgálat;")
    gb = load_framework("GB")
    assert "(discretionary leave)" in gb.permit.stages[0].name["fr"]


def test_table_labels_are_in_all_five_languages():
    for table, labels in TABLE_LABELS.items():
        assert set(labels) == set(LANGUAGES), table


# -- the languages the loader requires ----------------------------------------------

def test_english_and_dutch_are_required_and_the_others_optional():
    assert TEXT_LANGUAGES == ("en", "nl")
    assert set(TEXT_LANGUAGES) < set(LANGUAGES)


def test_a_file_without_french_italian_or_hungarian_loads(tmp_path):
    """The hand-written test file has en and nl only (but for the country name)."""
    assert "hu:" not in VALID.replace("hu: Belgium", "")
    path = tmp_path / "framework.yaml"
    path.write_text(VALID, encoding="utf-8")
    result = load_framework_file(path)
    assert result.problems == []
    stage = result.framework.permit.stages[0]
    assert pick(stage.name, "hu") == "Permit"  # English stands in
    assert pick(stage.name, "nl") == "Vergunning"


def test_a_framework_stored_with_english_and_dutch_only_still_loads():
    """Databases keep frameworks as to_dict() data; those stored before the translations have en and nl
    (but for the country's name, which has always been required in all five)."""

    def two_languages(node):
        if isinstance(node, dict):
            if "en" in node and all(isinstance(v, str) for v in node.values()):
                return {k: v for k, v in node.items() if k in ("en", "nl")}
            return {k: two_languages(v) for k, v in node.items()}
        if isinstance(node, list):
            return [two_languages(v) for v in node]
        return node

    full = load_framework("IT")
    data = two_languages(full.to_dict())
    data["name"] = full.name
    old = framework_from_dict(json.loads(json.dumps(data)))
    assert old.permit.stages[0].name == {"en": "Residence permit for social protection",
                                         "nl": "Verblijfsvergunning voor sociale bescherming"}
    assert pick(old.permit.stages[0].name, "it") == "Residence permit for social protection"
    assert old.permits_total() == full.permits_total()


def test_an_unknown_language_is_still_a_problem(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text(VALID.replace('{en: Permit, nl: Vergunning}', '{en: Permit, nl: Vergunning, de: Erlaubnis}'),
                    encoding="utf-8")
    result = load_framework_file(path)
    assert [(p.code, p.path) for p in result.problems] == [("unknown_language", "permit.stages[0].name.de")]
    assert result.problems[0].message == "'de' is not one of the languages of fiit (en, nl, fr, it, hu)."


def test_an_empty_translation_is_a_problem(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text(VALID.replace('{en: Permit, nl: Vergunning}', '{en: Permit, nl: Vergunning, hu: ""}'),
                    encoding="utf-8")
    result = load_framework_file(path)
    assert [(p.code, p.path) for p in result.problems] == [("wrong_type", "permit.stages[0].name.hu")]
