"""The second factor's table: an authenticator app (TOTP) whose secret is sealed with the vault.

django-otp's own ``TOTPDevice`` keeps the shared secret as hex in the database: anyone who copies the
database file can compute every user's codes, and the second factor is gone (issue 14). Here the
secret is sealed with AES-256-GCM under the key file's current key, bound to the device's uid and the
key id (:func:`fiit.vault.seal_secret`); the key file lives outside the database, as for answers.
``fiit keys rotate`` re-seals it under the new key (:func:`reseal_device_secrets`).

Everything else is django-otp's: the throttling and timestamp mixins, the TOTP algorithm
(``django_otp.oath``) and ``TOTPDevice``'s own verification and provisioning-URI code, borrowed as
they are (they read only ``bin_key`` and the device's parameters), so the checks a code goes through
are the library's, not ours. django-otp finds this model like its own (it lists every ``Device``
subclass), so ``devices_for_user``, ``django_otp.login`` and ``is_verified`` work unchanged.
Migration 0008 sealed the devices django-otp had stored in clear and emptied its table.
"""

from __future__ import annotations

import os
import uuid

from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

SECRET_BYTES = 20  # RFC 4226's recommended 160-bit shared secret, as django-otp makes


def _keyfile(keyfile=None):
    if keyfile is not None:
        return keyfile
    from fiit.db.keys import current_keyfile

    return current_keyfile()


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app; its secret sealed under the key file (the parameters as django-otp's)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key_id = models.CharField(max_length=64)
    sealed_secret = models.BinaryField()
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "authenticator app (sealed secret)"

    @classmethod
    def enrol(cls, user, name: str, *, confirmed: bool = False, secret: bytes | None = None,
              keyfile=None, **fields) -> SealedTOTPDevice:
        """A new device with a fresh random secret (or ``secret``), sealed before it is saved."""
        device = cls(user=user, name=name, confirmed=confirmed, **fields)
        device.seal(secret if secret is not None else os.urandom(SECRET_BYTES), keyfile)
        device.save()
        return device

    def seal(self, secret: bytes, keyfile=None) -> None:
        from fiit.vault import seal_secret

        keyfile = _keyfile(keyfile)
        self.key_id = keyfile.current_id
        self.sealed_secret = seal_secret(keyfile.current, secret, owner=self._owner(), key_id=self.key_id)

    def open_secret(self, keyfile=None) -> bytes:
        from fiit.vault import open_secret

        keyfile = _keyfile(keyfile)
        return open_secret(keyfile.key(self.key_id), bytes(self.sealed_secret), owner=self._owner(),
                           key_id=self.key_id)

    def _owner(self) -> str:
        return f"totp:{self.uid}"

    @property
    def bin_key(self) -> bytes:
        """The secret, opened for this one use (django-otp's TOTP code reads it here)."""
        return self.open_secret()

    # django-otp's verification and provisioning code, unchanged: it reads bin_key and the parameters.
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


def reseal_device_secrets(keyfile) -> int:
    """Re-seal every authenticator secret under the key file's current key (``fiit keys rotate``)."""
    n = 0
    with transaction.atomic():
        for device in SealedTOTPDevice.objects.select_for_update(of=("self",)).exclude(key_id=keyfile.current_id):
            device.seal(device.open_secret(keyfile), keyfile)
            device.save(update_fields=["key_id", "sealed_secret"])
            n += 1
    return n
