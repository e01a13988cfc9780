"""AES-256-GCM sealing of fields and wrapping of data keys.

Sealed blob layout: one version byte (1), a 12-byte random nonce, then the
GCM ciphertext with its 16-byte tag. The associated data binds each blob to
where it belongs, so a blob copied to another interview or question fails to
open.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fiit.problems.errors import FiitError

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionError(FiitError):
    """A sealed value could not be opened: wrong key, wrong place, or tampered."""

    code = "decryption"
    server_side = True


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    blob = bytes(blob)
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != FORMAT_VERSION:
        raise DecryptionError("not a sealed fiit value")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag as exc:
        raise DecryptionError("the value does not open with this key in this place") from exc


def answer_aad(interview_id: str, question_id: str, instrument_version: str) -> bytes:
    return f"fiit-answer|{interview_id}|{question_id}|{instrument_version}".encode()


def _dek_aad(interview_id: str, key_id: str) -> bytes:
    return f"fiit-data-key|{interview_id}|{key_id}".encode()


def seal_field(data_key: bytes, text: str, *, interview_id: str, question_id: str, instrument_version: str) -> bytes:
    return _seal(data_key, text.encode("utf-8"), answer_aad(interview_id, question_id, instrument_version))


class FieldSealer:
    """Seals the fields of one interview under its data key, with one AES-GCM context for all of them.

    ``sealer.seal(question_id, text)`` gives exactly what :func:`seal_field`
    gives (same layout, a fresh random 96-bit nonce, the same associated
    data); it only skips setting up the cipher for every field, and draws
    random nonces from the operating system a few at a time.
    """

    NONCES_PER_DRAW = 16

    __slots__ = ("_aead", "_interview_id", "_instrument_version", "_nonces", "_next")

    def __init__(self, data_key: bytes, *, interview_id: str, instrument_version: str):
        self._aead = AESGCM(data_key)
        self._interview_id = interview_id
        self._instrument_version = instrument_version
        self._nonces = b""
        self._next = 0

    def seal(self, question_id: str, text: str) -> bytes:
        start = self._next
        if start >= len(self._nonces):
            self._nonces, start = os.urandom(NONCE_BYTES * self.NONCES_PER_DRAW), 0
        self._next = start + NONCE_BYTES
        nonce = self._nonces[start:start + NONCE_BYTES]
        aad = answer_aad(self._interview_id, question_id, self._instrument_version)
        return FORMAT_VERSION + nonce + self._aead.encrypt(nonce, text.encode("utf-8"), aad)


def open_field(data_key: bytes, blob: bytes, *, interview_id: str, question_id: str, instrument_version: str) -> str:
    return _open(data_key, blob, answer_aad(interview_id, question_id, instrument_version)).decode("utf-8")


def _secret_aad(owner: str, key_id: str) -> bytes:
    return f"fiit-sign-in-secret|{owner}|{key_id}".encode()


def seal_secret(kek: bytes, secret: bytes, *, owner: str, key_id: str) -> bytes:
    """Seal a sign-in secret (an authenticator app's TOTP key) under a key-file key, bound to its owner."""
    return _seal(kek, secret, _secret_aad(owner, key_id))


def open_secret(kek: bytes, sealed: bytes, *, owner: str, key_id: str) -> bytes:
    return _open(kek, sealed, _secret_aad(owner, key_id))


def wrap_data_key(kek: bytes, data_key: bytes, *, interview_id: str, key_id: str) -> bytes:
    return _seal(kek, data_key, _dek_aad(interview_id, key_id))


def unwrap_data_key(kek: bytes, wrapped: bytes, *, interview_id: str, key_id: str) -> bytes:
    return _open(kek, wrapped, _dek_aad(interview_id, key_id))
