"""The interface in five languages: complete catalogues, compiled by polib, read back by gettext."""

from __future__ import annotations

import gettext
import shutil

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from fiit.web.catalog import TRANSLATED_LANGUAGES, catalogue_problems, extract, po_path
from fiit.web.compile_messages import compile_all, main

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def po_translation(lang: str, msgid: str) -> str:
    """The translation as written in the .po file (English: the msgid itself)."""
    if lang == "en":
        return msgid
    entry = polib.pofile(str(po_path(lang))).find(msgid)
    assert entry is not None and entry.msgstr, (lang, msgid)
    return entry.msgstr


def test_five_languages_are_offered():
    assert LANGUAGES == ["en", "nl", "fr", "it", "hu"]
    assert set(TRANSLATED_LANGUAGES) == set(LANGUAGES) - {"en"}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_in_each_language(logged_in, lang):
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = logged_in.get(reverse("home")).content.decode()
    assert f'<html lang="{lang}">' in html
    for msgid in ("Integration of victims of trafficking: the study", "Skip to main content", "Country frameworks"):
        expected = po_translation(lang, msgid)
        assert expected in html, (lang, expected)
        if lang != "en":
            assert expected != msgid


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_interface_string_is_translated(lang):
    assert catalogue_problems(lang, extract()) == []


def test_extraction_finds_template_and_python_strings():
    messages = {m.msgid: m for m in extract()}
    assert "Skip to main content" in messages  # {% translate %} in a template
    assert "What the FIIT report's desk research found" in " ".join(messages)  # a double-quoted template string
    assert messages["%(count)d day"].plural == "%(count)d days"  # ngettext in Python
    assert messages["%(counter)s fact is unknown."].plural  # blocktranslate count in a template


def test_compiled_catalogues_read_back_with_the_standard_gettext(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(po_path("nl").parents[2], locale)
    for mo in locale.rglob("*.mo"):
        mo.unlink()
    written, problems = compile_all(locale)
    assert problems == [] and len(written) == len(TRANSLATED_LANGUAGES)
    for lang in TRANSLATED_LANGUAGES:
        catalogue = gettext.translation("django", localedir=str(locale), languages=[lang])
        po = polib.pofile(str(locale / lang / "LC_MESSAGES" / "django.po"))
        for entry in po.translated_entries():
            if entry.msgid_plural:
                assert catalogue.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
                assert catalogue.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[1]
            else:
                assert catalogue.gettext(entry.msgid) == entry.msgstr


def test_a_translation_that_loses_a_placeholder_is_refused(tmp_path):
    target = tmp_path / "xx" / "LC_MESSAGES"
    target.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Framework of %(country)s", msgstr="Kader van het land"))
    po.append(polib.POEntry(msgid="the answer to {question} is {value}", msgstr="{question}: {waarde}"))
    po.save(str(target / "django.po"))
    written, problems = compile_all(tmp_path)
    assert written == [] and not (target / "django.mo").exists()
    assert len(problems) == 2 and "%(country)" in problems[0]


def test_command_line_compiles_and_checks(capsys):
    assert main(["--check"]) == 0
    out = capsys.readouterr().out
    for lang in TRANSLATED_LANGUAGES:
        assert str(po_path(lang).with_suffix(".mo")) in out
