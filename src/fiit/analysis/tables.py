"""Tables of counts as disclosure control sees them: cells with an identity and
the additive relations between them (parts add up to a total).

Every cell carries a ``key`` naming the set of respondents it counts. Two cells
with the same key, in the same table or in two tables of one report, are the
same number and must be published or suppressed together; the builders make
keys from conditions (``{"instrument": "victim", "country": "GB",
"gender": "female"}``), so the margin "victims in GB" of a gender table and of
a citizenship table is one key.

A relation says ``sum(parts) + residual == total``. The residual counts
respondents in none of the parts (an unanswered question); it is never
published on its own, but disclosure control assumes an attacker knows it, which
can only make the protection stricter.

``within`` pairs say that the respondents of one cell are some of those of
another key (those of a country who answered a scale are some of the
country's interviews): a reader knows the first count is at most the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Hashable, Mapping, Sequence

Key = Hashable
#: Makes a cell's key from its row and column labels (None for a total).
KeyMaker = Callable[[str | None, str | None], Key]


@dataclass(frozen=True)
class Cell:
    key: Key
    value: int
    row: str | None
    column: str | None


@dataclass(frozen=True)
class Relation:
    total: int
    parts: tuple[int, ...]
    residual: int = 0


@dataclass(frozen=True)
class Table:
    """A table of counts: cells (interior and margins) and the relations between them."""

    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[Cell, ...]
    relations: tuple[Relation, ...]
    within: tuple[tuple[Key, Key], ...] = ()

    def __post_init__(self) -> None:
        keys = [c.key for c in self.cells]
        if len(set(keys)) != len(keys):
            raise ValueError(f"table {self.name!r}: two cells share a key")
        if any(sub not in keys for sub, _ in self.within):
            raise ValueError(f"table {self.name!r}: 'within' names a key that is not a cell")
        for c in self.cells:
            if not isinstance(c.value, int) or isinstance(c.value, bool) or c.value < 0:
                raise ValueError(f"table {self.name!r}: cell {c.row}/{c.column} is not a count")
        for r in self.relations:
            parts = sum(self.cells[i].value for i in r.parts)
            if r.residual < 0 or parts + r.residual != self.cells[r.total].value:
                raise ValueError(f"table {self.name!r}: the cells of {self.cells[r.total].row}/"
                                 f"{self.cells[r.total].column} add up to more than its total")

    def index(self, row: str | None, column: str | None) -> int:
        for i, c in enumerate(self.cells):
            if c.row == row and c.column == column:
                return i
        raise KeyError((row, column))

    def cell(self, row: str | None, column: str | None) -> Cell:
        return self.cells[self.index(row, column)]


def conditions(base: Mapping[str, str] | None = None, **more: str | None) -> frozenset:
    """A key from conditions; a condition whose value is None is left out (a margin)."""
    items = dict(base or {})
    items.update({k: v for k, v in more.items() if v is not None})
    return frozenset(items.items())


def _relation(total: int, parts: Sequence[int], values: Sequence[int]) -> Relation:
    return Relation(total, tuple(parts), values[total] - sum(values[i] for i in parts))


def two_way_table(name: str, rows: Sequence[str], columns: Sequence[str],
                  counts: Sequence[Sequence[int]], *, row_totals: Sequence[int] | None = None,
                  column_totals: Sequence[int] | None = None, grand_total: int | None = None,
                  row_dim: str = "row", column_dim: str = "column",
                  base: Mapping[str, str] | None = None, key: KeyMaker | None = None) -> Table:
    """rows x columns counts with row totals, column totals and a grand total.

    Totals default to the sums; pass them when some respondents fall in no
    column (or no row), the difference becomes the relation's residual. Keys are
    ``base`` plus ``{row_dim: row, column_dim: column}`` unless ``key`` makes them.
    """
    if key is None:
        key = lambda r, c: conditions(base, **{row_dim: r, column_dim: c})  # noqa: E731
    rows, columns = tuple(rows), tuple(columns)
    counts = [[int(v) for v in row] for row in counts]
    if len(counts) != len(rows) or any(len(r) != len(columns) for r in counts):
        raise ValueError(f"table {name!r}: counts are not {len(rows)} x {len(columns)}")
    rt = list(row_totals) if row_totals is not None else [sum(r) for r in counts]
    ct = list(column_totals) if column_totals is not None else [
        sum(counts[i][j] for i in range(len(rows))) for j in range(len(columns))]
    gt = grand_total if grand_total is not None else sum(rt)
    cells: list[Cell] = []
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            cells.append(Cell(key(r, c), counts[i][j], r, c))
    for i, r in enumerate(rows):
        cells.append(Cell(key(r, None), int(rt[i]), r, None))
    for j, c in enumerate(columns):
        cells.append(Cell(key(None, c), int(ct[j]), None, c))
    cells.append(Cell(key(None, None), int(gt), None, None))
    values = [c.value for c in cells]
    nr, nc = len(rows), len(columns)
    row_total = lambda i: nr * nc + i  # noqa: E731
    col_total = lambda j: nr * nc + nr + j  # noqa: E731
    grand = len(cells) - 1
    relations = [_relation(row_total(i), [i * nc + j for j in range(nc)], values) for i in range(nr)]
    relations += [_relation(col_total(j), [i * nc + j for i in range(nr)], values) for j in range(nc)]
    relations.append(_relation(grand, [col_total(j) for j in range(nc)], values))
    relations.append(_relation(grand, [row_total(i) for i in range(nr)], values))
    return Table(name, rows, columns, tuple(cells), tuple(relations))


def one_way_table(name: str, labels: Sequence[str], counts: Sequence[int], *,
                  total: int | None = None, dim: str = "row", axis: str = "rows",
                  base: Mapping[str, str] | None = None, key: KeyMaker | None = None) -> Table:
    """A list of counts and their total; ``axis`` says whether the labels are rows or columns."""
    if axis not in ("rows", "columns"):
        raise ValueError("axis must be 'rows' or 'columns'")
    if key is None:
        key = lambda r, c: conditions(base, **{dim: r if axis == "rows" else c})  # noqa: E731
    labels = tuple(labels)
    if len(counts) != len(labels):
        raise ValueError(f"table {name!r}: {len(counts)} counts for {len(labels)} labels")
    placed = [(label, None) if axis == "rows" else (None, label) for label in labels]
    cells = [Cell(key(r, c), int(v), r, c) for (r, c), v in zip(placed, counts)]
    cells.append(Cell(key(None, None), int(total if total is not None else sum(counts)), None, None))
    values = [c.value for c in cells]
    relation = _relation(len(cells) - 1, range(len(labels)), values)
    rows = labels if axis == "rows" else ()
    columns = labels if axis == "columns" else ()
    return Table(name, rows, columns, tuple(cells), (relation,))
