"""The demo study built once per test session, then copied into each test that asks for it.

``build_demo`` seals 112 interviews and writes about 12,000 rows (answers, codings, audit entries): ~4 s of
CPU on a quiet machine, far more under load. Sixteen tests built it each for their own copy. Now the session
builds it once (:func:`build_template`), inside a transaction that is rolled back, keeping

- every row the build wrote, read back through the models, table by table, and
- the key file and the files beside it (key shares, audit head, database register, form keys), which are
  outside the database and so outlive the rollback.

:meth:`DemoTemplate.copy_into` puts both back for one test: the key file's folder copied (SQLite's backup
API, so a file in WAL mode is copied whole) into the test's folder, so what the test does to shares or the
audit head stays in its copy; the rows inserted unchanged (``raw``: no automatic timestamps re-stamped) in a
savepoint of the test's transaction, so they go with it (rolled back after a ``db`` test, flushed after a
transactional one). The test then holds what ``build_demo`` would have given it: the same rows, sealed under
the key file it gets, with the shares and the audit head that go with them.

The session's build is a real ``build_demo`` and a copy holds its rows unchanged, so a test that reads the
demo's rows (tests/demo/test_demo_coding.py) still reads what ``build_demo`` wrote; ``fiit demo`` is still
run for real, in its own process, by the CLI tests.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass
class DemoCopy:
    study: object                 # fiit.db.models.Study
    keyfile: object               # fiit.vault.KeyFile, in the test's folder
    logins: Path                  # the demo users' passwords, as build_demo wrote them


@dataclass
class DemoTemplate:
    folder: Path                  # keys/ (the key file and its side files) and logins.json
    rows: list                    # (model, [field], [row values]) for every table the build wrote to
    study_pk: int

    def copy_into(self, folder: Path) -> DemoCopy:
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from fiit.db.models import Study
        from fiit.vault import load_key_file

        keys = Path(folder) / "demo-keys"
        keys.mkdir(parents=True)
        for path in (self.folder / "keys").iterdir():
            if path.name.endswith(("-wal", "-shm")):
                continue
            if path.suffix == ".sqlite3":
                with sqlite3.connect(path) as source, sqlite3.connect(keys / path.name) as target:
                    source.backup(target)
            else:
                shutil.copy2(path, keys / path.name)
        for path in sorted(keys.iterdir()):
            path.chmod(0o600)  # as fiit made them (the key file is refused if others can read it)
        logins = Path(folder) / "demo-logins.json"
        shutil.copy2(self.folder / "logins.json", logins)
        with transaction.atomic():
            for model, fields, values in self.rows:
                objects = [model(**dict(zip((f.attname for f in fields), row))) for row in values]
                size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
                for start in range(0, len(objects), size):
                    model._base_manager._insert(objects[start:start + size], fields=fields, raw=True,
                                                using=connection.alias)
            models = [model for model, _f, _v in self.rows]
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):  # PostgreSQL's
                    cursor.execute(statement)
        return DemoCopy(study=Study.objects.get(pk=self.study_pk), keyfile=load_key_file(keys / "keys.json"),
                        logins=logins)


def build_template(folder: Path) -> DemoTemplate:
    """Build the demo in a transaction that is rolled back; keep its rows and its key file's folder."""
    from django.apps import apps
    from django.db import transaction

    from fiit.db.demo import build_demo
    from fiit.vault import create_key_file

    keyfile = create_key_file(folder / "keys" / "keys.json", purpose="test")
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    with transaction.atomic():
        before = {model: model._base_manager.count() for model in models}
        study = build_demo(keyfile, folder / "logins.json").study
        rows = []
        for model in models:
            count = model._base_manager.count()
            if before[model]:
                # Filled before the build (content types, permissions): the build must not have added to them,
                # or the copy would miss those rows.
                assert count == before[model], f"build_demo added rows to {model._meta.db_table}, filled before"
                continue
            if count:
                fields = list(model._meta.concrete_fields)
                values = list(model._base_manager.order_by("pk").values_list(*(f.attname for f in fields)))
                rows.append((model, fields, values))
        transaction.set_rollback(True)
    return DemoTemplate(folder=folder, rows=rows, study_pk=study.pk)
