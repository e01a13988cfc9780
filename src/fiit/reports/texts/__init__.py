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

from fiit.reports.texts.en import EN
from fiit.reports.texts.fr import FR
from fiit.reports.texts.hu import HU
from fiit.reports.texts.it import IT
from fiit.reports.texts.nl import NL

__all__ = ["BY_LANGUAGE", "LANGUAGES", "TEXTS", "has", "number", "text"]

LANGUAGES = ("en", "nl", "fr", "it", "hu")

#: Language -> its flat dict key -> text, as written in the language modules.
BY_LANGUAGE: dict[str, dict[str, str]] = {"en": EN, "nl": NL, "fr": FR, "it": IT, "hu": HU}

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


def number(value: float | int | None, lang: str = "en", digits: int = 1) -> str:
    """``6.25`` -> ``"6.3"`` (``"6,3"`` outside English); None -> ``""``."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", "." if lang in ("nl", "it") else " " if lang in ("fr", "hu") else ",") \
            if abs(value) >= 10000 else str(value)
    out = f"{value:.{digits}f}"
    return out if lang == "en" else out.replace(".", ",")
