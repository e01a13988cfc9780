"""The migrations describe the models: a model change without its migration fails here, not on a deployment."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "fiit", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits non-zero when a migration would be written
        pytest.fail(f"makemigrations would write a migration (exit {exc.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_migrations_pending_tells_what_migrate_would_apply():
    """The CLI runs ``migrate`` only when a migration is pending (fiit.db.migration_state); the names on disk
    are the ones Django's loader finds, and one not recorded as applied makes ``migrate`` run."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from fiit.db.migration_state import migrations_pending, on_disk

    loader = MigrationLoader(connection)
    assert on_disk() == set(loader.disk_migrations) and ("fiit", "0001_initial") in on_disk()
    assert not migrations_pending()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'fiit' AND name = '0013_interview_synthetic_index'")
    assert migrations_pending()
