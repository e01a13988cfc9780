"""Reads of one row by key that every page makes, without the ORM's query compiler (issue 16).

Each signed-in page reads its session row, its user and the user's profile.
Through the ORM each such read costs ~0.3 ms of CPU, nearly all of it building
and compiling the query (the same query every time); the database answers in
~15 µs. Here the SQL of such a read is written once per model from the model's
own metadata, the row goes through the same converters the ORM would apply
(:func:`_converters`: a datetime read from SQLite, a JSON column), and the
instance comes from ``Model.from_db``, as the ORM makes it. The reads stay
reads of the database on every request: nothing is kept between requests.

tests/db/test_row_reads.py compares every read here with the ORM's for the same row.
"""

from __future__ import annotations

from django.db import connections
from django.db.models.expressions import Col


def _converters(connection, alias: str, fields) -> list[tuple[list, Col]]:
    """Per field, the converters the ORM's compiler applies to its column (backend's, then field's),
    with the column expression they are called with."""
    found = []
    for field in fields:
        column = Col(alias, field)
        found.append((connection.ops.get_db_converters(column) + column.get_db_converters(connection), column))
    return found


def _convert(values, converters, connection) -> list:
    out = []
    for value, (each, column) in zip(values, converters):
        for converter in each:
            value = converter(value, column, connection)
        out.append(value)
    return out


class RowRead:
    """``SELECT <every concrete column> FROM <table> AS t WHERE <where>`` for one model, read into an instance.

    ``where`` is SQL over the alias ``t`` with ``%s`` placeholders; the values passed are adapted as the
    ORM adapts them (pass datetimes through :meth:`datetime_param`)."""

    def __init__(self, model, where: str, using: str = "default"):
        self.model, self.where, self.using = model, where, using
        self.fields = list(model._meta.concrete_fields)
        self._prepared: dict[str, tuple[str, list]] = {}  # by connection vendor: the SQL and converters

    def _prepare(self, connection) -> tuple[str, list]:
        prepared = self._prepared.get(connection.vendor)
        if prepared is None:
            quote = connection.ops.quote_name
            columns = ", ".join(f"t.{quote(field.column)}" for field in self.fields)
            sql = f"SELECT {columns} FROM {quote(self.model._meta.db_table)} t WHERE {self.where}"
            prepared = self._prepared[connection.vendor] = (sql, _converters(connection, "t", self.fields))
        return prepared

    def datetime_param(self, value):
        return connections[self.using].ops.adapt_datetimefield_value(value)

    def one(self, *params):
        """The instance of the first row found, or None."""
        connection = connections[self.using]
        sql, converters = self._prepare(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        return self.model.from_db(self.using, [f.attname for f in self.fields],
                                  _convert(row, converters, connection))


class UserWithProfileRead:
    """A user and their one-to-one profile (or none) in one query: ``(user, profile or None)``."""

    def __init__(self, user_model, profile_model, using: str = "default"):
        self.user_model, self.profile_model, self.using = user_model, profile_model, using
        self.user_fields = list(user_model._meta.concrete_fields)
        self.profile_fields = list(profile_model._meta.concrete_fields)
        link = next(f for f in self.profile_fields if f.one_to_one and f.related_model is user_model)
        self.link = link
        self._prepared: dict[str, tuple[str, list, list]] = {}

    def _prepare(self, connection):
        prepared = self._prepared.get(connection.vendor)
        if prepared is None:
            quote = connection.ops.quote_name
            columns = ", ".join([f"u.{quote(f.column)}" for f in self.user_fields]
                                + [f"p.{quote(f.column)}" for f in self.profile_fields])
            pk = quote(self.user_model._meta.pk.column)
            sql = (f"SELECT {columns} FROM {quote(self.user_model._meta.db_table)} u "
                   f"LEFT OUTER JOIN {quote(self.profile_model._meta.db_table)} p ON p.{quote(self.link.column)} = u.{pk} "
                   f"WHERE u.{pk} = %s")
            prepared = self._prepared[connection.vendor] = (
                sql, _converters(connection, "u", self.user_fields), _converters(connection, "p", self.profile_fields))
        return prepared

    def get(self, user_id):
        connection = connections[self.using]
        sql, user_converters, profile_converters = self._prepare(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None, None
        split = len(self.user_fields)
        user = self.user_model.from_db(self.using, [f.attname for f in self.user_fields],
                                       _convert(row[:split], user_converters, connection))
        profile_values = row[split:]
        pk_index = self.profile_fields.index(self.profile_model._meta.pk)
        if profile_values[pk_index] is None:  # no profile row: the LEFT JOIN gave NULLs
            return user, None
        profile = self.profile_model.from_db(
            self.using, [f.attname for f in self.profile_fields],
            _convert(profile_values, profile_converters, connection))
        return user, profile
