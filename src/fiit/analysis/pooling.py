"""Figures over all countries: how countries are weighted, and groups that are one country.

The FIIT teams interviewed 6 to 23 victims per country, as many as they
happened to reach. A mean over everyone ("respondent-weighted", the ``mean`` of
a scale's all-countries row) lets the largest team decide the figure. Beside
it, :func:`pool_countries` gives the **country-balanced** mean: the mean of the
country means, each country weighted equally, over the countries whose own
figure is published (a withheld country is left out, and named as left out by
its absence from ``balanced_countries``, so nothing withheld can be worked back
from the two means). Its interval: the country means are independent, so the
variance of their average is sum(var_c / n_c) / C^2, with var_c the padded
variance of the t-with-prior interval and Welch-Satterthwaite degrees of
freedom; countries with fewer than 2 answers are left out.

A comparison between groups over all countries is confounded when a group is
(almost) one country: FIIT's nationals are Hungary's victims alone. When at
least :data:`ONE_COUNTRY_SHARE` of a group's answers come from one country,
its all-countries row names that country (``dominant_country``) and a pooled
comparison lists the group in ``single_country_groups``; the report says so
and points to the comparison within that country.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Sequence

import numpy as np

from fiit.analysis import special
from fiit.analysis.compare import GroupComparison
from fiit.analysis.intervals import PRIOR_WEIGHT, SCALE_VALUES
from fiit.analysis.scales import ScaleStat

#: A group with at least this share of its answers in one country is "(almost) one country".
ONE_COUNTRY_SHARE = 0.8


def _padded_variance(counts: Sequence[int]) -> float:
    c = np.asarray(counts, dtype=float).copy()
    c[0] += PRIOR_WEIGHT
    c[-1] += PRIOR_WEIGHT
    total = c.sum()
    centre = float(c @ SCALE_VALUES) / total
    return float((c * (SCALE_VALUES - centre) ** 2).sum() / (total - 1))


def balanced(shown: Sequence[ScaleStat], confidence: float = 0.95
             ) -> tuple[float | None, float | None, float | None, tuple[str, ...]]:
    """Country-balanced mean, its interval and the countries in it, from published country rows."""
    rows = [s for s in shown if s.n and s.n >= 2 and s.mean is not None and s.distribution]
    if not rows:
        return None, None, None, ()
    k = len(rows)
    mean = sum(s.mean for s in rows) / k
    parts = [_padded_variance(s.distribution) / s.n / k ** 2 for s in rows]
    se2 = sum(parts)
    df = se2 ** 2 / sum(p ** 2 / (s.n - 1) for p, s in zip(parts, rows))
    half = float(special.stdtrit(df, 0.5 + confidence / 2)) * se2 ** 0.5  # t.ppf
    low, high = max(1.0, mean - half), min(10.0, mean + half)
    return mean, low, high, tuple(s.country for s in rows)


def dominant_countries(raw: Sequence[ScaleStat]) -> dict[tuple[str, str], str]:
    """(question, group) -> the country holding at least ONE_COUNTRY_SHARE of the group's answers."""
    by_cell: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    totals: dict[tuple[str, str], int] = {}
    for s in raw:
        if s.group is None or not s.n:
            continue
        if s.country is None:
            totals[(s.question_id, s.group)] = s.n
        else:
            by_cell[(s.question_id, s.group)][s.country] = s.n
    out = {}
    for cell, total in totals.items():
        country, n = max(by_cell.get(cell, {}).items(), key=lambda kv: kv[1], default=(None, 0))
        if country is not None and n >= ONE_COUNTRY_SHARE * total:
            out[cell] = country
    return out


def pool_countries(raw: Sequence[ScaleStat], protected: Sequence[ScaleStat]) -> list[ScaleStat]:
    """``protected`` with the all-countries rows given their balanced mean and dominant country.

    ``raw`` are the same statistics before disclosure control (for the group
    shares; only a country's name is published, never a share).
    """
    dominant = dominant_countries(raw)
    shown: dict[tuple[str, str | None], list[ScaleStat]] = defaultdict(list)
    for s in protected:
        if s.country is not None and not s.suppressed:
            shown[(s.question_id, s.group)].append(s)
    out = []
    for s in protected:
        if s.country is None and not s.suppressed:
            mean, low, high, countries = balanced(shown[(s.question_id, s.group)])
            s = dataclasses.replace(s, balanced_mean=mean, balanced_ci_low=low, balanced_ci_high=high,
                                    balanced_countries=countries,
                                    dominant_country=dominant.get((s.question_id, s.group)))
        out.append(s)
    return out


def flag_single_country_groups(comparisons: Sequence[GroupComparison],
                               stats: Sequence[ScaleStat]) -> list[GroupComparison]:
    """Pooled comparisons list the groups that are (almost) one country."""
    dominant = {(s.question_id, s.group): s.dominant_country for s in stats
                if s.country is None and s.dominant_country}
    out = []
    for c in comparisons:
        if c.country is None:
            flagged = tuple(g for g in c.groups if (c.question_id, g) in dominant)
            c = dataclasses.replace(c, single_country_groups=flagged)
        out.append(c)
    return out
