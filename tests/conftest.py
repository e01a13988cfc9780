"""Shared fixtures. Settings: fiit.web.test_settings (pyproject), FIIT_MODE=test."""

import pytest


@pytest.fixture
def keyfile(tmp_path):
    from fiit.vault import create_key_file

    return create_key_file(tmp_path / "keys" / "fiit-keys.json", purpose="test")
