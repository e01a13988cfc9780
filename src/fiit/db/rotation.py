"""Key rotation: re-wrap every interview's data key under a new key-encryption key.

The answers are never touched: only the small wrapped keys change. The old key
stays in the key file, for unwrapping only: other databases registered with
the same key file, and every backup made before the rotation, still need it.
Only ``fiit keys retire`` drops it, once no registered database uses it
(:mod:`fiit.db.key_usage`).
"""

from __future__ import annotations

from django.db import transaction

from fiit.db.models import Interview
from fiit.vault import KeyFile, unwrap_data_key, wrap_data_key
from fiit.vault.shares import share_store_for, wrapping_key
from fiit.vault.keyfile import add_key


def rotate_keys(keyfile: KeyFile, batch: int = 500) -> tuple[KeyFile, int]:
    """Add a new current key and re-wrap all this database's data keys under it; keep the old keys. Returns (keyfile, n)."""
    keyfile = add_key(keyfile)
    new_id = keyfile.current_id
    shares = share_store_for(keyfile.path)
    rewrapped = 0
    while True:
        ids = list(
            Interview.objects.exclude(key_id=new_id).exclude(wrapped_key=None).values_list("id", flat=True)[:batch]
        )
        if not ids:
            break
        with transaction.atomic():
            for interview in Interview.objects.select_for_update(of=("self",)).filter(id__in=ids):
                uid = str(interview.uid)
                share = shares.get(uid)
                data_key = unwrap_data_key(wrapping_key(keyfile.key(interview.key_id), share, uid),
                                           bytes(interview.wrapped_key), interview_id=uid, key_id=interview.key_id)
                interview.wrapped_key = wrap_data_key(wrapping_key(keyfile.current, share, uid), data_key,
                                                      interview_id=uid, key_id=new_id)
                interview.key_id = new_id
                interview.save(update_fields=["wrapped_key", "key_id"])
                rewrapped += 1
    from fiit.db.findings import rewrap_finding_keys  # findings seal their statements under their own key
    from fiit.db.sign_in_models import reseal_device_secrets  # authenticator secrets, sealed under the key file
    from fiit.vault.formkeys import form_keys

    form_keys(keyfile).reseal(keyfile)  # the encrypted forms' RSA keys belong to the key file: under its new key
    return keyfile, rewrapped + rewrap_finding_keys(keyfile) + reseal_device_secrets(keyfile)
