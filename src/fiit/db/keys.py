"""The key file the running process uses (from FIIT_KEY_FILE)."""

from __future__ import annotations

import atexit
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from fiit.db.errors import NoKeyFile
from fiit.vault import KeyFile, create_key_file, load_key_file


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> KeyFile:
    return load_key_file(path)


def current_keyfile() -> KeyFile:
    path = os.environ.get("FIIT_KEY_FILE")
    if not path and os.environ.get("FIIT_MODE") == "test":
        # Tests that do not care about keys get a throwaway key file, one per process.
        path = str(Path(tempfile.gettempdir()) / f"fiit-test-keys-{os.getpid()}.json")
        if not Path(path).exists():
            create_key_file(path, purpose="test")
            atexit.register(_remove_test_keys, Path(path))
        os.environ["FIIT_KEY_FILE"] = path
    if not path:
        raise NoKeyFile("No key file: set FIIT_KEY_FILE (create one with 'fiit keys init').")
    keyfile = _load(path, Path(path).stat().st_mtime)
    from fiit.db.key_usage import register_database

    register_database(keyfile)  # so no key this database uses is ever retired
    return keyfile


def _remove_test_keys(path: Path) -> None:
    from fiit.vault.anchor import AnchorStore
    from fiit.vault.register import DatabaseRegister
    from fiit.vault.withdrawals import WithdrawalRegister
    from fiit.vault.shares import ShareStore
    from fiit.vault.sidecar import sidecar_path

    for leftover in (path, *(sidecar_path(path, kind) for kind in (ShareStore, AnchorStore, DatabaseRegister, WithdrawalRegister))):
        for suffix in ("", "-wal", "-shm"):
            Path(str(leftover) + suffix).unlink(missing_ok=True)
