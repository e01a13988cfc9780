"""``fiit stats --json`` kept by data version, beside that version's reports (issue 16).

Asked again over the same data, the JSON is read, not computed (50,000 victims:
seconds of CPU). It lives under the key of :func:`~fiit.db.report_store.store.data_version`
(``<store>/<key>/stats-k5-all.json``): any change or withdrawal makes a new key, and
the store's signal handlers delete the old key's folder
(:mod:`~fiit.db.report_store.invalidation`), so kept figures never outlive the data.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fiit.db.report_store.store import _database_file, _write, store_root


def can_keep_stats(country: str | None) -> bool:
    """Can ``fiit stats --json`` of ``country`` (None: all) be kept? When the store has a place of its own
    (FIIT_REPORTS_DIR, or beside a SQLite database file: never ``./out`` of wherever the command runs)
    and the country is a code of letters (it becomes part of a file name)."""
    if not (os.environ.get("FIIT_REPORTS_DIR") or _database_file() is not None):
        return False
    return country is None or (country.isascii() and country.isalpha() and len(country) <= 3)


def stats_path(key: str, k: int, country: str | None) -> Path:
    """Where ``fiit stats --json`` over the data of ``key`` is kept."""
    if not (country is None or country.isascii() and country.isalpha()) or not re.fullmatch(r"[0-9a-f]+", key):
        raise ValueError("not a data version and country code")
    return store_root() / key / f"stats-k{int(k)}-{(country or 'all').lower()}.json"


def read_stats(key: str, k: int, country: str | None) -> str | None:
    """The kept ``fiit stats --json`` text, or None when it was not computed for this key."""
    try:
        return stats_path(key, k, country).read_text(encoding="utf-8")
    except OSError:
        return None


def write_stats(key: str, k: int, country: str | None, text: str) -> bool:
    """Keep ``text``; False when the store cannot be written (then the figures are computed every time)."""
    try:
        _write(stats_path(key, k, country), text.encode("utf-8"))
    except OSError:
        return False
    return True
