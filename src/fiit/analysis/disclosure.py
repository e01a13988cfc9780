"""Disclosure control for everything that leaves the system.

Rules (k = 5 by default, 10 for a public report: :func:`k_for`):

1. Primary: a table cell resting on 0 < n < k respondents is suppressed, and so
   is a statistic (mean, median, ...) computed on fewer than k respondents
   (:func:`may_show_statistic`). Zeros are published unless needed as
   secondary cells.
2. Secondary, within a table: no suppressed cell may be computable from the
   published cells and totals. Every suppressed cell lies on a cycle of
   suppressed cells along which the table can change without changing any
   published figure (so each row or column with a suppressed cell has at least
   two, or its total is suppressed too); the next-smallest cells are chosen,
   totals only when nothing else will do (:mod:`fiit.analysis.suppression`).
3. Across the tables of one report (:class:`DisclosureContext`): a cell is
   identified by its key, the set of respondents it counts (and a reader is
   assumed to know when one set is part of another). Once a key has been
   published it stays published and once suppressed it stays suppressed in
   every later table. After each table, all tables that share keys with it are
   checked together as one system of equations (:mod:`fiit.analysis.bounds`):
   if a suppressed cell, of this table or an earlier one, can be pinned down
   from everything published so far, more cells of the new table are suppressed
   until none can. If a cell below k cannot be protected that way,
   :class:`DisclosureError` is raised rather than publishing. (A secondary cell
   of the new table that can be pinned down anyway is shown; a secondary cell of
   an earlier table, at least k or zero, may stay pinned when nothing helps.)

Suppressed cells carry ``value=None``, ``suppressed=True`` and one symbol
(:data:`SUPPRESSED_SYMBOL`) whatever the reason, since showing "‹5" on primary
cells only would tell a reader which cells are small and narrow the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

from fiit.problems.errors import FiitError
from fiit.analysis.bounds import exposed_keys
from fiit.analysis.suppression import PRIMARY, SECONDARY, Graph, is_sensitive, protect_table
from fiit.analysis.tables import Table

DEFAULT_K = 5
PUBLIC_K = 10
SUPPRESSED_SYMBOL = "–"

__all__ = ["DEFAULT_K", "PUBLIC_K", "SUPPRESSED_SYMBOL", "PRIMARY", "SECONDARY",
           "DisclosureContext", "DisclosureError", "ProtectedCell", "ProtectedTable",
           "is_sensitive", "k_for", "may_show_statistic", "protect", "suppression_note"]


class DisclosureError(FiitError):
    """A table cannot be published without revealing a suppressed cell."""

    code = "disclosure"


def k_for(public: bool, *, k: int = DEFAULT_K, public_k: int = PUBLIC_K) -> int:
    """The threshold for a report: ``public_k`` (10) when it is public, else ``k`` (5)."""
    return public_k if public else k


def may_show_statistic(n: int | None, k: int = DEFAULT_K) -> bool:
    """May a statistic computed on ``n`` respondents be shown on its own? (n >= k.)

    Its n must still survive secondary suppression when it sits in a table of
    n's with totals; :func:`fiit.analysis.document.protect_scale_stats` does both.
    """
    return n is not None and n >= k


def suppression_note(k: int, symbol: str = SUPPRESSED_SYMBOL) -> str:
    """The footnote for a table with suppressed cells."""
    return (f"{symbol} withheld: fewer than {k} respondents, or a figure from which "
            f"such a number could be worked out.")


@dataclass(frozen=True)
class ProtectedCell:
    key: Hashable
    row: str | None
    column: str | None
    value: int | None
    suppressed: bool
    reason: str | None
    symbol: str = ""

    def text(self) -> str:
        """What a table shows in this cell."""
        return self.symbol if self.suppressed else str(self.value)


@dataclass(frozen=True)
class ProtectedTable:
    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    k: int
    cells: tuple[ProtectedCell, ...]

    def cell(self, row: str | None, column: str | None) -> ProtectedCell:
        for c in self.cells:
            if c.row == row and c.column == column:
                return c
        raise KeyError((row, column))

    @property
    def suppressed_count(self) -> int:
        return sum(c.suppressed for c in self.cells)


class DisclosureContext:
    """Remembers what a report has published so far; protect every table through one context."""

    def __init__(self, k: int = DEFAULT_K, *, symbol: str = SUPPRESSED_SYMBOL):
        if k < 1:
            raise ValueError("k must be at least 1")
        self.k = k
        self.symbol = symbol
        self._tables: list[Table] = []
        self._component: list[int] = []          # table -> component id (union-find parent)
        self._owner: dict[Hashable, int] = {}    # key -> a table that has it
        self._status: dict[Hashable, tuple[int, str | None]] = {}  # key -> (value, reason or None)
        self.tables: list[ProtectedTable] = []
        self.withheld: list[str] = []  # tables left out whole because they could not be protected

    @property
    def inputs(self) -> tuple[Table, ...]:
        """The tables as given, true values included: for audits, never for rendering."""
        return tuple(self._tables)

    def status(self, key: Hashable) -> str | None:
        """'published', 'suppressed', or None for a key not seen yet."""
        if key not in self._status:
            return None
        return "suppressed" if self._status[key][1] else "published"

    def _find(self, t: int) -> int:
        while self._component[t] != t:
            self._component[t] = self._component[self._component[t]]
            t = self._component[t]
        return self._component[t]

    def _links(self, table: Table) -> list[Hashable]:
        return [c.key for c in table.cells] + [sup for _, sup in table.within]

    def _linked(self, table: Table) -> list[Table]:
        roots = {self._find(self._owner[key]) for key in self._links(table) if key in self._owner}
        return [t for i, t in enumerate(self._tables) if self._find(i) in roots]

    def protect(self, table: Table) -> ProtectedTable:
        """Suppress what must be suppressed in ``table``, given everything published before."""
        forced, locked, shared = set(), set(), set()
        for i, c in enumerate(table.cells):
            if c.key in self._status:
                value, reason = self._status[c.key]
                if value != c.value:
                    raise ValueError(f"table {table.name!r}: {c.row}/{c.column} is {c.value} here "
                                     f"but {value} in an earlier table with the same key")
                shared.add(i)
                (forced if reason else locked).add(i)
        reasons, _ = protect_table(table, self.k, forced=forced, locked=locked, shared=shared)
        reasons = self._close_leaks(table, reasons, forced, locked, shared)
        return self._record(table, reasons)

    def publish(self, table: Table) -> ProtectedTable:
        """Publish ``table`` whole, by rule: the study's design counts (interviews per respondent group and
        country), which the FIIT study itself publishes. Its cells are published keys from then on, so every
        later table is protected knowing them (a row total published here makes its cells harder to hide).
        A key suppressed earlier cannot be published: design counts come first."""
        for c in table.cells:
            if c.key in self._status and self._status[c.key][1]:
                raise DisclosureError(f"table {table.name!r}: {c.row}/{c.column} was withheld earlier")
        return self._record(table, {})

    def _close_leaks(self, table: Table, reasons: dict[int, str], forced: set[int],
                     locked: set[int], shared: set[int]) -> dict[int, str]:
        """Check the tables linked to ``table`` together and suppress more until nothing leaks.

        A cell below k that leaks must be protected by suppressing more cells of
        this table, or the table is refused. A secondary cell of an earlier table
        that leaks is protected when possible (it is at least k or zero, so it
        reveals nobody by itself). A secondary cell of this table that the reader
        can work out anyway is shown in the end: it hides nothing.
        """
        linked = self._linked(table) + [table]
        earlier = {key: reason for key, (_, reason) in self._status.items() if reason}
        index = {c.key: i for i, c in enumerate(table.cells)}
        graph = Graph.of(table)
        tolerated: set[Hashable] = set()

        def own_secondary(key: Hashable) -> bool:
            i = index.get(key, -1)
            return reasons.get(i) == SECONDARY and i not in forced

        while True:
            suppressed = set(earlier) | {table.cells[i].key for i in reasons}
            leaks = exposed_keys(linked, suppressed)
            to_fix = [key for key in leaks if not own_secondary(key) and key not in tolerated]
            if not to_fix:
                for key in leaks:
                    if own_secondary(key):
                        del reasons[index[key]]
                return reasons
            primary = [key for key in to_fix
                       if earlier.get(key, reasons.get(index.get(key, -1))) == PRIMARY]
            leak = (primary or to_fix)[0]
            candidates = sorted(
                (i for i in range(len(table.cells)) if i not in reasons and i not in locked),
                key=lambda i: (graph.totals[i], table.cells[i].value, i))
            extra = self._repair(linked, suppressed, leak, candidates, table)
            if extra is None:
                if not primary:
                    tolerated.add(leak)
                    continue
                raise DisclosureError(
                    f"table {table.name!r} cannot be published without revealing a count "
                    f"below {self.k}; publish fewer breakdowns or group categories together")
            chosen = set(reasons) | extra
            more, _ = protect_table(table, self.k, forced=chosen | forced, locked=locked,
                                    shared=shared)
            reasons = {i: reasons.get(i) or reason for i, reason in more.items()}

    @staticmethod
    def _repair(linked: list[Table], suppressed: set, leak: Hashable, candidates: list[int],
                table: Table) -> set[int] | None:
        """The fewest cells of ``table`` (one, else a growing run) whose suppression frees ``leak``.

        A candidate that the reader could work out itself protects nothing and is skipped.
        """
        for i in candidates:
            key = table.cells[i].key
            if not exposed_keys(linked, suppressed | {key}, only=[leak, key]):
                return {i}
        chosen: set[int] = set()
        for i in candidates:
            chosen.add(i)
            keys = {table.cells[j].key for j in chosen}
            if not exposed_keys(linked, suppressed | keys, only=[leak]):
                return chosen
        return None

    def _record(self, table: Table, reasons: dict[int, str]) -> ProtectedTable:
        index = len(self._tables)
        self._tables.append(table)
        self._component.append(index)
        for key in self._links(table):
            if key in self._owner:
                a, b = self._find(self._owner[key]), self._find(index)
                self._component[a] = b
            else:
                self._owner[key] = index
        cells = []
        for i, c in enumerate(table.cells):
            reason = self._status[c.key][1] if c.key in self._status else reasons.get(i)
            self._status.setdefault(c.key, (c.value, reason))
            hidden = reason is not None
            cells.append(ProtectedCell(c.key, c.row, c.column, None if hidden else c.value,
                                       hidden, reason, self.symbol if hidden else ""))
        protected = ProtectedTable(table.name, table.rows, table.columns, self.k, tuple(cells))
        self.tables.append(protected)
        return protected

    def adopt(self, table: Table, protected: ProtectedTable) -> ProtectedTable:
        """Record a table protected elsewhere (a context that knew every key this one shares with it, all
        published here) as if protected here: its statuses hold for every later table. Refused if a key it
        shares is not published here (then protect it here)."""
        for c in table.cells:
            if c.key in self._status and (self._status[c.key][1] or self._status[c.key][0] != c.value):
                raise ValueError(f"table {table.name!r}: {c.row}/{c.column} is withheld or differs here")
        return self._record(table, {i: c.reason for i, c in enumerate(protected.cells) if c.suppressed})

    def summary(self) -> dict[str, int]:
        """Counts for a methods note: distinct cells published and suppressed (by reason)."""
        reasons = [reason for _, reason in self._status.values()]
        return {"tables": len(self.tables), "cells": len(reasons),
                "published": reasons.count(None), "primary": reasons.count(PRIMARY),
                "secondary": reasons.count(SECONDARY)}


def protect(table: Table, k: int = DEFAULT_K, *, context: DisclosureContext | None = None
            ) -> ProtectedTable:
    """Protect one table, on its own or within a report's context."""
    return (context or DisclosureContext(k)).protect(table)

