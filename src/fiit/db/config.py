"""Database settings from a URL: SQLite (WAL mode) by default, PostgreSQL when asked."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from fiit.vault.filemodes import make_private

SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    # Deleted rows (destroyed data keys) are overwritten with zeros, not left in free pages.
    "PRAGMA secure_delete=ON;"
)


SQLITE_BUSY_SECONDS = 30


def default_database_url() -> str:
    return f"sqlite:///{Path(os.environ.get('FIIT_DATA_DIR', 'data')).resolve() / 'fiit.sqlite3'}"


def normalise_url(value: str) -> str:
    """Accept a plain file path as well as a URL."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


#: Seconds a request thread keeps its database connection (issue 16). A new SQLite connection runs the
#: four PRAGMAs above (journal_mode=WAL takes a lock): measured at 10-40 ms of a 60 ms page under load; a
#: PostgreSQL connection costs a login. Django checks a kept connection before reusing it.
CONNECTION_AGE = 600


def database_settings(value: str) -> dict:
    url = normalise_url(value)
    settings = dj_database_url.parse(url, conn_max_age=CONNECTION_AGE, conn_health_checks=True)
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        Path(settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        make_private(settings["NAME"])  # a database made world-readable by an older fiit
        # IMMEDIATE: a write transaction takes the write lock when it begins, so two never deadlock on a
        # lock upgrade; "timeout" is SQLite's busy wait for that lock (5 s by default): twenty interviewers
        # saving at once on a loaded machine queue for it rather than fail with "database is locked".
        settings["OPTIONS"] = {"init_command": SQLITE_INIT, "transaction_mode": "IMMEDIATE", "timeout": SQLITE_BUSY_SECONDS}
        # Django's backend, whose writers queue in turn for that lock instead of polling for it (issue 13).
        settings["ENGINE"] = "fiit.db.backends.sqlite3"
    elif settings["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, whose health check asks the socket before the server (fiit.db.backends.postgresql).
        settings["ENGINE"] = "fiit.db.backends.postgresql"
    else:
        raise ValueError(f"fiit stores data in SQLite or PostgreSQL, not {settings['ENGINE']}.")
    return settings
