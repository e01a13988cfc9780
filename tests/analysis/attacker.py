"""An independent model of a reader trying to work out suppressed cells.

Written for the tests without using fiit.analysis.bounds: every protected table
of a DisclosureContext is turned into equations over the union of the cell keys
(each relation: parts + residual = total), the published cells are fixed, and
scipy.optimize.linprog finds the smallest and largest value of each suppressed
cell (all cells whole numbers >= 0; the reader knows residuals, and that a
count is at most the count of a set it lies within: a table's ``within``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog


def equations(tables, protected):
    """(unknown keys, true values, A, b, A_ub, b_ub) for the suppressed cells of ``tables``."""
    truth, published = {}, set()
    for table, result in zip(tables, protected):
        for cell, out in zip(table.cells, result.cells):
            assert truth.setdefault(cell.key, cell.value) == cell.value
            if not out.suppressed:
                assert out.value == cell.value
                published.add(cell.key)  # published anywhere: the reader knows it
    unknown = [k for k in truth if k not in published]
    col = {k: i for i, k in enumerate(unknown)}
    rows, rhs = [], []
    for table in tables:
        for rel in table.relations:
            row = np.zeros(len(unknown))
            const = -float(rel.residual)  # sum(parts) - total = -residual
            terms = [(table.cells[p].key, 1) for p in rel.parts] + [(table.cells[rel.total].key, -1)]
            for key, coef in terms:
                if key in col:
                    row[col[key]] += coef
                else:
                    const -= coef * truth[key]
            rows.append(row)
            rhs.append(const)
    upper, upper_rhs = [], []
    for table in tables:
        for sub, sup in table.within:               # sub <= sup
            if sup not in truth:
                continue
            row, const = np.zeros(len(unknown)), 0.0
            for key, coef in ((sub, 1), (sup, -1)):
                if key in col:
                    row[col[key]] += coef
                else:
                    const -= coef * truth[key]
            upper.append(row)
            upper_rhs.append(const)
    value = np.array([truth[k] for k in unknown], float)
    a_ub = np.array(upper).reshape(len(upper), len(unknown)) if upper else None
    return unknown, value, np.array(rows), np.array(rhs), a_ub, (np.array(upper_rhs) if upper else None)


def intervals(tables, protected):
    """key -> (min, max) a reader can derive for every suppressed cell."""
    unknown, value, a, b, a_ub, b_ub = equations(tables, protected)
    out = {}
    n = len(unknown)
    for i, key in enumerate(unknown):
        ends = []
        for sign in (1, -1):
            c = np.zeros(n)
            c[i] = sign
            bounds = [(0, None)] * n
            bounds[i] = (0, value[i] + 50)  # a finite cap keeps the LP bounded
            res = linprog(c, A_eq=a, b_eq=b, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            assert res.status == 0, res.message
            ends.append(res.x[i])
        out[key] = (ends[0], ends[1])
    return out


def pinned(tables, protected):
    """Suppressed keys whose interval holds a single whole number."""
    return [key for key, (lo, hi) in intervals(tables, protected).items()
            if math.floor(hi + 1e-7) - math.ceil(lo - 1e-7) < 1]
