"""The caveats of the framework data, as footnotes in the report's language.

Every framework fact, count series and count row may carry a note (a caveat,
a conflict between the seed's tables and its narrative, how a figure was
derived) and a fact may carry a dispute (another source contradicts what the
seed states). None of that may be lost on the way to the report: a table that
shows such a value puts a numbered mark on its cell and prints, under the
table, the note, the dispute and the value's own source, in the report's
language (English where a note is not translated yet).

Line numbers of the seed text (``(seed lines 940-941)``) are for whoever checks
the data file, not for the report's reader: they are left out here, as they
are in the tables' source lines.
"""

from __future__ import annotations

import re
from typing import Any

from fiit.reports.model import Footnote
from fiit.reports.texts import text

_SEED_LINES = re.compile(r"\s*\((?:see |cf\. )?seed lines? [^)]*\)")


def readable(note: str) -> str:
    """A note without the references to line numbers of the seed text."""
    return _SEED_LINES.sub("", note).strip()


def caveat_text(item: Any, lang: str, subject: str = "", with_source: bool = True) -> str | None:
    """The footnote for a fact, series or row: subject, note, dispute, source; None when it has nothing to say.

    ``item`` is a :class:`~fiit.frameworks.model.Fact`, ``CountSeries`` or
    ``CountRow`` (anything with ``note_in`` and, optionally, ``disputed`` and ``source``).
    """
    from fiit.frameworks.model import pick
    from fiit.reports.frameworks import short_sources

    note = item.note_in(lang) if item is not None else None
    disputed = getattr(item, "disputed", None) or {}
    if not note and not disputed:
        return None
    parts = []
    if note:
        parts.append(readable(note))
    if disputed:
        parts.append(text("disputed_note", lang, reason=readable(pick(disputed, lang))))
    source = getattr(item, "source", "") if with_source else ""
    if source:
        parts.append(short_sources([source], lang) + ".")
    body = " ".join(p if p.endswith((".", "!", "?", "»", "”", "’")) else p + "." for p in parts)
    return f"{subject}{text('colon', lang)}{body}" if subject else body


class Footnotes:
    """Collects the footnotes of one table: the same text gets the same mark."""

    def __init__(self) -> None:
        self.notes: dict[str, str] = {}   # text -> mark
        self.marks: dict[tuple[int, int], tuple[str, ...]] = {}

    def add(self, row: int, column: int, note: str | None) -> None:
        if not note:
            return
        mark = self.notes.setdefault(note, str(len(self.notes) + 1))
        current = self.marks.get((row, column), ())
        if mark not in current:
            self.marks[(row, column)] = (*current, mark)

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(Footnote(mark, note) for note, mark in self.notes.items())
