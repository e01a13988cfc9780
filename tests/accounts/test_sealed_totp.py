"""Authenticator (TOTP) secrets are sealed with the vault, never stored in clear (issue 14, item 3).

Before, django-otp's TOTPDevice kept each secret as hex in the database: a copy of the database file
gave every user's codes. The canary: enrol through the web pages, then look for the secret (raw, hex,
base32) in the database files. The migration test stores a device the old way and migrates it.
"""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django.urls import reverse

from tests.accounts.conftest import PASSWORD
from tests.accounts.test_second_factor import rfc6238, shown_secret
from tests.security.test_canaries import database_files, found_in


def encodings(secret: bytes) -> list[str]:
    """The forms a stored secret could take: hex (django-otp's), base32 (the app's), base64, and latin-1 bytes."""
    return [secret.hex(), secret.hex().upper(), base64.b32encode(secret).decode().rstrip("="),
            base64.b64encode(secret).decode(), secret.decode("latin-1")]


@pytest.mark.django_db(transaction=True)
def test_an_enrolled_secret_is_nowhere_in_the_database_files(client, world):
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fiit.db.sign_in_models import SealedTOTPDevice

    assert client.post(reverse("login"), {"username": "int_be", "password": PASSWORD}).status_code == 302
    page = client.get(reverse("otp-setup"))
    secret_b32 = shown_secret(page.content.decode())
    secret = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    done = client.post(reverse("otp-setup"), {"token": rfc6238(secret_b32, time.time())})
    assert done.status_code == 302 and done["Location"] == "/"
    device = SealedTOTPDevice.objects.get(user=world.users["int_be"])
    assert device.confirmed and device.bin_key == secret  # opened with the key file, it is the shown secret
    assert not TOTPDevice.objects.exists()  # django-otp's clear table is never written
    assert secret not in bytes(device.sealed_secret)
    files = database_files()
    assert found_in(files, "int_be"), "the scan found nothing at all: is it reading the data?"
    for form in encodings(secret):
        assert found_in(files, form) == [], form


@pytest.mark.django_db
def test_a_sealed_secret_does_not_open_elsewhere_or_with_another_key(world, keyfile, tmp_path):
    from fiit.db.sign_in_models import SealedTOTPDevice
    from fiit.vault import DecryptionError, create_key_file

    first = SealedTOTPDevice.enrol(world.users["int_be"], "phone", confirmed=True, keyfile=keyfile)
    second = SealedTOTPDevice.enrol(world.users["int_it"], "phone", confirmed=True, keyfile=keyfile)
    second.sealed_secret = first.sealed_secret  # moved to another user's device
    with pytest.raises(DecryptionError):
        second.open_secret(keyfile)
    other = create_key_file(tmp_path / "other.json", purpose="test")
    with pytest.raises(Exception):
        first.open_secret(other)  # the other key file has no such key


@pytest.mark.django_db
def test_rotation_reseals_secrets_and_keys_verify_opens_them(world, keyfile):
    import time

    from fiit.db.rotation import rotate_keys
    from fiit.db.sealed_check import check_sealed
    from fiit.db.sign_in_models import SealedTOTPDevice
    from fiit.vault import load_key_file

    secret = bytes(range(20))
    device = SealedTOTPDevice.enrol(world.users["int_be"], "phone", secret=secret, confirmed=True, keyfile=keyfile)
    old_key = device.key_id
    before = check_sealed(keyfile)
    assert before.ok
    rotated, _n = rotate_keys(keyfile)
    device.refresh_from_db()
    assert device.key_id == rotated.current_id != old_key
    assert device.open_secret(load_key_file(rotated.path)) == secret
    # The rotated device still takes the code an app computes from the secret (RFC 6238 by hand).
    code = rfc6238(base64.b32encode(secret).decode().rstrip("="), time.time())
    assert device.verify_token(code)
    SealedTOTPDevice.objects.filter(pk=device.pk).update(sealed_secret=b"\x01" + bytes(40))
    broken = check_sealed(load_key_file(rotated.path))
    assert not broken.ok and any("authenticator app" in u.question_id for u in broken.unreadable)
    assert broken.fields == before.fields


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_devices_stored_in_clear_and_leaves_no_hex_behind(keyfile, settings):
    """A database from before 0007: a TOTPDevice with its hex key; after migrating it is sealed and gone."""
    import time

    from django.db.migrations.executor import MigrationExecutor

    secret = bytes.fromhex("3132333435363738393031323334353637383930")
    executor = MigrationExecutor(connection)
    executor.migrate([("fiit", "0007_finding_kind_conclusion")])
    executor.loader.build_graph()
    old = executor.loader.project_state([("fiit", "0007_finding_kind_conclusion"), ("otp_totp", "0003_add_timestamps")]).apps
    user = old.get_model("auth", "User").objects.create(username="old_user", password="x")
    old.get_model("otp_totp", "TOTPDevice").objects.create(user=user, name="phone", key=secret.hex(),
                                                           confirmed=True, drift=1, last_t=5)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert found_in(database_files(), secret.hex()), "the clear key should be in the file before"
    from fiit.db.errors import NoKeyFile

    settings.KEY_FILE, settings.MODE = "", "production"  # no key file: the migration must stop, not leave them
    executor = MigrationExecutor(connection)
    with pytest.raises(NoKeyFile, match="1 authenticator-app secret"):
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert old.get_model("otp_totp", "TOTPDevice").objects.count() == 1  # rolled back, nothing half done
    settings.KEY_FILE, settings.MODE = str(keyfile.path), "test"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fiit.db.sign_in_models import SealedTOTPDevice

    assert not TOTPDevice.objects.exists()
    device = SealedTOTPDevice.objects.get(user__username="old_user")
    assert (device.name, device.confirmed, device.drift, device.last_t) == ("phone", True, 1, 5)
    assert device.open_secret(keyfile) == secret
    device.last_t = -1
    assert device.verify_token(rfc6238(base64.b32encode(secret).decode(), time.time()))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for form in encodings(secret):
            assert found_in(database_files(), form) == [], form



OLD_DATABASE = r"""
import sys
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
executor = MigrationExecutor(connection)
executor.migrate([("fiit", "0007_finding_kind_conclusion"), ("otp_totp", "0003_add_timestamps")])
executor.loader.build_graph()
old = executor.loader.project_state([("fiit", "0007_finding_kind_conclusion"), ("otp_totp", "0003_add_timestamps")]).apps
user = old.get_model("auth", "User").objects.create(username="old_user", password="x")
old.get_model("otp_totp", "TOTPDevice").objects.create(user=user, name="phone", key=sys.argv[1], confirmed=True)
"""


def test_fiit_migrate_with_key_file_option_seals_clear_devices(keyfile, tmp_path):
    """`fiit --key-file K migrate` hands the key file to the migration that seals clear secrets: before, only
    FIIT_KEY_FILE reached it, so the option given on the command line was ignored and the migration refused."""
    import os
    import sqlite3
    import subprocess
    import sys

    secret = bytes.fromhex("3132333435363738393031323334353637383930")
    database = tmp_path / "old.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("FIIT_KEY_FILE", "FIIT_DATABASE_URL", "FIIT_MODE",
                                                             "DJANGO_SETTINGS_MODULE")}
    env["FIIT_MODE"] = "cli"  # as a user runs it (the tests' mode would hand the migration a throwaway key)
    old = subprocess.run([sys.executable, "-c", OLD_DATABASE, secret.hex()], capture_output=True, text=True,
                         env={**env, "FIIT_DATABASE_URL": f"sqlite:///{database}",
                              "DJANGO_SETTINGS_MODULE": "fiit.web.settings"}, timeout=300)
    assert old.returncode == 0, old.stderr
    fiit = [sys.executable, "-c", "from fiit.cli import main; main()", "--db", str(database)]
    refused = subprocess.run([*fiit, "migrate"], capture_output=True, text=True, env=env, timeout=300)
    assert refused.returncode != 0 and "1 authenticator-app secret" in refused.stdout + refused.stderr
    done = subprocess.run([*fiit, "--key-file", str(keyfile.path), "migrate"], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM otp_totp_totpdevice").fetchone() == (0,)
        (sealed,) = conn.execute("SELECT count(*) FROM fiit_sealedtotpdevice").fetchone()
    assert sealed == 1
    assert not found_in([database], secret.hex())


@pytest.mark.django_db
def test_the_tests_second_code_is_accepted_after_a_first_code_that_crossed_a_step_boundary(world, monkeypatch):
    """Why the browser tests' second sign-in uses ``unused_code``: a first code typed in step s and
    checked in step s+1 leaves drift -1. The code for "the step after last_t" plus that drift again
    (what the field-app test computed before) is the code already used, and django-otp refuses it."""
    import time as clock

    from tests.support.otp import code, make_device, unused_code

    device = make_device(world.users["int_be"])
    s = int((clock.time() - device.t0) // device.step)
    typed = code(device, at=device.t0 + s * device.step + 29)  # the last second of step s
    monkeypatch.setattr(clock, "time", lambda: device.t0 + (s + 1) * device.step + 1)  # checked in s+1
    assert device.verify_token(typed)
    device.refresh_from_db()
    assert (device.drift, device.last_t) == (-1, s)
    stale = code(device, at=device.t0 + max(s + 1, device.last_t + 1) * device.step)  # the old helper
    assert stale == typed and not device.verify_token(stale)
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the refused code above counted as a failure
    device.save()
    assert device.verify_token(unused_code(device))
