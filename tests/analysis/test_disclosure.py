"""Disclosure control: primary and secondary suppression, within and across tables.

Two independent checks of every protected table:

* the margin rule: for every row and column (every relation of parts to a
  total), either nothing is suppressed or at least two of its cells, the total
  included, are; one suppressed cell alone would equal total minus the rest;
* linear bounds (tests/analysis/attacker.py): scipy's linprog finds, from the
  published cells and all relations, the smallest and largest value of each
  suppressed cell; the interval must hold at least two whole numbers.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiit.analysis import (
    SUPPRESSED_SYMBOL,
    DisclosureContext,
    k_for,
    may_show_statistic,
    one_way_table,
    protect,
    suppression_note,
    two_way_table,
)

from .attacker import intervals, pinned

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def margin_rule_broken(table, protected):
    """Relations with exactly one suppressed cell (a part or the total)."""
    hidden = [c.suppressed for c in protected.cells]
    broken = []
    for relation in table.relations:
        count = sum(hidden[p] for p in relation.parts) + hidden[relation.total]
        if count == 1:
            broken.append(relation)
    return broken


def published_below_k(table, protected, k):
    """Cells shown although they rest on 0 < n < k respondents (true values from ``table``)."""
    return [c for c, p in zip(table.cells, protected.cells)
            if not p.suppressed and 0 < c.value < k]


def test_k_for_public_reports():
    assert k_for(False) == 5 and k_for(True) == 10
    assert k_for(True, public_k=20) == 20 and k_for(False, k=3) == 3


def test_may_show_statistic():
    assert not may_show_statistic(4) and may_show_statistic(5)
    assert not may_show_statistic(9, k=10) and may_show_statistic(10, k=10)
    assert not may_show_statistic(0) and not may_show_statistic(None)


def test_one_way_table_next_smallest_cell():
    table = one_way_table("t", ["a", "b", "c", "d"], [3, 10, 0, 20])
    result = protect(table, 5)
    shown = [c.text() for c in result.cells]
    # 3 is below k; the next-smallest cell, 10, is suppressed with it (not the zero,
    # which would only tell the reader that a holds 3 or less)
    assert result.cells[0].suppressed and result.cells[0].reason == "primary"
    assert result.cells[1].suppressed and result.cells[1].reason == "secondary"
    assert sum(c.suppressed for c in result.cells) == 2
    assert not result.cell(None, None).suppressed                 # the total stays
    assert shown.count(SUPPRESSED_SYMBOL) == 2
    assert pinned([table], [result]) == []


def test_two_way_table_by_hand():
    table = two_way_table("g", ["BE", "FR", "GB"], ["female", "male"],
                          [[10, 3], [8, 9], [4, 12]])
    result = protect(table, 5)
    hidden = {(c.row, c.column) for c in result.cells if c.suppressed}
    # primary: BE/male 3 and GB/female 4; both columns and rows then need a second cell:
    # BE/female 10 and GB/male 12 close the cycle (cheaper than FR's 8 + 9 route)
    assert hidden == {("BE", "male"), ("GB", "female"), ("BE", "female"), ("GB", "male")}
    assert result.cell("BE", "male").reason == "primary"
    assert result.cell("BE", "female").reason == "secondary"
    assert result.cell("BE", "female").value is None
    assert result.cell("FR", "female").value == 8
    assert margin_rule_broken(table, result) == []
    assert pinned([table], [result]) == []
    lo, hi = intervals([table], [result])[table.cell("BE", "male").key]
    # BE/male = m: BE/female = 13 - m >= 0, GB/male = 24 - 9 - m >= 0, GB/female = 1 + m
    assert (lo, hi) == pytest.approx((0, 13))


def test_same_symbol_whatever_the_reason():
    result = protect(two_way_table("g", ["a", "b"], ["x", "y"], [[1, 20], [30, 40]]), 5)
    symbols = {c.symbol for c in result.cells if c.suppressed}
    assert symbols == {SUPPRESSED_SYMBOL}
    assert {c.reason for c in result.cells if c.suppressed} == {"primary", "secondary"}
    assert SUPPRESSED_SYMBOL in suppression_note(5) and "5" in suppression_note(5)


def test_totals_below_k_are_suppressed():
    table = one_way_table("t", ["a", "b"], [1, 2])
    result = protect(table, 5)
    assert all(c.suppressed for c in result.cells)      # 1, 2 and the total 3


def test_residual_is_assumed_known():
    # 2 respondents in BE did not answer: the row total 13 is not 3 + 8
    table = two_way_table("g", ["BE", "FR"], ["x", "y"], [[3, 8], [6, 7]],
                          row_totals=[13, 13], grand_total=26)
    assert table.relations[0].residual == 2
    result = protect(table, 5)
    assert pinned([table], [result]) == []
    with pytest.raises(ValueError):
        two_way_table("g", ["BE"], ["x"], [[5]], row_totals=[4])


@st.composite
def count_tables(draw, max_rows=4, max_cols=4):
    rows = draw(st.integers(1, max_rows))
    cols = draw(st.integers(1, max_cols))
    cell = st.one_of(st.integers(0, 4), st.integers(0, 12), st.integers(0, 60))
    counts = [[draw(cell) for _ in range(cols)] for _ in range(rows)]
    residual = draw(st.lists(st.integers(0, 2), min_size=rows, max_size=rows))
    row_totals = [sum(r) + e for r, e in zip(counts, residual)]
    return two_way_table("t", [f"r{i}" for i in range(rows)], [f"c{j}" for j in range(cols)],
                         counts, row_totals=row_totals)


@FAST
@given(table=count_tables(), k=st.sampled_from([3, 5, 10]))
def test_no_small_cell_published_and_none_recoverable(table, k):
    result = protect(table, k)
    assert published_below_k(table, result, k) == []
    assert margin_rule_broken(table, result) == []
    assert pinned([table], [result]) == []


@FAST
@given(counts=st.lists(st.integers(0, 15), min_size=1, max_size=6), k=st.sampled_from([5, 10]))
def test_lists_are_protected(counts, k):
    table = one_way_table("t", [f"c{i}" for i in range(len(counts))], counts)
    result = protect(table, k)
    assert published_below_k(table, result, k) == []
    assert margin_rule_broken(table, result) == []
    assert pinned([table], [result]) == []


# ---- across tables -------------------------------------------------------------

@st.composite
def linked_tables(draw):
    """Two breakdowns of the same countries (same row totals) and the list of country totals."""
    rows = draw(st.integers(1, 3))
    labels = [f"r{i}" for i in range(rows)]
    cell = st.one_of(st.integers(0, 4), st.integers(0, 10))
    a = [[draw(cell), draw(cell)] for _ in range(rows)]
    totals = [sum(r) for r in a]
    b = []
    for t in totals:
        cut = draw(st.integers(0, t))
        cut2 = draw(st.integers(cut, t))
        b.append([cut, cut2 - cut, t - cut2])
    ta = two_way_table("gender", labels, ["f", "m"], a, row_dim="country", column_dim="gender")
    tb = two_way_table("citizenship", labels, ["n", "e", "t"], b, row_dim="country",
                       column_dim="citizenship")
    tc = one_way_table("countries", labels, totals, dim="country")
    order = draw(st.permutations([ta, tb, tc]))
    return order


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=linked_tables(), k=st.sampled_from([3, 5]))
def test_tables_sharing_margins_cannot_be_differenced(tables, k):
    context = DisclosureContext(k)
    results = [context.protect(t) for t in tables]
    # the cross-table rule: a key has one status in every table
    status = {}
    for r in results:
        for c in r.cells:
            assert status.setdefault(c.key, c.suppressed) == c.suppressed
    for t, r in zip(tables, results):
        assert published_below_k(t, r, k) == []
        assert margin_rule_broken(t, r) == []
    assert pinned(tables, results) == []


A = [[1, 3], [4, 6], [8, 2]]
B = [[2, 2], [10, 0], [6, 4]]


def _pair():
    rows = ["r0", "r1", "r2"]
    return (two_way_table("A", rows, ["f", "m"], A, row_dim="country", column_dim="gender"),
            two_way_table("B", rows, ["x", "y"], B, row_dim="country", column_dim="citizenship"))


def test_tables_protected_one_by_one_can_be_differenced():
    # Each table is safe alone, but the secondary cells differ and together they
    # pin the country r0 down: why a report needs one DisclosureContext.
    ta, tb = _pair()
    alone = [protect(ta, 5), protect(tb, 5)]
    assert pinned([ta], alone[:1]) == [] and pinned([tb], alone[1:]) == []
    assert pinned([ta, tb], alone) != []


def test_one_context_protects_both():
    ta, tb = _pair()
    context = DisclosureContext(5)
    together = [context.protect(ta), context.protect(tb)]
    assert pinned([ta, tb], together) == []
    assert context.status(ta.cell("r0", None).key) == "suppressed"
    assert context.summary()["tables"] == 2


def test_status_carries_over_to_later_tables():
    interviews = two_way_table("interviews", ["a", "b"], ["p", "v"], [[3, 10], [20, 20]],
                               row_dim="country", column_dim="instrument")
    victims = two_way_table("victims", ["a", "b"], ["f", "m"], [[5, 5], [10, 10]],
                            row_dim="country", column_dim="gender", base={"instrument": "v"})
    # the victims' row totals are the v column of the interviews, their total its total
    assert victims.cell("a", None).key == interviews.cell("a", "v").key
    assert victims.cell(None, None).key == interviews.cell(None, "v").key
    alone = protect(victims, 5)
    assert alone.suppressed_count == 0                    # nothing below 5 in this table
    context = DisclosureContext(5)
    first = context.protect(interviews)
    assert first.cell("a", "p").reason == "primary"
    assert first.cell("a", "v").reason == "secondary"     # partner of the 3
    second = context.protect(victims)
    assert second.cell("a", None).suppressed              # suppressed once, suppressed here too
    assert second.cell("a", None).reason == "secondary"
    assert not second.cell(None, None).suppressed         # published once, published here too
    assert second.suppressed_count >= 4                   # the a total needs partners here
    assert margin_rule_broken(victims, second) == []
    assert pinned([interviews, victims], [first, second]) == []


def test_a_key_with_two_values_is_refused():
    context = DisclosureContext(5)
    context.protect(one_way_table("a", ["BE"], [12], dim="country"))
    with pytest.raises(ValueError):
        context.protect(one_way_table("b", ["BE"], [13], dim="country"))
