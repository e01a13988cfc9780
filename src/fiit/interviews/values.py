"""Typed answers read from text: one rule for the web form and every import."""

from __future__ import annotations

import re

# A whole number as people and exports write it: a sign, digits, and zeros after a decimal point
# (Kobo and spreadsheets write 7 as "7.0"). Anything else is not a whole number.
WHOLE_NUMBER = re.compile(r"^[+-]?\d+(?:\.0+)?$")


def parse_whole_number(text: str) -> int | None:
    """The whole number ``text`` writes (surrounding spaces ignored), or None if it is not one."""
    text = text.strip()
    if text.isdecimal():  # the common case, without the pattern
        return int(text)
    if not WHOLE_NUMBER.match(text):
        return None
    return int(text.split(".", 1)[0])
