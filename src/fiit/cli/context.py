"""What every command needs: the database, Django, the key file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fiit.problems.errors import FiitError


class CliError(FiitError):
    """A failure of the command line the user can fix (a missing option); shown as one line."""

    code = "command_line"


def demo_key_path() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "fiit" / "demo-keys.json"


@dataclass
class Env:
    db: str | None = None
    key_file: str | None = None
    debug: bool = False
    _ready: bool = False

    def database_url(self) -> str:
        from fiit.db.config import default_database_url, normalise_url

        return normalise_url(self.db or os.environ.get("FIIT_DATABASE_URL") or default_database_url())

    def data_dir(self) -> Path:
        url = self.database_url()
        if url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///"):]).parent
        return Path(os.environ.get("FIIT_DATA_DIR", "data")).resolve()

    def django(self, mode: str = "cli", migrate: bool = True, *, always_migrate: bool = False) -> None:
        """Configure and start Django on the chosen database; create tables if needed.

        ``migrate`` runs Django's ``migrate`` when a migration on disk is not applied yet
        (:func:`fiit.db.migration_state.migrations_pending`), or always with ``always_migrate``."""
        if self._ready:
            return
        from django.apps import apps

        if apps.ready:
            # Django already runs in this process (a test's CliRunner, an embedding program):
            # its database is the one in use; quietly switching to --db would write elsewhere.
            if self.db:
                raise CliError("--db cannot change the database of a process where Django already runs.")
            self._ready = True
            return
        os.environ["FIIT_DATABASE_URL"] = self.database_url()
        os.environ.setdefault("FIIT_MODE", mode)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fiit.web.settings")
        import django

        django.setup()
        if migrate:
            from django.core.management import call_command

            from fiit.db.migration_state import migrations_pending

            self._offer_keyfile_to_migrations()
            if always_migrate or migrations_pending():
                call_command("migrate", verbosity=0, interactive=False)
        self._ready = True

    def _offer_keyfile_to_migrations(self) -> None:
        """A migration that seals what an older fiit kept in clear (0008: authenticator secrets) needs the key
        file: the one given with ``--key-file`` is handed over as the one in use (FIIT_KEY_FILE reaches them
        through the settings). One that cannot be read is left for the command that needs it to report."""
        if not self.key_file:
            return
        from fiit.db.keys import use_keyfile
        from fiit.vault import load_key_file

        try:
            use_keyfile(load_key_file(Path(self.key_file)))
        except Exception:  # noqa: BLE001 — reported by the command (or the migration) that needs the key
            pass

    def key_path(self) -> Path | None:
        value = self.key_file or os.environ.get("FIIT_KEY_FILE")
        return Path(value) if value else None

    def keyfile(self):
        from fiit.db.keys import use_keyfile
        from fiit.vault import load_key_file

        path = self.key_path()
        if path is None and demo_key_path().exists() and self._only_synthetic_data():
            # The demo's own key, and only for a database holding nothing but synthetic data.
            path = demo_key_path()
        if path is None:
            raise CliError("No key file: pass --key-file or set FIIT_KEY_FILE (create one with 'fiit keys init').")
        keyfile = load_key_file(path)
        use_keyfile(keyfile)  # the audit trail and the served app use this one, handed over explicitly
        self.django()
        from fiit.db.key_usage import register_database

        register_database(keyfile)  # so no key this database uses is ever retired
        return keyfile

    def _only_synthetic_data(self) -> bool:
        self.django()
        from fiit.db.models import Interview, Study

        return Study.objects.exists() and not Study.objects.filter(synthetic=False).exists() \
            and not Interview.objects.filter(synthetic=False).exists()
