"""Comparisons of a satisfaction scale between groups (non-parametric).

* Two groups: Mann-Whitney U (``scipy.stats.mannwhitneyu``, two-sided, scipy's
  default method) with the rank-biserial correlation r = 2 U1 / (n1 n2) - 1 as
  effect size, U1 being the statistic of the first group: r > 0 means the first
  group tends to give higher scores, -1 <= r <= 1.
* More than two groups: Kruskal-Wallis H (``scipy.stats.kruskal``) with
  epsilon-squared, epsilon2 = H / (n - 1) (Tomczak and Tomczak 2014, written
  there as H / ((n^2 - 1) / (n + 1))), n being all answers together.

Both are computed here as scipy computes them (average ranks, the normal
approximation with continuity and tie corrections for U, the chi-squared
distribution for H), with ``scipy.special`` only: importing ``scipy.stats``
costs more CPU than all the statistics of 50,000 interviews (issue 16).
Scipy's exact test for two small samples without ties is used where scipy
would use it. ``tests/analysis/test_compare.py`` and ``tests/db/test_columns.py``
check every result against ``scipy.stats``.

Groups without any answer are left out. Never a p-value when a group has fewer
than two answers: the comparison is reported with its n's and nothing else.
When every answer is the same there is nothing to test: no statistic and no
p-value, and the effect size is 0. A comparison is exploratory when any group
has fewer than ``exploratory_below`` (10) answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from fiit.analysis import special
from fiit.analysis.groups import SCALE_GROUPINGS, Grouping
from fiit.analysis.intervals import SCALE_VALUES
from fiit.analysis.scales import EXPLORATORY_BELOW, answers, victim_scales
from fiit.analysis.tallies import Tallies, as_tallies

if TYPE_CHECKING:
    import pandas as pd

MANN_WHITNEY = "mann_whitney_u"
KRUSKAL_WALLIS = "kruskal_wallis"
RANK_BISERIAL = "rank_biserial"
EPSILON_SQUARED = "epsilon_squared"


@dataclass(frozen=True)
class SampleComparison:
    """Outcome of comparing a few samples, before it is attached to a scale and a country."""

    test: str | None
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    effect_size_name: str | None
    exploratory: bool


@dataclass(frozen=True)
class GroupComparison:
    """One scale compared across the groups of one grouping, in one country (None: all)."""

    question_id: str
    scale_id: str
    country: str | None
    grouping: str
    groups: tuple[str, ...]
    ns: tuple[int | None, ...]  # None once suppressed
    test: str | None
    statistic: float | None
    p_value: float | None
    effect_size: float | None
    effect_size_name: str | None
    exploratory: bool
    suppressed: bool = False
    #: all-countries comparisons: the groups that are (almost) one country (fiit.analysis.pooling)
    single_country_groups: tuple[str, ...] = ()


def rank_biserial(u1: float, n1: int, n2: int) -> float:
    """Rank-biserial correlation from the first group's U."""
    return 2.0 * u1 / (n1 * n2) - 1.0


def epsilon_squared(h: float, n: int) -> float:
    """Epsilon-squared effect size of a Kruskal-Wallis H over n answers."""
    return h / (n - 1)


def compare_samples(samples: Sequence[Iterable[Any]], *,
                    exploratory_below: int = EXPLORATORY_BELOW) -> SampleComparison:
    """Compare two samples (Mann-Whitney) or more (Kruskal-Wallis); see the module notes."""
    xs = [answers(s) for s in samples]
    xs = [x for x in xs if x.size > 0]
    exploratory = any(x.size < exploratory_below for x in xs)
    two = len(xs) == 2
    test = MANN_WHITNEY if two else KRUSKAL_WALLIS
    name = RANK_BISERIAL if two else EPSILON_SQUARED
    if len(xs) < 2:
        return SampleComparison(None, None, None, None, None, True)
    if any(x.size < 2 for x in xs):
        return SampleComparison(test, None, None, None, name, exploratory)
    pooled = np.concatenate(xs)
    if np.all(pooled == pooled[0]):
        return SampleComparison(test, None, None, 0.0, name, exploratory)
    if two:
        u1, p = mann_whitney_u(xs[0], xs[1])
        return SampleComparison(test, u1, p, rank_biserial(u1, xs[0].size, xs[1].size), name, exploratory)
    h, p = kruskal_wallis(xs)
    return SampleComparison(test, h, p, epsilon_squared(h, pooled.size), name, exploratory)


def _average_ranks(pooled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average ranks of ``pooled`` (ties share the mean of their ranks) and the size of each tie."""
    values, inverse, counts = np.unique(pooled, return_inverse=True, return_counts=True)
    first = np.cumsum(counts) - counts + 1  # the ordinal rank of each value's first occurrence
    return (first + (counts.astype(float) - 1) / 2)[inverse], counts.astype(float)


def mann_whitney_u(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """U of ``x`` and the two-sided p-value, as ``scipy.stats.mannwhitneyu(x, y)`` gives them."""
    n1, n2 = x.size, y.size
    ranks, ties = _average_ranks(np.concatenate([x, y]))
    u1 = float(np.sum(ranks[:n1]) - n1 * (n1 + 1) / 2)
    if not (n1 > 8 and n2 > 8) and not np.any(ties > 1):  # scipy's exact distribution
        from scipy import stats

        result = stats.mannwhitneyu(x, y, alternative="two-sided")
        return float(result.statistic), float(result.pvalue)
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    s = np.sqrt(n1 * n2 / 12 * ((n + 1) - np.sum(ties ** 3 - ties) / (n * (n - 1))))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (u - n1 * n2 / 2 - 0.5) / s
    return u1, float(np.clip(2 * special.ndtr(-z), 0.0, 1.0))


def kruskal_wallis(samples: Sequence[np.ndarray]) -> tuple[float, float]:
    """H and its p-value, as ``scipy.stats.kruskal(*samples)`` gives them."""
    sizes = [x.size for x in samples]
    total = sum(sizes)
    ranks, ties = _average_ranks(np.concatenate(samples))
    correction = 1 - np.sum(ties ** 3 - ties) / (total ** 3 - total)
    bounds = np.cumsum([0, *sizes])
    ssbn = sum(np.sum(ranks[bounds[i]:bounds[i + 1]]) ** 2 / sizes[i] for i in range(len(samples)))
    h = (12.0 / (total * (total + 1)) * ssbn - 3 * (total + 1)) / correction
    return float(h), float(special.chdtrc(len(samples) - 1, h))


def scale_comparisons(frame: "pd.DataFrame | Tallies", *, scales: Mapping[str, str] | None = None,
                      groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                      countries: Sequence[str] | None = None,
                      exploratory_below: int = EXPLORATORY_BELOW) -> list[GroupComparison]:
    """Every scale compared across the groups of every grouping, for all countries and each one.

    ``frame``: the victim frame or its :class:`~fiit.analysis.tallies.Tallies`.
    The groups compared are those with at least one answer in that country; a
    grouping with fewer than two such groups gives no comparison. Each group's
    answers are rebuilt from its ten counts (the tests are rank tests: the order
    of the answers does not matter).
    """
    scales = dict(scales) if scales is not None else victim_scales()
    tallies = as_tallies(frame, scales, groupings)
    countries = tuple(countries) if countries is not None else tallies.countries
    out: list[GroupComparison] = []
    for question_id, scale_id in scales.items():
        if question_id not in tallies.questions:
            continue
        for country in (None, *countries):
            for g in tallies.scale_groupings:
                labels, samples = [], []
                for category in g.categories:
                    counts = tallies.counts(question_id, country, g.name, category)
                    if counts.any():
                        labels.append(g.label(category))
                        samples.append(np.repeat(SCALE_VALUES, counts))
                if len(samples) < 2:
                    continue
                r = compare_samples(samples, exploratory_below=exploratory_below)
                out.append(GroupComparison(
                    question_id, scale_id, country, g.name, tuple(labels),
                    tuple(int(x.size) for x in samples), r.test, r.statistic, r.p_value,
                    r.effect_size, r.effect_size_name, r.exploratory))
    return out
