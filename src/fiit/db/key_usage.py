"""Which databases use which keys of a key file, and retiring a key no database uses.

Every database that opens a key file is written into the key file's register
(:mod:`fiit.vault.register`). ``fiit keys retire KEY`` asks each registered
database, by a read-only query of its interview table, whether any data key is
still wrapped under KEY, and refuses while one is, or while a database cannot
be asked. A key is never dropped on the word of one database alone: that is
how rotating one demo once made every other demo on the machine unreadable.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from fiit.problems.errors import FiitError
from fiit.db.models import Interview
from fiit.vault import KeyFile
from fiit.vault.keyfile import retire_key
from fiit.vault.register import register_for

_registered: set[tuple[str, str]] = set()
_seen: set[tuple[str, ...]] = set()  # the same, by key file and connection settings
# Every table whose rows wrap a data key under a key of the key file: interviews, and findings (own keys).
KEYED_TABLES = ("fiit_interview", "fiit_finding")
QUERIES = tuple(f"SELECT DISTINCT key_id FROM {table} WHERE wrapped_key IS NOT NULL" for table in KEYED_TABLES)


class DatabaseUnreachable(FiitError):
    """A registered database could not be asked which keys it uses."""

    code = "database_unreachable"
    server_side = True


def database_name() -> str:
    """This process's database as the register names it: a URL without a password."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    user = f"{settings['USER']}@" if settings.get("USER") else ""
    return f"postgresql://{user}{host}{port}/{settings['NAME']}"


def register_database(keyfile: KeyFile) -> None:
    """Write this database into the key file's register (once per process).

    Called on every use of the key file (each page that reads answers): known by the connection's
    settings first, so the database's path is not resolved again each time (issue 16)."""
    settings = connection.settings_dict
    seen = (str(keyfile.path), *(str(settings.get(key)) for key in ("NAME", "HOST", "PORT", "USER")))
    if seen in _seen:
        return
    mark = (str(keyfile.path), database_name())
    if mark not in _registered:
        register_for(keyfile.path).register(mark[1])
        _registered.add(mark)
    if connection.vendor != "sqlite" or Path(str(settings.get("NAME"))).is_absolute():  # else: names by the cwd
        _seen.add(seen)


def key_ids_in_use(name: str) -> set[str]:
    """The key ids under which database ``name`` still wraps data keys."""
    if name == database_name():
        from fiit.db.coding_models import Finding

        return {*Interview.objects.exclude(wrapped_key=None).values_list("key_id", flat=True).distinct(),
                *Finding.objects.exclude(wrapped_key=None).values_list("key_id", flat=True).distinct()}
    if name.startswith("sqlite:///"):
        path = Path(name[len("sqlite:///"):])
        if not path.exists():
            raise DatabaseUnreachable(f"the database file {path} does not exist (moved, or on a drive not mounted)")
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            try:
                return _ask(conn.execute, sqlite3.OperationalError)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise DatabaseUnreachable(f"the database {path} cannot be read: {exc}") from None
    try:
        import psycopg

        with psycopg.connect(name, connect_timeout=10, autocommit=True) as conn:  # password: PGPASSWORD/~/.pgpass
            return _ask(conn.execute, psycopg.errors.UndefinedTable)
    except Exception as exc:  # noqa: BLE001 - any failure means we cannot vouch for this database
        raise DatabaseUnreachable(f"the database {name} cannot be asked ({type(exc).__name__})") from None


def _ask(execute, missing_table: type[Exception]) -> set[str]:
    """The key ids in use, over every keyed table this database has (an older one may lack some)."""
    found: set[str] = set()
    for query in QUERIES:
        try:
            found |= {row[0] for row in execute(query)}
        except missing_table as exc:
            if "no such table" not in str(exc) and "does not exist" not in str(exc):
                raise
    return found


@dataclass
class RetireCheck:
    key_id: str
    users: list[str] = field(default_factory=list)        # databases still using the key
    unreachable: list[str] = field(default_factory=list)  # databases that could not be asked (with why)

    @property
    def ok(self) -> bool:
        return not self.users and not self.unreachable


def check_retire(keyfile: KeyFile, key_id: str) -> RetireCheck:
    """Ask every database registered with the key file whether it still uses ``key_id``."""
    register_database(keyfile)
    check = RetireCheck(key_id)
    for name in register_for(keyfile.path).names():
        try:
            if key_id in key_ids_in_use(name):
                check.users.append(name)
        except DatabaseUnreachable as exc:
            check.unreachable.append(str(exc))
    return check


def retire(keyfile: KeyFile, key_id: str) -> tuple[KeyFile, RetireCheck]:
    """Drop ``key_id`` from the key file if no registered database uses it (else the key file is unchanged)."""
    keyfile.key(key_id)
    if key_id == keyfile.current_id:
        retire_key(keyfile, key_id)  # refuses, saying why
    check = check_retire(keyfile, key_id)
    if check.ok:
        from fiit.vault.formkeys import form_keys

        form_keys(keyfile).reseal(keyfile)  # no form key may stay sealed under the key that leaves
        keyfile = retire_key(keyfile, key_id)
    return keyfile, check


def forget_database(keyfile: KeyFile, name: str) -> bool:
    """Take a database that no longer exists out of the register."""
    return register_for(keyfile.path).forget(name)
