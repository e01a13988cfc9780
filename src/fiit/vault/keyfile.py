"""The key file: key-encryption keys, kept outside the database.

A JSON file, readable by its owner only, holding one or more 256-bit keys by
id and naming the current one. New data keys are wrapped under the current
key; older keys stay in the file, for unwrapping only, until ``fiit keys
retire`` drops one after checking that no database registered with the key
file still uses it (:mod:`fiit.vault.register`). Rotation never drops a key.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from fiit.problems.errors import FiitError


class KeyFileError(FiitError):
    """The key file is missing, unreadable or malformed."""

    code = "key_file"
    server_side = True


class DemoKeyRefused(KeyFileError):
    """Real (non-synthetic) data offered to the demo key file, which seals synthetic demo data only."""


@dataclass(frozen=True)
class KeyFile:
    path: Path
    keys: dict[str, bytes]
    current_id: str
    purpose: str = "production"
    audit_key: bytes = b""

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]

    def check_may_seal(self, *, synthetic: bool) -> None:
        """Refuse real data under the demo key: it is shared by every demo on the machine and has no backup story."""
        if self.purpose == "demo" and not synthetic:
            raise DemoKeyRefused(
                f"The demo key file {self.path} seals synthetic demo data only; create a key file for real data "
                "with 'fiit keys init --path FILE' and use it with --key-file or FIIT_KEY_FILE.")

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise KeyFileError(f"The key file {self.path} has no key '{key_id}'.") from None


def _new_key_id() -> str:
    return "k" + dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S") + secrets.token_hex(3)


def _write(path: Path, keys: dict[str, bytes], current_id: str, purpose: str, audit_key: bytes) -> None:
    doc = {
        "fiit_key_file": 1,
        "purpose": purpose,
        "current": current_id,
        "keys": {kid: base64.b64encode(k).decode() for kid, k in keys.items()},
        # Signs the audit chain; never rotated, so old entries stay verifiable.
        "audit_key": base64.b64encode(audit_key).decode(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(doc, handle, indent=1)
    os.replace(tmp, path)


def create_key_file(path: str | Path, purpose: str = "production") -> KeyFile:
    """Create a new key file; refuse to overwrite one that exists."""
    path = Path(path)
    if path.exists():
        raise KeyFileError(f"A key file already exists at {path}; fiit never overwrites a key file.")
    kid = _new_key_id()
    keys = {kid: secrets.token_bytes(32)}
    audit_key = secrets.token_bytes(32)
    _write(path, keys, kid, purpose, audit_key)
    return KeyFile(path=path, keys=keys, current_id=kid, purpose=purpose, audit_key=audit_key)


def add_key(keyfile: KeyFile) -> KeyFile:
    """Add a fresh key and make it current (the first step of rotation)."""
    kid = _new_key_id()
    while kid in keyfile.keys:
        kid = _new_key_id()
    keys = dict(keyfile.keys)
    keys[kid] = secrets.token_bytes(32)
    _write(keyfile.path, keys, kid, keyfile.purpose, keyfile.audit_key)
    return KeyFile(path=keyfile.path, keys=keys, current_id=kid, purpose=keyfile.purpose, audit_key=keyfile.audit_key)


def retire_key(keyfile: KeyFile, key_id: str) -> KeyFile:
    """Drop one old key from the key file (the caller has checked that no database still uses it)."""
    if key_id == keyfile.current_id:
        raise KeyFileError(f"Key '{key_id}' is the current key; rotate first ('fiit keys rotate'), then retire it.")
    keyfile.key(key_id)  # refuses an unknown id
    keys = {k: v for k, v in keyfile.keys.items() if k != key_id}
    _write(keyfile.path, keys, keyfile.current_id, keyfile.purpose, keyfile.audit_key)
    return KeyFile(path=keyfile.path, keys=keys, current_id=keyfile.current_id, purpose=keyfile.purpose,
                   audit_key=keyfile.audit_key)


def load_key_file(path: str | Path) -> KeyFile:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileError(f"There is no key file at {path}; create one with 'fiit keys init'.") from None
    except OSError as exc:
        raise KeyFileError(f"The key file {path} cannot be read: {exc.strerror}.") from None
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise KeyFileError(f"The key file {path} can be read by other users; run 'chmod 600 {path}'.")
    try:
        doc = json.loads(raw)
        keys = {kid: base64.b64decode(value, validate=True) for kid, value in doc["keys"].items()}
        current = doc["current"]
        purpose = doc.get("purpose", "production")
        audit_key = base64.b64decode(doc["audit_key"], validate=True)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyFileError(f"The key file {path} is not a fiit key file.") from None
    if current not in keys or any(len(k) != 32 for k in keys.values()) or len(audit_key) != 32:
        raise KeyFileError(f"The key file {path} is damaged: its keys are not 256-bit or the current key is missing.")
    return KeyFile(path=path, keys=keys, current_id=current, purpose=purpose, audit_key=audit_key)
