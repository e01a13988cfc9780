"""Shared fixtures. Settings: fiit.web.test_settings (pyproject), FIIT_MODE=test."""

import pytest


@pytest.fixture
def keyfile(tmp_path):
    from fiit.vault import create_key_file

    return create_key_file(tmp_path / "keys" / "fiit-keys.json", purpose="test")


@pytest.fixture
def otp_login(db):
    """otp_login(client, user): log in with a verified second factor (see tests/support/otp.py)."""
    from tests.support.otp import verified_login

    return verified_login
