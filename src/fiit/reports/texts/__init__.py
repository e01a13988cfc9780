"""The words of the reports, in English, Dutch, French, Italian and Hungarian.

One module per language — :mod:`.en`, :mod:`.nl`, :mod:`.fr`, :mod:`.it`,
:mod:`.hu` — each a flat dict key → text. English is the source: it defines
every key, and the other languages translate the same keys with the same
``{placeholders}`` (``tests/reports/test_texts.py`` checks both). :data:`TEXTS`
assembles them as key → {lang: text}; a text missing in a language falls back
to English.

:func:`text` looks a key up; :func:`number` writes a figure the way the
language does (a decimal comma in Dutch, French, Italian and Hungarian).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from fiit.reports.texts.en import EN
from fiit.vocabulary import vocabulary

__all__ = ["BY_LANGUAGE", "LANGUAGES", "TEXTS", "count_text", "has", "number", "p_value", "text"]

#: The study vocabulary's languages that have a module of report texts here (in the vocabulary's
#: order). A language added to the vocabulary without one gets its reports' sentences in English,
#: its names of countries, themes and framework aspects from the vocabulary.
LANGUAGES = tuple(lang for lang in vocabulary().language_codes if find_spec(f"{__name__}.{lang}") is not None)

#: Language -> its flat dict key -> text, as written in the language modules (``EN`` in en.py, ...).
BY_LANGUAGE: dict[str, dict[str, str]] = {
    lang: getattr(import_module(f"{__name__}.{lang}"), lang.upper()) for lang in LANGUAGES
}

#: Key -> {language: text}, for every key of English, in English's order.
TEXTS: dict[str, dict[str, str]] = {
    key: {lang: BY_LANGUAGE[lang][key] for lang in LANGUAGES if key in BY_LANGUAGE[lang]} for key in EN
}


def text(key: str, lang: str = "en", **values) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with ``values`` filled in."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in TEXTS


def count_text(key: str, n: int, lang: str = "en") -> str:
    """``key`` with ``n`` filled in, singular (``<key>_one``) when n is 1: "1 month", "3 months"."""
    return text(f"{key}_one" if n == 1 and has(f"{key}_one") else key, lang, n=n)


def p_value(p: float, lang: str = "en") -> str:
    """"p = 0.012", or "p < 0.001" where three decimals would show 0.000."""
    return f"p < {number(0.001, lang, 3)}" if p < 0.001 else f"p = {number(p, lang, 3)}"


def number(value: float | int | None, lang: str = "en", digits: int = 1) -> str:
    """``6.25`` -> ``"6.3"`` (``"6,3"`` outside English); None -> ``""``."""
    if value is None:
        return ""
    try:
        language = vocabulary().language(lang)  # its separators (fiit/vocabulary/data/languages.yaml)
        decimal, thousands = language.decimal, language.thousands
    except KeyError:
        decimal, thousands = ".", ","
    if isinstance(value, int):
        return f"{value:,}".replace(",", thousands) if abs(value) >= 10000 else str(value)
    return f"{value:.{digits}f}".replace(".", decimal)
