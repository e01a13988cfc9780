"""Key rotation: re-wrap every interview's data key under a new key-encryption key.

The answers are never touched: only the small wrapped keys change. The old key
stays in the key file until every data key is re-wrapped, so the app keeps
working throughout (each interview names the key that wraps its data key).
"""

from __future__ import annotations

from django.db import transaction

from fiit.db.models import Interview
from fiit.vault import KeyFile, unwrap_data_key, wrap_data_key
from fiit.vault.shares import share_store_for, wrapping_key
from fiit.vault.keyfile import add_key, retire_keys


def rotate_keys(keyfile: KeyFile, batch: int = 500) -> tuple[KeyFile, int]:
    """Add a new current key, re-wrap all data keys under it, retire the old keys. Returns (keyfile, n)."""
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
            for interview in Interview.objects.select_for_update().filter(id__in=ids):
                uid = str(interview.uid)
                share = shares.get(uid)
                data_key = unwrap_data_key(wrapping_key(keyfile.key(interview.key_id), share, uid),
                                           bytes(interview.wrapped_key), interview_id=uid, key_id=interview.key_id)
                interview.wrapped_key = wrap_data_key(wrapping_key(keyfile.current, share, uid), data_key,
                                                      interview_id=uid, key_id=new_id)
                interview.key_id = new_id
                interview.save(update_fields=["wrapped_key", "key_id"])
                rewrapped += 1
    still_used = set(Interview.objects.exclude(wrapped_key=None).values_list("key_id", flat=True).distinct())
    return retire_keys(keyfile, keep=still_used), rewrapped
