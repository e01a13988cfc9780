import json
import os

import pytest

from fiit.vault import (
    DecryptionError,
    FieldSealer,
    KeyFileError,
    create_key_file,
    load_key_file,
    new_data_key,
    open_field,
    seal_field,
    unwrap_data_key,
    wrap_data_key,
)

PLACE = dict(interview_id="i-1", question_id="a1", instrument_version="victim@1.0.0")


def test_seal_and_open_round_trip_with_fresh_nonces():
    key = new_data_key()
    one = seal_field(key, "Het was moeilijk — ő", **PLACE)
    two = seal_field(key, "Het was moeilijk — ő", **PLACE)
    assert one != two  # random nonce each time
    assert open_field(key, one, **PLACE) == "Het was moeilijk — ő"


@pytest.mark.parametrize("field,value", [("interview_id", "i-2"), ("question_id", "a2"),
                                         ("instrument_version", "victim@1.0.1")])
def test_a_blob_moved_elsewhere_does_not_open(field, value):
    key = new_data_key()
    blob = seal_field(key, "secret", **PLACE)
    with pytest.raises(DecryptionError):
        open_field(key, blob, **{**PLACE, field: value})


def test_a_flipped_byte_does_not_open():
    key = new_data_key()
    blob = bytearray(seal_field(key, "secret", **PLACE))
    for position in (1, 13, len(blob) - 1):
        damaged = bytearray(blob)
        damaged[position] ^= 0x01
        with pytest.raises(DecryptionError):
            open_field(key, bytes(damaged), **PLACE)


def test_wrong_key_does_not_open():
    blob = seal_field(new_data_key(), "secret", **PLACE)
    with pytest.raises(DecryptionError):
        open_field(new_data_key(), blob, **PLACE)


def test_a_field_sealer_seals_as_seal_field_does_with_a_fresh_nonce_per_field():
    """One sealer per interview: every blob opens with open_field, in its own place only, and no nonce repeats."""
    key = new_data_key()
    sealer = FieldSealer(key, interview_id="i-1", instrument_version="victim@1.0.0")
    count = FieldSealer.NONCES_PER_DRAW * 2 + 3  # more fields than one draw of nonces
    blobs = [sealer.seal(f"q{n}", f"answer {n} — ő") for n in range(count)]
    assert len({blob[1:13] for blob in blobs}) == count
    for n, blob in enumerate(blobs):
        assert blob[:1] == b"\x01" and len(blob) == 1 + 12 + len(f"answer {n} — ő".encode()) + 16
        assert open_field(key, blob, interview_id="i-1", question_id=f"q{n}", instrument_version="victim@1.0.0") \
            == f"answer {n} — ő"
    with pytest.raises(DecryptionError):
        open_field(key, blobs[0], interview_id="i-1", question_id="q1", instrument_version="victim@1.0.0")
    with pytest.raises(DecryptionError):
        open_field(key, blobs[0], interview_id="i-2", question_id="q0", instrument_version="victim@1.0.0")


def test_data_key_wrapping_is_bound_to_interview_and_key_id():
    kek, dek = new_data_key(), new_data_key()
    wrapped = wrap_data_key(kek, dek, interview_id="i-1", key_id="k1")
    assert unwrap_data_key(kek, wrapped, interview_id="i-1", key_id="k1") == dek
    with pytest.raises(DecryptionError):
        unwrap_data_key(kek, wrapped, interview_id="i-2", key_id="k1")


def test_key_file_is_private_and_never_overwritten(tmp_path):
    path = tmp_path / "keys.json"
    created = create_key_file(path)
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert load_key_file(path).current == created.current
    with pytest.raises(KeyFileError, match="never overwrites"):
        create_key_file(path)


def test_key_file_errors_are_clear(tmp_path):
    with pytest.raises(KeyFileError, match="fiit keys init"):
        load_key_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    bad.chmod(0o600)
    with pytest.raises(KeyFileError, match="not a fiit key file"):
        load_key_file(bad)
    loose = tmp_path / "loose.json"
    create_key_file(loose)
    loose.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_key_file(loose)
    short = tmp_path / "short.json"
    short.write_text(json.dumps({"current": "k", "keys": {"k": "AAAA"}, "audit_key": "AAAA"}))
    short.chmod(0o600)
    with pytest.raises(KeyFileError, match="damaged"):
        load_key_file(short)
