"""Quotes: an approved excerpt of a coded passage, with names redacted, frozen once approved.

The approved text is what a report prints; it is sealed when stored, and editing the answer afterwards
never changes it (:mod:`fiit.db.coding` keeps the frozen text, not a pointer into the answer).
"""

from __future__ import annotations

import re
from typing import Iterable

REDACTED = "[…]"
MAX_QUOTE_CHARS = 1200


def excerpt(text: str, start: int, end: int) -> str:
    """The passage ``start:end`` of an answer, trimmed of surrounding white space."""
    if not (0 <= start < end <= len(text)):
        raise ValueError("the passage does not lie inside the answer")
    return text[start:end].strip()


def redact(text: str, names: Iterable[str]) -> str:
    """``text`` with every occurrence of each name (whole words, any case) replaced by [...]."""
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", REDACTED, text, flags=re.IGNORECASE)
    return text
