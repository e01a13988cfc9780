"""The backup file: a few named files (database, key shares, audit anchor, manifest), encrypted.

Layout: ``FIITBACKUP1\\n``, a 4-byte big-endian header length, a JSON header
(format, key id, HKDF salt, nonce), then one AES-256-GCM ciphertext of a tar
archive of the members, with the header as associated data. The encryption
key is derived (HKDF-SHA256, fresh random salt per backup) from the key file's
key named in the header, so a backup opens only with a key file holding that
key — keep the key file (and, after a rotation, the old key) apart from the
backups. The archive is built and encrypted in memory: fine for studies of a
few thousand interviews (the demo's backup is a few MB); a chunked format
would be needed for much larger databases.
"""

from __future__ import annotations

import io
import json
import os
import struct
import tarfile
from typing import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fiit.problems import FiitError
from fiit.vault.keyfile import KeyFile, KeyFileError

MAGIC = b"FIITBACKUP1\n"
MAX_HEADER = 4096


class BackupError(FiitError):
    """The file is not a fiit backup, is damaged, or does not open with this key file."""

    code = "backup_file"


def _backup_key(kek: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"fiit-backup").derive(kek)


def seal_backup(keyfile: KeyFile, members: Mapping[str, bytes]) -> bytes:
    """The encrypted backup holding ``members`` (name → bytes), under the key file's current key."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps({"format": 1, "key_id": keyfile.current_id, "salt": salt.hex(), "nonce": nonce.hex()},
                        sort_keys=True).encode()
    body = AESGCM(_backup_key(keyfile.current, salt)).encrypt(nonce, archive.getvalue(), MAGIC + header)
    return MAGIC + struct.pack(">I", len(header)) + header + body


def open_backup(keyfile: KeyFile, blob: bytes) -> dict[str, bytes]:
    """The members of a backup (name → bytes); BackupError if it is not one or does not open."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise BackupError("This is not a fiit backup file.")
    (length,) = struct.unpack(">I", blob[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if not 0 < length <= MAX_HEADER or len(blob) < start + length:
        raise BackupError("The backup file is damaged (its header is cut or too long).")
    header_bytes = blob[start:start + length]
    try:
        header = json.loads(header_bytes)
        key_id, salt, nonce = header["key_id"], bytes.fromhex(header["salt"]), bytes.fromhex(header["nonce"])
    except (ValueError, KeyError, TypeError):
        raise BackupError("The backup file is damaged (its header is not readable).") from None
    try:
        kek = keyfile.key(key_id)
    except KeyFileError:
        raise BackupError(f"The backup was made under key '{key_id}', which the key file {keyfile.path} no longer "
                          "holds (retired): use a copy of the key file from before that key was retired.") from None
    try:
        archive = AESGCM(_backup_key(kek, salt)).decrypt(nonce, blob[start + length:], MAGIC + header_bytes)
    except (InvalidTag, ValueError):
        raise BackupError("The backup file does not open with this key file (damaged or changed).") from None
    members: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r") as tar:
        for info in tar.getmembers():
            if not info.isfile():
                continue
            handle = tar.extractfile(info)
            if handle is not None:
                members[info.name] = handle.read()
    return members
