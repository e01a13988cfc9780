"""ORM querysets compiled once per process and run again with other values (issue 16).

A page that reads one interview, or an autosave that reads its rows twice, asks
the ORM for the same statement on every request with only a key changed. The
ORM builds and compiles it each time (~0.3-1 ms of CPU with joins) for a
statement the database answers in ~50 µs. :class:`PreparedQuery` lets the ORM
build and compile the queryset once per database vendor with *sentinel* values
for its keys, keeps the SQL and its parameters, and per call puts the real
values, prepared by the same model field as the ORM prepares them, in the
sentinels' places. Rows go through the converters the ORM's compiler chose for
each column, and instances are made as the ORM's ``ModelIterable`` makes them
(``from_db``, then the ``select_related`` objects by Django's own populators).
The statement runs with named placeholders (:func:`_named`: cheaper on SQLite).

Only values passed per call change between runs: everything else in the
statement (other filters, their values) is fixed when it is compiled, so a
caller whose statement depends on anything else keys its PreparedQuery on that
(fiit.web.capture.lookup keys it on the access filter built this request).
The reads stay reads of the database on every call; no row is kept.

tests/db/test_prepared_queries.py compares each use with the ORM's own run.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from django.db import connections
from django.db.models.query import MAX_GET_RESULTS, get_related_populators

_PLACEHOLDER = re.compile(r"%%|%s")


class _Compiled:
    __slots__ = ("sql", "params", "slots", "converters", "model", "init_list", "start", "end", "populators",
                 "annotations")

    def __init__(self, sql, params, slots, converters):
        self.sql, self.params, self.slots, self.converters = sql, params, slots, converters
        self.model = self.init_list = self.start = self.end = self.populators = None
        self.annotations: list[tuple[str, int]] = []  # (name, column) set on each instance, as the ORM does


class PreparedQuery:
    """``build(*sentinels) -> QuerySet`` compiled once per vendor; :meth:`rows` and :meth:`get` run it with
    other values. ``keys``: per value, the model field that prepares it (the field the query filters on)
    and its sentinel, a value no other parameter of the statement has."""

    def __init__(self, build: Callable[..., Any], keys: list[tuple[Any, Any]], using: str = "default"):
        self.build, self.keys, self.using = build, keys, using
        self._compiled: dict[str, _Compiled | None] = {}  # by vendor; None: the query can match nothing
        self._model = None

    def _compile(self, connection) -> _Compiled | None:
        from django.core.exceptions import EmptyResultSet

        if connection.vendor in self._compiled:
            return self._compiled[connection.vendor]
        queryset = self.build(*(sentinel for _, sentinel in self.keys))
        self._model = queryset.model
        compiler = queryset.query.get_compiler(using=self.using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # e.g. a filter on an empty list: the ORM answers without asking the database
            self._compiled[connection.vendor] = None
            return None
        params = list(params)
        slots = []
        for field, sentinel in self.keys:
            prepared = field.get_db_prep_value(sentinel, connection, prepared=False)
            where = [i for i, p in enumerate(params) if type(p) is type(prepared) and p == prepared]
            if not where:
                raise ValueError(f"the sentinel {sentinel!r} is not a parameter of {sql}")
            slots.append((field, where))
        sql, params, slots = _named(sql, params, slots)
        columns = [s[0] for s in compiler.select[:compiler.col_count]]
        converters = sorted(compiler.get_converters(columns).items())
        compiled = _Compiled(sql, params, slots, converters)
        if compiler.klass_info is not None and not queryset._fields:
            info, select = compiler.klass_info, compiler.select
            compiled.model = info["model"]
            compiled.start, compiled.end = info["select_fields"][0], info["select_fields"][-1] + 1
            compiled.init_list = [s[0].target.attname for s in select[compiled.start:compiled.end]]
            compiled.populators = get_related_populators(info, select, self.using)
            compiled.annotations = list(compiler.annotation_col_map.items())
        self._compiled[connection.vendor] = compiled
        return compiled

    def _run(self, values) -> tuple[_Compiled | None, list[list]]:
        connection = connections[self.using]
        compiled = self._compile(connection)
        if compiled is None:
            return None, []
        params = compiled.params.copy()
        for (field, where), value in zip(compiled.slots, values):
            prepared = field.get_db_prep_value(value, connection, prepared=False)
            for i in where:
                params[i] = prepared
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        rows = []
        for row in fetched:
            row = list(row)
            for i, (each, expression) in compiled.converters:
                value = row[i]
                for converter in each:
                    value = converter(value, expression, connection)
                row[i] = value
            rows.append(row)
        return compiled, rows

    def rows(self, *values) -> list[tuple]:
        """The rows of a ``values_list`` queryset run with ``values``, converted as the ORM converts them."""
        _, rows = self._run(values)
        return [tuple(row) for row in rows]

    def instances(self, *values) -> list:
        """The model instances (with their ``select_related`` objects) of the queryset run with ``values``."""
        compiled, rows = self._run(values)
        if compiled is None:
            return []
        if compiled.model is None:
            raise TypeError("instances() needs a queryset of model instances")
        out = []
        for row in rows:
            obj = compiled.model.from_db(self.using, compiled.init_list, row[compiled.start:compiled.end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, column in compiled.annotations:
                setattr(obj, name, row[column])
            out.append(obj)
        return out

    def get(self, *values):
        """The one instance, as ``QuerySet.get`` finds it (build with :func:`as_get`): DoesNotExist when there is
        none, MultipleObjectsReturned when there are more."""
        found = self.instances(*values)
        if len(found) == 1:
            return found[0]
        model = self._model
        if not found:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}")


class PreparedByKey:
    """PreparedQuery objects kept by a key the caller builds on each request, for statements whose fixed part
    depends on it (fiit.web.capture.lookup and list_queries key them on the request's access filter). A key
    that cannot be hashed gets a statement compiled for that call only; past ``maximum`` keys all are
    dropped and compiled again as asked."""

    def __init__(self, maximum: int = 2048):
        self._kept: dict[Any, PreparedQuery] = {}
        self._maximum = maximum

    def get(self, key, build: Callable[..., Any], keys: list[tuple[Any, Any]]) -> PreparedQuery:
        try:
            found = self._kept.get(key)
        except TypeError:  # a filter value that cannot be a key
            return PreparedQuery(build, keys)
        if found is None:
            if len(self._kept) >= self._maximum:
                self._kept.clear()
            found = self._kept[key] = PreparedQuery(build, keys)
        return found

    def clear(self) -> None:
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


def _named(sql: str, params: list, slots: list) -> tuple[str, Any, list]:
    """The statement with named placeholders (``%(p0)s``…) and its parameters by name, as every backend takes
    them. Run with ``%s`` placeholders, the SQLite backend turns each into ``?`` by a regular expression over
    the whole statement on every execute (~14 ns a character: 10 µs for the 700 of a user with their profile,
    more than SQLite takes to answer); named ones cost one ``%`` formatting. A statement whose ``%s`` are not
    one per parameter is kept as the ORM wrote it."""
    count = 0

    def name(match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%%"
        count += 1
        return f"%(p{count - 1})s"

    named = _PLACEHOLDER.sub(name, sql)
    if count != len(params):
        return sql, params, slots
    return (named, {f"p{i}": value for i, value in enumerate(params)},
            [(field, [f"p{i}" for i in where]) for field, where in slots])


def as_get(queryset):
    """``queryset`` as ``QuerySet.get`` runs it: unordered, and limited to a few rows where the database allows."""
    clone = queryset.order_by() if queryset.query.can_filter() and not queryset.query.distinct_fields \
        else queryset._chain()
    if not clone.query.select_for_update or \
            connections[clone.db].features.supports_select_for_update_with_limit:
        clone.query.set_limits(high=MAX_GET_RESULTS)
    return clone
