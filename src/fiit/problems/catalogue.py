"""The one catalogue of problem messages, in every interface language (``catalogue.yaml``).

A problem carries a code and parameters; its sentence is rendered from here when it
is shown, in the reader's language. A code missing a language (a sixth language
added to the vocabulary before its translations) falls back to English.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Mapping

import yaml

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    with CATALOGUE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def has(code: str) -> bool:
    return code in catalogue()


def render(code: str, lang: str = "en", **params: Any) -> str:
    """The message for ``code`` in ``lang`` (English if that language has none)."""
    templates = catalogue()[code]
    template = templates.get(lang) or templates["en"]
    return template.format(**params)
