"""The study's themes, as the coding package sees them: one place to change when the study vocabulary
(:mod:`fiit.vocabulary`) takes them over."""

from __future__ import annotations


def study_themes() -> tuple[str, ...]:
    try:  # the study vocabulary, once it exists
        from fiit.vocabulary import THEMES  # type: ignore[attr-defined]
        return tuple(THEMES)
    except ImportError:
        from fiit.instruments.model import THEMES
        return tuple(THEMES)
