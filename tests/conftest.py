"""Shared fixtures. Settings: fiit.web.test_settings (pyproject), FIIT_MODE=test."""

import os

import pytest


@pytest.fixture(autouse=True)
def _fresh_audit_bindings():
    """Each test's database is emptied afterwards: the shared test key file's anchor forgets it (and its alarms).

    Outside tests, an emptied audit trail is an alarm (fiit.vault.anchor); here it is how every test ends.
    """
    yield
    path = os.environ.get("FIIT_KEY_FILE", "")
    if os.path.basename(path).startswith("fiit-test-keys-") and os.path.exists(path):
        from fiit.vault.anchor import anchor_store_for

        anchor_store_for(path).forget_databases()


@pytest.fixture
def keyfile(tmp_path):
    from fiit.vault import create_key_file

    return create_key_file(tmp_path / "keys" / "fiit-keys.json", purpose="test")


@pytest.fixture
def otp_login(db):
    """otp_login(client, user): log in with a verified second factor (see tests/support/otp.py)."""
    from tests.support.otp import verified_login

    return verified_login
