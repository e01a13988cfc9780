"""Names used in XLSForms and in KoboToolbox / ODK Central exports.

Every question id becomes an XLSForm ``name`` (an XML element name) through
:func:`xml_name`, the same way every time; the importer maps names back with
the same function, so export and import can never disagree.
"""

from __future__ import annotations

import re
import unicodedata

from fiit.vocabulary import vocabulary

# Questions, notes and meta fields fiit adds to every exported form. Instrument
# question ids must not start with this prefix (checked when a form is laid out).
RESERVED_PREFIX = "fiit_"
COUNTRY = "fiit_country"
LANGUAGE = "fiit_language"
CONSENT = "fiit_consent"
CONSENT_QUOTES = "fiit_consent_quotes"
CONSENT_FOLLOW_UP = "fiit_consent_follow_up"
INTRO_NOTE = "fiit_intro"
# A hidden calculate holding the instrument version the form was made from (also the settings' ``version``):
# every export carries it as a column, so an import reads each row with its own version. KoboToolbox replaces
# the settings' version with its own ("1 (2024-03-01 10:00:00)", and ``__version__``, its version uid), and
# ODK Briefcase's CSV has no version column; a field of the form reaches all of them.
FORM_VERSION = "fiit_form_version"
# "Declined to answer": the choice (of a declinable single choice, or of a box) and the box of a question.
DECLINED_CHOICE = "declined"  # the stored answer too: fiit.instruments.DECLINED
DECLINED_LIST = "fiit_declined"
DECLINED_BOX_PREFIX = "fiit_declined_"

# XLSForm metadata questions fiit adds (their names are fixed by XLSForm).
META_START = "start"
META_END = "end"
META_TODAY = "today"


_NOT_NAME_CHAR = re.compile(r"[^A-Za-z0-9_]")


def xml_name(identifier: str) -> str:
    """The XML-safe XLSForm name for a fiit identifier (question id, section id, option value).

    fiit ids (``[a-z][a-z0-9_]*``) are returned unchanged. Anything else is made
    safe deterministically: accents are stripped, every other character that is
    not an ASCII letter, digit or underscore becomes ``_``, and a name that would
    not start with a letter or underscore gets a leading ``_``.
    """
    text = unicodedata.normalize("NFKD", str(identifier))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    name = _NOT_NAME_CHAR.sub("_", text)
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "_" + name
    return name


def language_column(lang: str) -> str:
    """``English (en)``: how XLSForm and KoboToolbox name a language in column headers."""
    return f"{vocabulary().endonym(lang)} ({lang})"


def declined_box_name(question_id: str) -> str:
    """The "declined to answer" box asked before a declinable question (not a single choice)."""
    return DECLINED_BOX_PREFIX + xml_name(question_id)


def option_list_name(question_id: str) -> str:
    """The choices list of a question (one list per question, named after it)."""
    return xml_name(question_id)
