"""Translated texts: a mapping from language code to text."""

from __future__ import annotations

from typing import Mapping

Text = Mapping[str, str]


def pick(text: Text | None, lang: str, fallback: str = "en") -> str:
    """The text in ``lang``, else in ``fallback``, else any; '' for no text."""
    if not text:
        return ""
    if lang in text:
        return text[lang]
    if fallback in text:
        return text[fallback]
    return next(iter(text.values()))
