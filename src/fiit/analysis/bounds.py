"""What a reader can work out about suppressed cells from everything published.

The reader is assumed to know every published cell, every relation between
cells of every table (parts add up to their total, residuals included), and
that counts are whole numbers of 0 or more, and that a count is at most the
count of a set it is part of (a table's ``within`` pairs). Cells with the same key in different tables are one unknown. For a
suppressed cell with true value v, linear programming gives the smallest and
largest values consistent with all that; the cell is *exposed* when neither
v + 1 nor v - 1 is possible, i.e. when the bounds pin it down to v.

To keep this fast, a few LPs with a summed objective first certify most cells
at once (any feasible table where a cell is v + 1 or v - 1 proves it is safe);
only the remaining cells get an LP of their own.
"""

from __future__ import annotations

from typing import Collection, Hashable, Iterable, Sequence

import numpy as np

from fiit.analysis.tables import Table

TOLERANCE = 1e-6


class LinearSystem:
    """The relations of some tables over the union of their keys, split into known and unknown."""

    def __init__(self, tables: Sequence[Table], suppressed: Collection[Hashable]):
        values: dict[Hashable, int] = {}
        for table in tables:
            for cell in table.cells:
                if values.setdefault(cell.key, cell.value) != cell.value:
                    raise ValueError(f"key {cell.key!r} has two different values")
        self.unknown = [key for key in values if key in suppressed]
        position = {key: i for i, key in enumerate(self.unknown)}
        self.value = np.array([values[key] for key in self.unknown], dtype=float)
        rows, rhs = [], []
        for table in tables:
            for relation in table.relations:
                row = np.zeros(len(self.unknown))
                constant = -float(relation.residual)
                terms = [(table.cells[p].key, 1.0) for p in relation.parts]
                terms.append((table.cells[relation.total].key, -1.0))
                for key, coef in terms:
                    if key in position:
                        row[position[key]] += coef
                    else:
                        constant -= coef * values[key]
                if np.any(row):
                    rows.append(row)
                    rhs.append(constant)
        self.a = np.array(rows).reshape(len(rows), len(self.unknown))
        self.b = np.array(rhs, dtype=float)
        rows, rhs = [], []
        for table in tables:
            for sub, sup in table.within:  # sub - sup <= 0
                if sup not in values or (sub not in position and sup not in position):
                    continue
                row = np.zeros(len(self.unknown))
                constant = 0.0
                for key, coef in ((sub, 1.0), (sup, -1.0)):
                    if key in position:
                        row[position[key]] += coef
                    else:
                        constant -= coef * values[key]
                rows.append(row)
                rhs.append(constant)
        self.a_ub = np.array(rows).reshape(len(rows), len(self.unknown))
        self.b_ub = np.array(rhs, dtype=float)

    def _solve(self, objective: np.ndarray, bounds) -> np.ndarray | None:
        # Imported here: scipy.optimize costs ~0.5 s of start-up, and a study whose cells are all large
        # (50,000 victims) never gets this far (issue 16).
        from scipy.optimize import linprog

        eq = (self.a, self.b) if self.a.shape[0] else (None, None)
        ub = (self.a_ub, self.b_ub) if self.a_ub.shape[0] else (None, None)
        result = linprog(objective, A_eq=eq[0], b_eq=eq[1], A_ub=ub[0], b_ub=ub[1],
                         bounds=bounds, method="highs")
        return result.x if result.status == 0 else None

    def exposed(self, only: Iterable[Hashable] | None = None) -> list[Hashable]:
        """The unknown keys (or those of ``only``) whose value the relations pin down."""
        if not self.unknown:
            return []
        wanted = set(only) if only is not None else set(self.unknown)
        todo = {i for i, key in enumerate(self.unknown) if key in wanted}
        capped = [(0.0, v + 1.0) for v in self.value]
        weights = 1.0 + (np.arange(len(self.unknown)) * 0.6180339887) % 1.0
        for direction in (1.0, -1.0):  # +1: can a cell grow by one? -1: can it shrink by one?
            while todo:
                objective = np.zeros(len(self.unknown))
                idx = sorted(todo)
                objective[idx] = -direction * weights[idx]
                x = self._solve(objective, capped)
                if x is None:
                    break
                moved = {i for i in todo if direction * (x[i] - self.value[i]) >= 1 - TOLERANCE}
                if not moved:
                    break
                todo -= moved
        exposed = []
        for i in sorted(todo):
            if not self._can_move(i):
                exposed.append(self.unknown[i])
        return exposed

    def _can_move(self, i: int) -> bool:
        n = len(self.unknown)
        for direction in (1.0, -1.0):
            bounds = [(0.0, None)] * n
            bounds[i] = (0.0, self.value[i] + 1.0)
            objective = np.zeros(n)
            objective[i] = -direction
            x = self._solve(objective, bounds)
            if x is not None and direction * (x[i] - self.value[i]) >= 1 - TOLERANCE:
                return True
        return False


def exposed_keys(tables: Sequence[Table], suppressed: Collection[Hashable],
                 only: Iterable[Hashable] | None = None) -> list[Hashable]:
    """Suppressed keys a reader can pin down from the published cells of ``tables``."""
    return LinearSystem(tables, suppressed).exposed(only)
