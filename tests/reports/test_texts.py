"""The report texts: every key in all five languages, with English's placeholders, really translated."""

from __future__ import annotations

import re
import string

import pytest

from fiit.reports.texts import BY_LANGUAGE, LANGUAGES, TEXTS, has, number, text

TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")

#: (language, key) pairs whose text may equal English although English has more than two words.
#: Empty today; a proper name or a code that reads the same in a language would go here, with a reason.
SAME_AS_ENGLISH: frozenset[tuple[str, str]] = frozenset()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def words(template: str) -> list[str]:
    """The words of a template, placeholders left out."""
    return re.findall(r"[^\W\d_]+", re.sub(r"\{[^{}]*\}", " ", template))


def test_languages_are_the_five_of_the_study():
    assert LANGUAGES == ("en", "nl", "fr", "it", "hu")
    assert tuple(BY_LANGUAGE) == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_module_has_exactly_the_keys_of_english(lang):
    table = BY_LANGUAGE[lang]
    assert all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in table.items())
    assert sorted(set(BY_LANGUAGE["en"]) - set(table)) == [], f"{lang} lacks these keys"
    assert sorted(set(table) - set(BY_LANGUAGE["en"])) == [], f"{lang} has keys English does not define"


def test_every_key_has_all_five_languages():
    incomplete = {key: sorted(set(LANGUAGES) - set(entry)) for key, entry in TEXTS.items()
                  if set(entry) != set(LANGUAGES)}
    assert incomplete == {}


def test_texts_is_assembled_from_the_language_modules():
    assert list(TEXTS) == list(BY_LANGUAGE["en"])
    for lang in LANGUAGES:
        assert all(TEXTS[key][lang] == value for key, value in BY_LANGUAGE[lang].items())


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_those_of_english(lang):
    different = {key: (sorted(placeholders(entry["en"])), sorted(placeholders(entry.get(lang, ""))))
                 for key, entry in TEXTS.items() if placeholders(entry.get(lang, "")) != placeholders(entry["en"])}
    assert different == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_fills_in(lang):
    for key, entry in TEXTS.items():
        values = {name: f"<{name}>" for name in placeholders(entry["en"])}
        filled = text(key, lang, **values)
        assert "{" not in filled and "}" not in filled, (key, filled)
        assert all(f"<{name}>" in filled for name in values), (key, filled)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_texts_of_more_than_two_words_are_translated(lang):
    same = sorted(key for key, entry in TEXTS.items()
                  if len(words(entry["en"])) > 2 and entry.get(lang) == entry["en"]
                  and (lang, key) not in SAME_AS_ENGLISH)
    assert same == []


def test_no_stale_exceptions():
    for lang, key in SAME_AS_ENGLISH:
        assert has(key) and TEXTS[key][lang] == TEXTS[key]["en"], (lang, key)


def test_missing_language_falls_back_to_english():
    assert text("contents", "xx") == TEXTS["contents"]["en"]
    assert text("title_country", "fr", country="Belgique").endswith("Belgique")


@pytest.mark.parametrize("lang,expected", [("en", "6.3"), ("nl", "6,3"), ("fr", "6,3"), ("it", "6,3"), ("hu", "6,3")])
def test_number_writes_a_decimal_the_way_the_language_does(lang, expected):
    assert number(6.25 + 1e-9, lang) == expected
    assert number(None, lang) == ""
    assert number(42, lang) == "42"


def test_p_values_never_print_as_zero():
    from fiit.reports.texts import p_value

    assert p_value(0.0123, "en") == "p = 0.012"
    assert p_value(0.0004, "en") == "p < 0.001"
    assert p_value(0.0004, "nl") == "p < 0,001"
    assert p_value(0.001, "fr") == "p = 0,001"


def test_counts_of_one_are_singular():
    from fiit.reports.texts import count_text

    assert count_text("months", 1, "en") == "1 month"
    assert count_text("months", 6, "en") == "6 months"
    assert count_text("days", 1, "nl") == "1 dag"
    assert count_text("days", 45, "it") == "45 giorni"


def test_numbering_follows_the_language():
    from fiit.reports.model import Chart, Figure, Report, Section, TableBlock
    from fiit.reports.texts import text

    def numbered(lang):
        section = Section("s", "S")
        section.add(TableBlock("t1", "c", ("a",), ()), Figure("f1", "c", "alt", Chart(lambda fmt: b"")),
                    TableBlock("t2", "c", ("a",), ()))
        report = Report(kind="comparative", country=None, lang=lang, title="", subtitle="", k=5,
                        synthetic=True, notice="", generated="2026-11-27", sections=[section],
                        labels={k: text(k, lang) for k in ("table_n", "figure_n")})
        return report.numbering()

    assert numbered("en") == {"t1": "Table 1", "f1": "Figure 1", "t2": "Table 2"}
    assert numbered("hu") == {"t1": "1. táblázat", "f1": "1. ábra", "t2": "2. táblázat"}


def test_french_separators_are_non_breaking():
    from fiit.reports.texts import text

    assert text("colon", "fr") == "\u00a0: " and text("semicolon", "fr") == "\u00a0; "
    assert text("colon", "en") == ": " and text("colon", "hu") == ": "
