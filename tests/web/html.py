"""Reading rendered pages in tests: table cells and visible text, with the standard library only."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._stack:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag == "caption" and self._caption is not None:
            self._stack[-1]["caption"] = squash("".join(self._caption))
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._stack[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table(html: str, caption_contains: str) -> list[list[str]]:
    """The rows (lists of cell texts) of the one table whose caption contains the text."""
    found = [t for t in tables(html) if caption_contains in t["caption"]]
    assert len(found) == 1, f"{len(found)} tables with caption containing {caption_contains!r}"
    return found[0]["rows"]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text(html: str) -> str:
    """The page's text with tags removed and whitespace squashed."""
    parser = _Text()
    parser.feed(html)
    return squash(" ".join(parser.parts))
