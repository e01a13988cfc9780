"""Alpha and kappa against published reference data and independent computations."""

from __future__ import annotations

import math
from collections import Counter
from itertools import permutations

import numpy as np
import pytest

from fiit.coding.agreement import agreement, cohen_kappa, disagreements, nominal_alpha, passage_units
from fiit.coding.codings import AnswerRef, Coding

NAN = float("nan")
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers, twelve
# units, values 1–5, missing values. The paper gives nominal alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def hand_alpha(data) -> float:
    """Nominal alpha from the coincidence matrix, written out as in the paper (independent of the package)."""
    coincidences: Counter = Counter()
    for unit in zip(*data):
        values = [v for v in unit if not math.isnan(v)]
        m = len(values)
        if m < 2:
            continue
        for a, b in permutations(range(m), 2):
            coincidences[(values[a], values[b])] += 1 / (m - 1)
    n_c: Counter = Counter()
    for (c, _k), count in coincidences.items():
        n_c[c] += count
    n = sum(n_c.values())
    observed = sum(count for (c, k), count in coincidences.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1)
    return 1 - observed / expected


def test_krippendorffs_published_example_gives_0_743():
    by_hand = hand_alpha(KRIPPENDORFF_2011)
    assert round(by_hand, 3) == 0.743          # the value published in the paper, recomputed by hand
    assert nominal_alpha(np.array(KRIPPENDORFF_2011)) == pytest.approx(by_hand, abs=1e-12)


def test_alpha_undefined_without_variation_or_second_coder():
    assert nominal_alpha(np.array([[1, 1, 1], [1, 1, 1]])) is None
    assert nominal_alpha(np.array([[1, 0, 1]])) is None
    assert nominal_alpha(np.array([[1, NAN], [NAN, 0]])) is None  # no unit with two values


def hand_kappa(a, b) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    labels = set(a) | set(b)
    expected = sum((a.count(v) / n) * (b.count(v) / n) for v in labels)
    return (observed - expected) / (1 - expected)


def test_cohen_kappa_against_hand_computation_and_missing_units_left_out():
    a = [1, 1, 0, 0, 1, 0, 1, 1, 0, 0]
    b = [1, 0, 0, 0, 1, 0, 1, 1, 1, 0]
    assert cohen_kappa(a, b) == pytest.approx(hand_kappa(a, b))
    assert cohen_kappa(a + [NAN], b + [1]) == pytest.approx(hand_kappa(a, b))
    assert cohen_kappa([1, 1], [1, 1]) is None


def ref(i: int, q: str = "a1") -> AnswerRef:
    return AnswerRef(f"interview-{i}", q)


def test_agreement_per_code_and_overall_on_answers():
    codings = []
    # ann and bob both look at answers 0-5; cara only at 0-2.
    ann = {0: {"x"}, 1: {"x", "y"}, 2: {"y"}, 3: set(), 4: {"x"}, 5: {"y"}}
    bob = {0: {"x"}, 1: {"x"}, 2: {"y"}, 3: {"x"}, 4: {"x"}, 5: {"y"}}
    cara = {0: {"x"}, 1: {"y"}, 2: {"y"}}
    seen = {}
    for coder, table in (("ann", ann), ("bob", bob), ("cara", cara)):
        seen[coder] = [ref(i) for i in table]
        for i, codes in table.items():
            codings += [Coding(ref(i), coder, code, 0, 5) for code in codes]
    result = agreement(codings, seen=seen)
    assert result.coders == ("ann", "bob", "cara") and result.units == 6
    by_code = {c.code: c for c in result.codes}
    nan = NAN
    x = [[1, 1, 0, 0, 1, 0], [1, 1, 0, 1, 1, 0], [1, 0, 0, nan, nan, nan]]
    y = [[0, 1, 1, 0, 0, 1], [0, 0, 1, 0, 0, 1], [0, 1, 1, nan, nan, nan]]
    assert by_code["x"].alpha == pytest.approx(hand_alpha(x))
    assert by_code["y"].alpha == pytest.approx(hand_alpha(y))
    overall = [row_x + row_y for row_x, row_y in zip(x, y)]
    assert result.alpha == pytest.approx(hand_alpha(overall))
    pair = {(a, b): k for a, b, k in by_code["x"].pairs}
    assert pair[("ann", "bob")] == pytest.approx(hand_kappa(x[0], x[1]))
    assert pair[("ann", "cara")] == pytest.approx(hand_kappa(x[0][:3], x[2][:3]))
    assert by_code["x"].kappa == pytest.approx(sum(pair.values()) / 3)
    assert by_code["x"].to_dict()["units"] == 6 and by_code["x"].coders == 3


def test_passage_units_merge_overlaps_and_code_per_passage():
    codings = [Coding(ref(1), "ann", "x", 0, 10), Coding(ref(1), "bob", "x", 5, 12),
               Coding(ref(1), "bob", "y", 20, 30), Coding(ref(1), "ann", "x", 25, 28)]
    assert passage_units(codings)[ref(1)] == [(0, 12), (20, 30)]
    result = agreement(codings, unit="passage")
    by_code = {c.code: c for c in result.codes}
    assert result.units == 2
    # x: passage 1 both 1; passage 2 ann 1, bob 0.  y: passage 1 both 0; passage 2 ann 0, bob 1.
    assert by_code["x"].alpha == pytest.approx(hand_alpha([[1, 1], [1, 0]]))
    assert by_code["y"].alpha == pytest.approx(hand_alpha([[0, 0], [0, 1]]))


def test_disagreements_list_what_to_reconcile():
    codings = [Coding(ref(1), "ann", "x", 0, 4), Coding(ref(1), "bob", "x", 0, 4), Coding(ref(1), "bob", "y", 0, 4),
               Coding(ref(2), "ann", "x", 0, 4)]
    assert disagreements(codings) == [(ref(1), "y", ("bob",), ("ann",))]


def test_a_coder_who_looked_and_applied_nothing_disagrees():
    codings = [Coding(ref(1), "ann", "x", 0, 4)]
    assert disagreements(codings) == []
    assert disagreements(codings, seen={"bob": [ref(1)]}) == [(ref(1), "x", ("ann",), ("bob",))]
