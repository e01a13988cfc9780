"""A sixth country and a sixth language, added through the vocabulary's data files only.

A copy of the shipped vocabulary gets a fictitious country (Freedonia, XF, whose
interviews are held in Portuguese), Portuguese as a sixth language and one
Portuguese theme name; nothing else changes — no code and no framework file
(a country whose desk research is not done yet has none). A fresh fiit process
pointed at the copy (FIIT_VOCABULARY_DIR) must then offer the country and the
language in the web form, put the country in the XLSForm (and the language,
once an instrument is translated into it), and carry the country's interviews
through ``fiit stats``, the open data package and a report in either language.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fiit.vocabulary import SHIPPED_DIR, read_vocabulary

ROOT = Path(__file__).resolve().parents[2]
COUNTRY, LANG = "XF", "pt"

NEW_COUNTRY = """\
  - code: XF
    eurostat: XF
    language: pt
    name: {en: Freedonia, nl: Freedonië, fr: Freedonie, it: Freedonia, hu: Freedónia, pt: Liberdónia}
"""
NEW_LANGUAGE = """\
  - code: pt
    endonym: Português
    name: {en: Portuguese, nl: Portugees, fr: portugais, it: portoghese, hu: portugál, pt: português}
"""


def sixth_country_copy(folder: Path) -> Path:
    shutil.copytree(SHIPPED_DIR, folder)
    with (folder / "countries.yaml").open("a", encoding="utf-8") as f:
        f.write(NEW_COUNTRY)
    with (folder / "languages.yaml").open("a", encoding="utf-8") as f:
        f.write(NEW_LANGUAGE)
    themes = folder / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    assert "label: {en: Legal status, " in text
    themes.write_text(text.replace("label: {en: Legal status, ", "label: {en: Legal status, pt: Estatuto jurídico, "),
                      encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    work = tmp_path_factory.mktemp("sixth")
    folder = sixth_country_copy(work / "vocabulary")
    assert read_vocabulary(folder).problems == []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    env.update(FIIT_VOCABULARY_DIR=str(folder), XDG_CONFIG_HOME=str(work / "config"), FIIT_MODE="test")
    result = subprocess.run([sys.executable, "-m", "tests.vocabulary.sixth_country_probe", str(work), COUNTRY, LANG],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_shipped_vocabulary_is_untouched():
    assert "XF" not in SHIPPED_DIR.joinpath("countries.yaml").read_text(encoding="utf-8")


def test_the_web_form_offers_the_country_and_the_language(found):
    english = found["web"]["en"]
    assert english["country"][-1] == ["XF", "Freedonia"]
    assert [code for code, _ in english["country"]] == ["BE", "FR", "HU", "IT", "GB", "XF"]
    assert english["language"][-1] == ["pt", "Português"]
    # the interface in the sixth language: its data labels are there (its sentences need a catalogue)
    portuguese = found["web"]["pt"]
    assert portuguese["html_lang"] == "pt"
    assert portuguese["country"][-1] == ["XF", "Liberdónia"]
    assert ["BE", "Belgium"] in portuguese["country"]  # no Portuguese name: English


def test_the_xlsform_lists_the_country_and_names_the_language(found):
    form = found["xlsform"]
    assert form["shipped_countries"] == ["BE", "FR", "HU", "IT", "GB", "XF"]
    assert form["countries"]["XF"]["label::Português (pt)"] == "Liberdónia"
    assert form["countries"]["XF"]["label::English (en)"] == "Freedonia"
    assert form["countries"]["BE"]["label::Português (pt)"] == "Belgium"
    assert "label::Português (pt)" in form["label_columns"]


def test_stats_and_the_data_package_carry_the_countrys_interviews(found):
    cli = found["cli"]
    assert cli["imported"] == 24
    assert cli["stats_countries"] == ["XF"]
    assert cli["stats_n"] > 0
    assert cli["package_countries"] == ["XF"]


def test_a_report_names_the_country_in_either_language(found):
    reports = found["cli"]["reports"]
    assert "Freedonia" in reports["en"]["title"]
    assert "Liberdónia" in reports["pt"]["title"]
    assert "Legal status" in reports["en"]["h2"]
    assert "Estatuto jurídico" in reports["pt"]["h2"]
