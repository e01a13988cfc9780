"""Django's PostgreSQL backend, whose health check asks the socket before it asks the server (issue 16).

fiit keeps a request thread's connection for ten minutes (:data:`fiit.db.config.CONNECTION_AGE`) with
Django's health checks on, so that a connection the server closed meanwhile (a restart, an idle timeout,
``pg_terminate_backend``) is replaced before a request uses it. Django checks by sending ``SELECT 1``
at the first query of every request: one more round trip per page, a tenth of a page's statements.

Here the check first looks at the connection's socket without waiting. A healthy idle connection has
nothing to read; a connection the server closed has its end-of-file (and the server's farewell message)
waiting. Only then, or when anything else is waiting (a notice), does the check send Django's
``SELECT 1``. A connection psycopg already knows to be closed or broken is unusable without asking.
What neither check sees, a peer gone without a word (a cable pulled between two machines), fails the
next query as it would have failed Django's ``SELECT 1``, and the connection is replaced after it.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            waiting, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # the descriptor is gone
            return False
        if not waiting:
            return True
        return super().is_usable()
