"""The RSA key pairs of encrypted forms, kept beside the key file with fiit's own keys.

A form exported with encryption makes ODK Collect encrypt each submission for
the form's RSA public key; only the private key opens it
(:mod:`fiit.interop.submissions.encrypted`). fiit makes that key pair itself
(:meth:`FormKeyStore.create`, RSA-3072 from ``cryptography``) and keeps the
private key in a small SQLite file beside the key file, sealed with AES-256-GCM
under the key file's current key (the associated data names the form and the
key id, so a sealed key copied to another form does not open). The private key
never enters the database, a log or an export; losing the key file loses the
form keys with it, which is why they live together.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fiit.vault.keyfile import KeyFile, KeyFileError
from fiit.vault.sidecar import SidecarStore, beside

RSA_BITS = 3072
NONCE_BYTES = 12


def _aad(form_id: str, key_id: str) -> bytes:
    return f"fiit-form-key|{form_id}|{key_id}".encode("utf-8")


@dataclass(frozen=True)
class FormKey:
    form_id: str
    public_pem: bytes
    private_key: rsa.RSAPrivateKey


class FormKeyStore(SidecarStore):
    SUFFIX = ".form-keys.sqlite3"
    SCHEMA = ("CREATE TABLE IF NOT EXISTS form_key (form_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, "
              "sealed BLOB NOT NULL, public_pem BLOB NOT NULL)")

    def public_pem(self, form_id: str) -> bytes | None:
        row = self._connect().execute("SELECT public_pem FROM form_key WHERE form_id = ?", (form_id,)).fetchone()
        return bytes(row[0]) if row else None

    def create(self, keyfile: KeyFile, form_id: str) -> bytes:
        """The form's public key (PEM); a key pair is made the first time, then always the same one is given."""
        existing = self.public_pem(form_id)
        if existing is not None:
            return existing
        private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
        der = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + AESGCM(keyfile.current).encrypt(nonce, der, _aad(form_id, keyfile.current_id))
        public = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
        self._connect().execute("INSERT OR IGNORE INTO form_key VALUES (?, ?, ?, ?)",
                                (form_id, keyfile.current_id, sealed, public))
        return self.public_pem(form_id) or public

    def form_key(self, keyfile: KeyFile, form_id: str) -> FormKey | None:
        row = self._connect().execute("SELECT key_id, sealed, public_pem FROM form_key WHERE form_id = ?",
                                      (form_id,)).fetchone()
        if row is None:
            return None
        key_id, sealed, public = row[0], bytes(row[1]), bytes(row[2])
        der = _unseal(keyfile, form_id, key_id, sealed)
        private = serialization.load_der_private_key(der, password=None)
        return FormKey(form_id=form_id, public_pem=public, private_key=private)

    def key_ids(self) -> set[str]:
        """The key-file keys the form keys are sealed under (``fiit keys retire`` must not strand them)."""
        return {row[0] for row in self._connect().execute("SELECT DISTINCT key_id FROM form_key")}

    def reseal(self, keyfile: KeyFile) -> int:
        """Seal every form key under the key file's current key (on rotation, before a retire). Returns how many."""
        conn = self._connect()
        rows = list(conn.execute("SELECT form_id, key_id, sealed FROM form_key WHERE key_id != ?",
                                 (keyfile.current_id,)))
        updates = []
        for form_id, key_id, sealed in rows:
            der = _unseal(keyfile, form_id, key_id, bytes(sealed))
            nonce = os.urandom(NONCE_BYTES)
            updates.append((keyfile.current_id,
                            nonce + AESGCM(keyfile.current).encrypt(nonce, der, _aad(form_id, keyfile.current_id)),
                            form_id))
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("UPDATE form_key SET key_id = ?, sealed = ? WHERE form_id = ?", updates)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return len(updates)

    def restore_missing(self, rows) -> int:
        """Put back form keys this store lost (from a backup: form_id, key_id, sealed, public_pem); never replaces."""
        conn = self._connect()
        before = conn.execute("SELECT count(*) FROM form_key").fetchone()[0]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO form_key VALUES (?, ?, ?, ?)", list(rows))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return conn.execute("SELECT count(*) FROM form_key").fetchone()[0] - before


def form_keys(keyfile: KeyFile) -> FormKeyStore:
    """The form key store that belongs to this key file."""
    return beside(keyfile.path, FormKeyStore)


def _unseal(keyfile: KeyFile, form_id: str, key_id: str, sealed: bytes) -> bytes:
    """A form's private key (DER) opened with the key-file key it was sealed under."""
    try:
        return AESGCM(keyfile.key(key_id)).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(form_id, key_id))
    except Exception:
        raise KeyFileError(f"The private key of form '{form_id}' does not open with the key file "
                           f"{keyfile.path}.") from None
