"""Bulk inserts for ``fiit import``: many interviews and answers per statement, as ``save()`` would store them.

Only the per-object bookkeeping of ``bulk_create`` is skipped: every value
still goes through its model field's own conversion, and the statements are
plain multi-row INSERTs that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from django.db import OperationalError, connections

from fiit.db.errors import CountryNotStored
from fiit.db.models import Answer, Country, Interview

# Rows per INSERT statement at most (SQLite allows fewer: 999 parameters); PostgreSQL takes 65,535 parameters.
ROWS_PER_STATEMENT = 500


def _insert_rows(db, table: str, fields: list, values: list) -> None:
    """Insert rows of already converted values, given one after the other in ``values``, many rows per statement.

    Full statements of the same size go through one ``executemany``; the rest
    in one more statement. What lands in the table is what ``bulk_create``
    would write; only its per-object bookkeeping is skipped.
    """
    width = len(fields)
    rows = len(values) // width
    if not rows:
        return
    ops = db.ops
    per_statement = max(1, min(ops.bulk_batch_size(fields, range(rows)), ROWS_PER_STATEMENT))
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    placeholders = ["%s"] * width

    def sql(count: int) -> str:
        return f"INSERT INTO {ops.quote_name(table)} ({columns}) {ops.bulk_insert_sql(fields, [placeholders] * count)}"

    step = per_statement * width
    full = (rows - rows % per_statement) * width
    with db.cursor() as cursor:
        if full:
            cursor.executemany(sql(per_statement), [values[start:start + step] for start in range(0, full, step)])
        if full < len(values):
            cursor.execute(sql(rows % per_statement), values[full:])


def insert_interviews(rows: list[dict[str, Any]]) -> list[int]:
    """Insert new interviews, each given as field values by attribute name; return their primary keys in order.

    Each value goes through its model field exactly as ``save()`` would
    (``pre_save`` then ``get_db_prep_save``). Fields a row leaves out get
    their model default, and automatic timestamps one value for the batch,
    each converted once. Every row needs its ``uid`` (a ``uuid.UUID``): the keys
    are read back by it (it is unique).
    """
    _require_countries(rows)
    meta = Interview._meta
    db = connections[Interview.objects.db]  # the wrapper itself, not the thread-local proxy
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    prototype = Interview(**rows[0])
    columns = []
    for f in fields:
        if f.attname in rows[0] and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False):
            columns.append(_converted(f.get_db_prep_save, [row[f.attname] for row in rows], db))
        else:  # a default or an automatic timestamp: the same for the whole batch
            columns.append([f.get_db_prep_save(f.pre_save(prototype, True), db)] * len(rows))
    _insert_rows(db, meta.db_table, fields, [value for row in zip(*columns) for value in row])
    uids = [row["uid"] for row in rows]
    # No ordering: the model's default orders by country, a join that would hide a row whose country is missing.
    pks = dict(Interview.objects.filter(uid__in=uids).order_by().values_list("uid", "pk"))
    return [pks[uid] for uid in uids]


def _require_countries(rows: list[dict[str, Any]]) -> None:
    """Refuse, before anything is written, interviews of a country the database has no row for.

    The foreign key is checked only when the transaction commits (SQLite and
    PostgreSQL defer it), so without this the rows would go in, the read-back
    of their keys would miss them, and the caller would see a KeyError instead
    of a reason.
    """
    wanted = {row["country_id"] for row in rows if "country_id" in row}
    if not wanted:
        return
    missing = wanted - set(Country.objects.filter(code__in=wanted).values_list("code", flat=True))
    if missing:
        raise CountryNotStored(code="country_not_stored", countries=", ".join(sorted(missing)), count=len(rows))


def _converted(prepare, values: list[Any], db) -> list[Any]:
    """``prepare(value, db)`` for each value of a column; once per distinct value where values repeat (a date)."""
    try:
        distinct = {(value.__class__, value) for value in values}
    except TypeError:  # not hashable
        return [prepare(value, db) for value in values]
    if len(distinct) * 2 > len(values):
        return [prepare(value, db) for value in values]
    prepared = {key: prepare(key[1], db) for key in distinct}
    return [prepared[(value.__class__, value)] for value in values]


def insert_answers(interviews: Iterable[tuple[int, list[tuple[str, Any, bytes | None]]]]) -> None:
    """Insert the answers of interviews, given as (interview pk, its answer rows from ``answer_rows``).

    Values go through the model fields' own conversion (JSON for ``value``,
    binary for ``sealed``), so what lands in the table is what ``bulk_create``
    would write, on SQLite and PostgreSQL alike, without building a model
    object per answer; many rows go in one statement. The JSON of a number or
    a word is made once per batch.
    """
    meta = Answer._meta
    db = connections[Answer.objects.db]
    fields = [meta.get_field(name) for name in ("interview", "question_id", "value", "sealed")]
    # What JSONField.get_db_prep_value and BinaryField.get_db_prep_value do, bound once per batch.
    adapt_json, encoder, binary = db.ops.adapt_json_value, fields[2].encoder, db.Database.Binary
    # Keyed by the value alone: only exact ints and strs go in, and no int equals a str.
    memo: dict[int | str, Any] = {}
    values: list[Any] = []
    add = values.extend
    for interview_id, rows in interviews:
        for question_id, value, sealed in rows:
            if value is not None:
                kind = value.__class__
                if kind is int or kind is str:
                    prepared = memo.get(value)
                    if prepared is None:
                        prepared = memo[value] = adapt_json(value, encoder)
                    value = prepared
                else:
                    value = adapt_json(value, encoder)
            add((interview_id, question_id, value, None if sealed is None else binary(sealed)))
    _insert_rows(db, meta.db_table, fields, values)


# Page cache of the importing connection while it imports, in KiB (SQLite's default is 2 MiB).
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def sqlite_set_for_import() -> Iterator[None]:
    """On SQLite, keep statement journals in memory and a larger page cache while importing.

    A multi-row INSERT keeps a statement journal, so that a failing statement
    can be undone alone; SQLite spills it to a temporary file by default, one
    write system call per page, which costs an import more than the inserts
    themselves (and puts copies of pages in a temporary folder). The unique
    indexes of interviews (ids, submission ids, respondent codes) take
    random keys: with the default 2 MiB cache their pages are read back from
    the file again and again once a study holds tens of thousands of
    interviews; 64 MiB keeps them in memory. The previous settings come back
    afterwards. Where a setting cannot be changed, it stays as it is.
    """
    db = connections[Interview.objects.db]
    if db.vendor != "sqlite":
        yield
        return
    wanted = {"temp_store": "MEMORY", "cache_size": str(-IMPORT_CACHE_KIB)}
    previous = {}
    with db.cursor() as cursor:
        for name, value in wanted.items():
            cursor.execute(f"PRAGMA {name}")
            before = cursor.fetchone()[0]
            try:
                cursor.execute(f"PRAGMA {name} = {value}")
            except OperationalError:  # temp_store cannot change while temporary tables are in use
                continue
            previous[name] = before
    try:
        yield
    finally:
        with db.cursor() as cursor:
            for name, before in previous.items():
                try:
                    cursor.execute(f"PRAGMA {name} = {int(before)}")
                except OperationalError:
                    pass


#: An import that stored at least this many interviews has PostgreSQL's planner statistics refreshed.
ANALYZE_AFTER = 100


def refresh_statistics(imported: int) -> bool:
    """On PostgreSQL, after an import of ``imported`` (at least :data:`ANALYZE_AFTER`) interviews, ``ANALYZE``
    the interview and answer tables at once; answers whether it did.

    The planner chooses its plans from statistics that autovacuum refreshes some time after a table grew
    by a tenth. Until then, ``fiit stats`` over 10,000 victims just imported took 5.5-5.9 s of wall time
    against 2.8-2.9 s after ``ANALYZE`` (issue 16; the same answers either way). ANALYZE reads a sample
    of each table (30,000 rows at the default target), a fraction of a second. SQLite's planner needs
    no statistics for these tables (fiit.db.interview_rows chooses its index itself)."""
    db = connections[Interview.objects.db]
    if db.vendor != "postgresql" or imported < ANALYZE_AFTER:
        return False
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        cursor.execute(f"ANALYZE {quote(Interview._meta.db_table)}, {quote(Answer._meta.db_table)}")
    return True
