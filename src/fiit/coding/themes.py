"""The study's themes and languages as the coding package sees them, from the study vocabulary."""

from __future__ import annotations

from fiit.vocabulary import vocabulary


def study_themes() -> tuple[str, ...]:
    return vocabulary().theme_codes


def study_languages() -> tuple[str, ...]:
    return vocabulary().language_codes
