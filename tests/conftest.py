"""Shared fixtures. Settings: fiit.web.test_settings (pyproject), FIIT_MODE=test."""

import os

import pytest

# What a test must use to touch the Django database (directly, or through a fixture that does).
_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "client", "admin_client",
                      "django_db_reset_sequences", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL (`make test-postgres`), skip the tests that never touch the database.

    The PostgreSQL part runs storage, capture and canary tests again to test storage on PostgreSQL; a test
    that uses no database (the parser fuzzers, the ASVS map) computes exactly what it computed in the SQLite
    part a minute before, so running it again proves nothing and cost ~25 s of CPU. Tests that do use the
    database all stay, the form fuzzers too: their posts go through storage, and PostgreSQL refuses what
    SQLite keeps (NUL in text, lone surrogates in JSON), so their PostgreSQL run is a test of its own.
    """
    if not os.environ.get("FIIT_TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="uses no database: ran in the SQLite part; the PostgreSQL part tests storage")
    for item in items:
        if not item.get_closest_marker("django_db") and not _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)


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


@pytest.fixture(scope="session")
def demo_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo study, built once per session (tests/support/demo_copy.py).

    A test gets its own copy with ``demo_template.copy_into(tmp_path)`` (inside a ``db`` or transactional
    test): the same rows ``build_demo`` writes, and a key file with its shares and audit head in tmp_path.
    """
    from tests.support.demo_copy import build_template

    with django_db_blocker.unblock():
        return build_template(tmp_path_factory.mktemp("demo-template"))
