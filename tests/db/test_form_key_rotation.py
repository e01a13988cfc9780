"""Issue 14: the RSA keys of encrypted forms (beside the key file) follow key rotation and survive a retire.

Before: a form key stayed sealed under the key that was current when the form
was exported, so 'fiit keys retire' of that key (allowed once no database used
it) made every encrypted submission of the form unreadable for good.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_rotation_reseals_form_keys_and_retiring_the_old_key_keeps_them_readable(keyfile):
    from fiit.db.key_usage import retire
    from fiit.db.keys import use_keyfile
    from fiit.db.rotation import rotate_keys
    from fiit.vault.formkeys import form_keys

    previous = use_keyfile(keyfile)
    try:
        public = form_keys(keyfile).create(keyfile, "victim")
        old_id = keyfile.current_id
        assert form_keys(keyfile).key_ids() == {old_id}
        rotated, _count = rotate_keys(keyfile)
        assert rotated.current_id != old_id
        assert form_keys(rotated).key_ids() == {rotated.current_id}
        retired, check = retire(rotated, old_id)
        assert check.ok and old_id not in retired.keys
        key = form_keys(retired).form_key(retired, "victim")
        assert key is not None and key.public_pem == public
        assert key.private_key.public_key().key_size == 3072
    finally:
        use_keyfile(previous)


def test_retire_reseals_a_form_key_left_under_the_leaving_key(keyfile):
    """A form key made before an older rotation (or with an older fiit) is resealed before its key leaves."""
    from fiit.db.key_usage import retire
    from fiit.db.keys import use_keyfile
    from fiit.vault.formkeys import form_keys
    from fiit.vault.keyfile import add_key

    previous = use_keyfile(keyfile)
    try:
        form_keys(keyfile).create(keyfile, "policymaker")
        newer = add_key(keyfile)  # a rotation of the key file only, as an older fiit did it
        assert form_keys(newer).key_ids() == {keyfile.current_id}
        retired, check = retire(newer, keyfile.current_id)
        assert check.ok
        assert form_keys(retired).form_key(retired, "policymaker") is not None
    finally:
        use_keyfile(previous)
