"""The shape of answers posted as JSON (autosave and device sync), checked before anything is saved.

JSON can carry values no question has: an object inside a list, a list inside a
list, or a string holding a lone UTF-16 surrogate (``"\\ud800"``), which Python
decodes but cannot encode to UTF-8 for sealing. Such a value once reached the
vault and answered 500 after the earlier answers of the same save were already
written (issue 14, L1). A posted answer is one of: nothing (null), true/false, a
number, a text, or a list of texts and numbers; every text must be valid Unicode.
The check runs on the whole payload first, so a bad answer refuses the save and
nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

SCALARS = (str, int, float, bool, type(None))


def valid_text(value: str) -> bool:
    """False for a string that cannot be written as UTF-8 (a lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, SCALARS) and _storable(item) for item in value)
    if isinstance(value, str):
        return valid_text(value)
    return isinstance(value, SCALARS)


def unstorable_answer(answers: Mapping[Any, Any]) -> str | None:
    """The question id of the first answer no question can hold, or None when all are storable."""
    for question_id, value in answers.items():
        if not isinstance(question_id, str) or not valid_text(question_id):
            return ascii(question_id)
        if not _storable(value):
            return question_id
    return None


def unstorable_message(question_id: str) -> str:
    return _("The answer sent for question %(question)s is not text, a number or a list of choices, "
             "so nothing of this save was stored. Reload the page and enter the answer again.") % {
        "question": question_id}
