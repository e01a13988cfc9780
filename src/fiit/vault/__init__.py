"""Field encryption and key management (pure core).

Every open-text answer and identifying field is sealed with AES-256-GCM under
a per-interview data key; data keys are wrapped by a key-encryption key kept
in a key file outside the database.
"""

from fiit.vault.crypto import (
    DecryptionError,
    FieldSealer,
    answer_aad,
    new_data_key,
    open_field,
    open_secret,
    seal_field,
    seal_secret,
    unwrap_data_key,
    wrap_data_key,
)
from fiit.vault.keyfile import KeyFile, KeyFileError, create_key_file, load_key_file

__all__ = [
    "DecryptionError",
    "FieldSealer",
    "KeyFile",
    "KeyFileError",
    "answer_aad",
    "create_key_file",
    "load_key_file",
    "new_data_key",
    "open_field",
    "open_secret",
    "seal_field",
    "seal_secret",
    "unwrap_data_key",
    "wrap_data_key",
]
