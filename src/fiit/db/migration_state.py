"""Whether the database has every migration on disk applied, told without loading the migrations.

Every ``fiit`` command brings its database up to date first. Django's ``migrate``
does so by importing every migration module, building the graph and the project
state and sending its signals, even when nothing is left to apply: 0.06-0.09 s
of CPU per command (``fiit stats`` over 50,000 victims, issue 16). What it would
apply is what it finds on disk and not in ``django_migrations``; the names on
disk are read as Django's loader reads them (:class:`MigrationLoader`: the
modules of each app's migrations package, ``_`` and ``~`` left out), without
importing them. Anything unsure (no migrations table, a name not recorded, a
package that cannot be listed) answers "pending", and ``migrate`` runs as before.
"""

from __future__ import annotations

import importlib
import pkgutil


def on_disk() -> set[tuple[str, str]]:
    """(app label, migration name) of every migration module of the installed apps."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    found: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        if module_name is None:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:  # an app without migrations (as the loader treats it)
            continue
        path = getattr(module, "__path__", None)
        if path is None:
            continue
        found |= {(config.label, name) for _, name, is_package in pkgutil.iter_modules(path)
                  if not is_package and name[0] not in "_~"}
    return found


def migrations_pending(using: str = "default") -> bool:
    """True unless every migration on disk is recorded as applied in ``using``'s ``django_migrations``."""
    from django.db import DatabaseError, connections

    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:  # no table yet: a new database
        return True
    return not on_disk() <= applied
