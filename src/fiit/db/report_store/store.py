"""The store's files: where reports live, the version key of a study's data, one stored report per
entry and format, the markers of reports asked for, and the builder's progress (see :mod:`fiit.db.report_store`)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable

FORMATS = ("html", "pdf", "docx")
STORE = ".store"


def reports_dir() -> Path:
    """The reports folder (FIIT_REPORTS_DIR, default ./out)."""
    return Path(os.environ.get("FIIT_REPORTS_DIR", "out")).resolve()


def store_root() -> Path:
    """The store: ``$FIIT_REPORTS_DIR/.store`` when that is set (``fiit demo``, tests), else beside a SQLite
    database (``<db>.reports``: the same for every process on it, wherever it runs), else ``./out/.store``."""
    if not os.environ.get("FIIT_REPORTS_DIR"):
        database = _database_file()
        if database is not None:
            return database.with_name(database.name + ".reports")
    return reports_dir() / STORE


def _database_file() -> Path | None:
    """The SQLite database file, when the database is one (an in-memory test database is not)."""
    try:
        from django.conf import settings

        db = settings.DATABASES["default"]
    except Exception:  # noqa: BLE001 — Django not configured: no database to key the registry on
        return None
    name = str(db.get("NAME") or "")
    if not db.get("ENGINE", "").endswith("sqlite3") or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


# -- the version key ----------------------------------------------------------------

def data_version(study) -> str:
    """A key that changes whenever anything a report of ``study`` shows may change."""
    import fiit
    from fiit.db.models import Framework, QuoteApproval, Recommendation, WithdrawnSubmission

    parts: dict[str, object] = {"fiit": getattr(fiit, "__version__", "")}
    parts["interviews"] = _final_interviews(study)
    parts["frameworks"] = list(Framework.objects.order_by("pk").values_list("pk", "data"))
    parts["quotes"] = list(QuoteApproval.objects.filter(interview__study=study).order_by("pk").values_list(
        "pk", "interview_id", "question_id", "theme"))
    parts["recommendations"] = list(Recommendation.objects.filter(study=study, published=True).order_by("pk")
                                    .values_list("pk", "theme", "text", "country_id", "evidence"))
    parts["withdrawals"] = WithdrawnSubmission.objects.count()
    try:
        from fiit.db.coding_models import Finding

        parts["findings"] = list(Finding.objects.filter(study=study).order_by("pk").values_list(
            "pk", "published", "updated_at"))
    except Exception:  # a database without the qualitative tables yet
        parts["findings"] = []
    text = json.dumps(parts, default=_text, sort_keys=True)
    return hashlib.sha256(f"{study.pk}:{text}".encode()).hexdigest()[:24]


def _final_interviews(study, as_text: bool | None = None) -> list[tuple]:
    """What the key reads of each final interview: id, time of the last change, consent to quotes, key id.

    On SQLite a datetime is kept as the text Django wrote, ``str()`` of the naive UTC time, which is the text
    :func:`_text` makes of it once read: so it is read as that text (``CAST``), not parsed into a datetime and
    turned back into text (at 50,000 victims 0.25 s of CPU of ``fiit stats``, the key computed before its
    figures, issue 16); every value is then one the JSON encoder writes in C. The key stays what it was
    (``as_text``: None, on SQLite; ``tests/reports/test_store.py`` compares both reads)."""
    from django.db import connection
    from django.db.models import TextField
    from django.db.models.functions import Cast

    final = study.interviews.filter(status="final").order_by("pk")
    if not (connection.vendor == "sqlite" if as_text is None else as_text):
        return _driver_rows(final.values_list("pk", "updated_at", "consent_quotes", "key_id"))
    zone = "+00:00" if _use_tz() else ""
    rows = _driver_rows(final.values_list("pk", Cast("updated_at", TextField()), "consent_quotes", "key_id"))
    return [(pk, changed if changed is None else changed + zone, consent, key) for pk, changed, consent, key in rows]


def _driver_rows(rows) -> list[tuple]:
    """The rows of a ``values_list`` as the database driver gives them, without Django's converter per value
    (the interviews of 50,000 victims: 0.30 s of CPU through the queryset, 0.09 s so; ``fiit stats``
    computes the key before its figures, issue 16)."""
    from django.db import connection

    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _text(value) -> str:
    """A value the key's JSON cannot hold, as text: a datetime as Django gives it, so that the key stays what
    it was when it was read through the queryset (SQLite's driver gives the stored UTC time without a zone;
    an aware UTC datetime reads as the same text followed by ``+00:00``)."""
    if isinstance(value, datetime) and value.tzinfo is None and _use_tz():
        return f"{value}+00:00"
    return str(value)


def _use_tz() -> bool:
    from django.conf import settings

    return settings.USE_TZ


# -- files ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    country: str | None
    lang: str
    public: bool = False

    def slug(self) -> str:
        return "fiit-" + (f"country-{self.country.lower()}" if self.country else "comparative") + \
            f"-{self.lang}" + ("-public" if self.public else "")

    @classmethod
    def from_slug(cls, slug: str) -> "Entry | None":
        """The entry a file name's stem names (``fiit-country-be-nl-public``), or None."""
        found = SLUG.match(slug)
        if not found:
            return None
        return cls(found.group(1).upper() if found.group(1) else None, found.group(2), bool(found.group(3)))


SLUG = re.compile(r"^fiit-(?:comparative|country-([a-z]{2}))-([a-z]{2,3})(-public)?$")


def path_for(key: str, entry: Entry, fmt: str) -> Path:
    return store_root() / key / f"{entry.slug()}.{fmt}"


def read(key: str, entry: Entry, fmt: str) -> bytes | None:
    """The stored file, or None when it is not (yet) built for this key."""
    try:
        return path_for(key, entry, fmt).read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def background_enabled() -> bool:
    """Does this process build reports in the background? (``fiit serve`` sets FIIT_REPORT_BACKGROUND=1.)"""
    return os.environ.get("FIIT_REPORT_BACKGROUND") == "1"


# -- asking for a report ---------------------------------------------------------------

WANTED = "wanted"


def want(key: str, entry: Entry) -> None:
    """Ask the builder for this report (a page or download found it missing); built before the rest."""
    marker = store_root() / WANTED / key / entry.slug()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def wanted(key: str) -> list[Entry]:
    folder = store_root() / WANTED / key
    if not folder.is_dir():
        return []
    found = [(p.stat().st_mtime, Entry.from_slug(p.name)) for p in folder.iterdir()]
    return [entry for _, entry in sorted(found, key=lambda t: t[0]) if entry is not None]


def is_built(key: str, entry: Entry, formats: Iterable[str] = ("body.html", *FORMATS)) -> bool:
    return all(path_for(key, entry, f).exists() for f in formats)


def failure(key: str, entry: Entry) -> str | None:
    """Why this report could not be built (a sentence for the reader), or None."""
    try:
        return path_for(key, entry, "failed").read_text(encoding="utf-8")
    except OSError:
        return None


# -- progress ---------------------------------------------------------------------------

def _progress(key: str, done: int, total: int, finished: bool = False, study: int | None = None) -> None:
    _write(store_root() / "progress.json", json.dumps({"key": key, "done": done, "total": total,
                                                       "finished": finished, "study": study}).encode())


def progress() -> dict | None:
    """The last build's progress: {"key", "done", "total", "finished", "study"}, or None."""
    try:
        return json.loads((store_root() / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
