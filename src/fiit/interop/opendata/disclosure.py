"""Disclosure control for released microdata: at least k respondents per quasi-identifier combination.

A temporary home: when ``fiit.analysis.disclosure`` exists, its rule should
replace this one (the open-data export then calls it instead).

:func:`suppress_small_groups` works by local suppression. While some rows share
their combination of quasi-identifiers (country × sex × citizenship × form of
exploitation × age band) with fewer than k rows, it withholds one attribute of
those rows at a time, the least important first (age band, then exploitation,
citizenship, sex, country), and rows still in a group smaller than k after all
of them are withheld are left out. In the result every combination occurs at
least k times.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

K = 5
SUPPRESSED = "suppressed"


@dataclass
class Suppression:
    rows: list[dict[str, Any]]
    k: int
    cells_suppressed: int = 0
    rows_dropped: int = 0
    by_attribute: dict[str, int] = field(default_factory=dict)


def _key(row: Mapping[str, Any], attributes: Sequence[str]) -> tuple:
    return tuple(row.get(a) for a in attributes)


def group_sizes(rows: Sequence[Mapping[str, Any]], attributes: Sequence[str]) -> Counter:
    return Counter(_key(row, attributes) for row in rows)


def suppress_small_groups(
    rows: Sequence[Mapping[str, Any]],
    quasi_identifiers: Sequence[str],
    k: int = K,
    marker: str = SUPPRESSED,
) -> Suppression:
    """Rows (copied) with quasi-identifiers withheld or rows left out until every combination counts ≥ k.

    ``quasi_identifiers`` are given most important first; they are given up
    from the last one. A missing value (``None``) is a category of its own, as
    is ``marker``.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    work = [dict(row) for row in rows]
    result = Suppression(rows=work, k=k)
    for attribute in reversed(quasi_identifiers):
        sizes = group_sizes(work, quasi_identifiers)
        changed = 0
        for row in work:
            if sizes[_key(row, quasi_identifiers)] < k and row.get(attribute) not in (None, marker):
                row[attribute] = marker
                changed += 1
        result.by_attribute[attribute] = changed
        result.cells_suppressed += changed
    sizes = group_sizes(work, quasi_identifiers)
    kept = [row for row in work if sizes[_key(row, quasi_identifiers)] >= k]
    result.rows_dropped = len(work) - len(kept)
    result.rows = kept
    return result
