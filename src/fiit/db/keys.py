"""The key file this process seals and audits with, given explicitly by the shell that runs it.

The command line loads the key file the user named (``--key-file``, or the
``FIIT_KEY_FILE`` setting it reads once) and hands it over with
:func:`use_keyfile`; the web app uses its setting ``KEY_FILE`` (checked at
start-up in production). Nothing reads or writes the key file's path in
``os.environ`` after that: a library call never finds a key by surprise.
Test settings without a key file get a throwaway one, one per process.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from fiit.db.errors import NoKeyFile
from fiit.vault import KeyFile, create_key_file, load_key_file

_in_use: KeyFile | None = None


def use_keyfile(keyfile: KeyFile | None) -> KeyFile | None:
    """Make ``keyfile`` the one this process uses (None: back to the settings); returns the previous one."""
    global _in_use
    previous, _in_use = _in_use, keyfile
    return previous


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> KeyFile:
    return load_key_file(path)


def current_keyfile() -> KeyFile:
    if _in_use is not None:
        return _in_use
    from django.conf import settings

    path = getattr(settings, "KEY_FILE", "")
    if not path and getattr(settings, "MODE", "") == "test":
        path = str(_throwaway_test_keys())
    if not path:
        raise NoKeyFile("No key file: the web app needs its KEY_FILE setting (create one with 'fiit keys init').")
    keyfile = _load(path, Path(path).stat().st_mtime)
    from fiit.db.key_usage import register_database

    register_database(keyfile)  # so no key this database uses is ever retired
    return keyfile


@lru_cache(maxsize=1)
def _throwaway_test_keys() -> Path:
    """Tests that do not care about keys get a throwaway key file, one per process."""
    path = Path(tempfile.gettempdir()) / f"fiit-test-keys-{os.getpid()}.json"
    if not path.exists():
        create_key_file(path, purpose="test")
        atexit.register(_remove_test_keys, path)
    return path


def _remove_test_keys(path: Path) -> None:
    from fiit.vault.anchor import AnchorStore
    from fiit.vault.register import DatabaseRegister
    from fiit.vault.withdrawals import WithdrawalRegister
    from fiit.vault.shares import ShareStore
    from fiit.vault.sidecar import sidecar_path

    for leftover in (path, *(sidecar_path(path, kind) for kind in (ShareStore, AnchorStore, DatabaseRegister, WithdrawalRegister))):
        for suffix in ("", "-wal", "-shm"):
            Path(str(leftover) + suffix).unlink(missing_ok=True)
