"""Primary and secondary cell suppression within one table.

Primary: a cell resting on 0 < n < k respondents is suppressed. A zero rests on
nobody and is not suppressed for its own sake, but it may be suppressed as a
secondary cell, so a reader only knows that a suppressed cell holds 0 or more
(if zeros were never suppressed, a reader would know every suppressed cell holds
at least 1, and a few suppressed 1s next to a published total are pinned down
by that alone).

Secondary: a suppressed cell must not be computable from the published cells
and the table's relations (parts add up to a total). In a table where each cell
is in at most two relations (a list with its total; a two-way table with its
margins) the relations form a graph whose nodes are the relations and whose
edges are the cells; a cell of a list is joined to a "ground" node that stands
for no relation. A suppressed cell can be worked out exactly when no cycle of
suppressed cells runs through it; if there is such a cycle, adding 1 to some of
its cells and taking 1 from the others keeps every total, and gives another
table the reader cannot tell apart from the true one. Taking 1 must leave every
cell at 0 or more, so suppressed zeros may only grow on the cycle.

For every suppressed cell the cheapest feasible cycle is sought (Dijkstra over
the states (relation, sign still owed)); already suppressed cells cost nothing,
a published cell costs its value plus one, so the next-smallest cells are
chosen; a zero and a total cost more than all the inner cells together, so they
are suppressed only when nothing else will do (a zero beside a suppressed cell
tells the reader little: the cell is at most what the two hold together).
Cells published in an earlier table of the same report ("locked") are never
chosen.

The cross-table check and the last resort for cells this search cannot protect
live in :mod:`fiit.analysis.disclosure`.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from fiit.analysis.tables import Table

GROUND = -1
PRIMARY = "primary"
SECONDARY = "secondary"


def is_sensitive(n: int | None, k: int) -> bool:
    """The primary rule: a count of 0 < n < k respondents may not be published."""
    return n is not None and 0 < n < k


@dataclass(frozen=True)
class Graph:
    """Relations as nodes, cells as edges with their coefficient (+1 part, -1 total) at each end."""

    ends: tuple[tuple[tuple[int, int], ...], ...]
    adjacent: dict[int, tuple[tuple[int, int], ...]]
    totals: tuple[int, ...]  # how many relations each cell is the total of

    @classmethod
    def of(cls, table: Table) -> "Graph":
        ends: list[list[tuple[int, int]]] = [[] for _ in table.cells]
        totals = [0] * len(table.cells)
        for r, relation in enumerate(table.relations):
            ends[relation.total].append((r, -1))
            totals[relation.total] += 1
            for p in relation.parts:
                ends[p].append((r, 1))
        adjacent: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for cell, e in enumerate(ends):
            if len(e) == 1:
                e.append((GROUND, 0))
            for node, coef in e:
                adjacent[node].append((cell, coef))
        return cls(tuple(tuple(e) for e in ends), {n: tuple(a) for n, a in adjacent.items()},
                   tuple(totals))

    def is_graph(self, cell: int) -> bool:
        return len(self.ends[cell]) == 2

    def other_end(self, cell: int, node: int) -> tuple[int, int]:
        a, b = self.ends[cell]
        return b if a[0] == node else a


def find_cycle(table: Table, graph: Graph, e: int, sigma: int,
               cost_of: Callable[[int], float | None]) -> tuple[float, dict[int, int]] | None:
    """Cheapest feasible cycle through cell ``e`` moving it by ``sigma``: (cost, cell -> change)."""
    values = [c.value for c in table.cells]
    if not graph.is_graph(e) or (sigma < 0 and values[e] < 1):
        return None
    (target, t_coef), (start, s_coef) = graph.ends[e]
    first = (start, s_coef * sigma if start != GROUND else 0)
    counter = itertools.count()
    queue = [(0.0, next(counter), first)]
    best = {first: 0.0}
    previous: dict[tuple[int, int], tuple[tuple[int, int], int, int]] = {}
    while queue:
        cost, _, state = heapq.heappop(queue)
        if cost > best.get(state, float("inf")):
            continue
        node, owed = state
        if node == target and (node == GROUND or owed + t_coef * sigma == 0) and state != first:
            return cost, _changes(previous, state, first, e, sigma)
        for f, coef in graph.adjacent.get(node, ()):
            step = cost_of(f) if f != e and graph.is_graph(f) else None
            if step is None:
                continue
            for delta in ((1, -1) if node == GROUND else (-owed * coef,)):
                if delta < 0 and values[f] < 1:
                    continue
                nxt, nxt_coef = graph.other_end(f, node)
                state2 = (nxt, nxt_coef * delta if nxt != GROUND else 0)
                if cost + step < best.get(state2, float("inf")):
                    best[state2] = cost + step
                    previous[state2] = (state, f, delta)
                    heapq.heappush(queue, (cost + step, next(counter), state2))
    return None


def _changes(previous, state, first, e, sigma) -> dict[int, int]:
    change: dict[int, int] = defaultdict(int)
    change[e] += sigma
    while state != first:
        state, f, delta = previous[state]
        change[f] += delta
    return dict(change)


def feasible(table: Table, change: dict[int, int]) -> bool:
    """Does ``change`` keep every relation and leave every moved cell at 0 or more?"""
    for relation in table.relations:
        if sum(change.get(p, 0) for p in relation.parts) != change.get(relation.total, 0):
            return False
    return all(table.cells[c].value + d >= 0 for c, d in change.items() if d)


def protect_table(table: Table, k: int, *, forced: Iterable[int] = (), locked: Iterable[int] = (),
                  shared: Iterable[int] = ()) -> tuple[dict[int, str], list[int]]:
    """Primary and secondary suppression of one table.

    ``forced``: cells already suppressed (in an earlier table); ``locked``: cells
    already published, never chosen; ``shared``: cells that also occur in an
    earlier table (routing a cycle through them costs a little, see the module
    notes). Returns {cell: reason} for every suppressed cell and the cells no
    cycle was found for (left to the caller's last resort).
    """
    graph = Graph.of(table)
    locked, shared = set(locked), set(shared)
    values = [c.value for c in table.cells]
    # A locked cell below k was published by rule (a design count: DisclosureContext.publish); it stays
    # published and the cells around it are protected knowing it.
    reasons: dict[int, str] = {i: PRIMARY for i, v in enumerate(values) if is_sensitive(v, k) and i not in locked}
    for i in forced:
        reasons.setdefault(i, SECONDARY)
    margin_cost = sum(values) + 1

    def cost_of(f: int) -> float | None:
        if f in reasons:
            return 1.0 if f in shared else 0.0
        if f in locked:
            return None
        if values[f] == 0:  # a zero partner would tell the reader "at most the cell itself"
            return float(margin_cost)
        return float(values[f] + 1 + graph.totals[f] * margin_cost)

    protected: set[int] = set()
    unprotected: list[int] = []
    worklist = sorted(reasons, key=lambda i: (values[i], i))
    while worklist:
        e = worklist.pop(0)
        if e in protected:
            continue
        found = [c for c in (find_cycle(table, graph, e, s, cost_of) for s in (-1, 1)) if c]
        found = [c for c in found if feasible(table, c[1])]
        if not found:
            unprotected.append(e)
            continue
        _, change = min(found, key=lambda c: c[0])
        for f in change:
            if f not in reasons and change[f]:
                reasons[f] = SECONDARY
        protected.update(f for f, d in change.items() if d)
    return reasons, unprotected
