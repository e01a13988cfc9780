"""The victims' satisfaction scales (1-10): n, mean, median, quartiles and a
bootstrap confidence interval of the mean, by country and by group.

Definitions, chosen to be simple to check by hand:

* Missing answers (NA/None) are left out; n counts the answers given.
* Median and quartiles interpolate linearly between order statistics (numpy's
  default, Hyndman and Fan's type 7): q1 of 1, 2, 3, 4 is 1.75.
* The 95% confidence interval of the mean is a percentile bootstrap: B resamples
  of size n drawn with replacement by ``numpy.random.default_rng(seed)``
  (``rng.integers(0, n, size=(B, n))``), the mean of each, and the 2.5th and
  97.5th percentiles of those B means (linear interpolation). Each cell gets a
  fresh generator from the same seed, so a figure does not depend on which
  other figures were computed before it.
* n = 0: every number is None. n = 1: mean = median = q1 = q3 = the answer and
  no interval (None). All answers equal: the interval is that value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from fiit.analysis.groups import SCALE_GROUPINGS, Grouping, Masks, as_floats, countries_in, is_missing

DEFAULT_SEED = 20170101
DEFAULT_BOOTSTRAP = 2000
DEFAULT_CONFIDENCE = 0.95
#: Below this many answers a figure (or a group in a comparison) is marked exploratory.
EXPLORATORY_BELOW = 10


@dataclass(frozen=True)
class Summary:
    """Descriptive statistics of one set of answers."""

    n: int
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class ScaleStat:
    """One satisfaction scale in one country (None: all countries) and group (None: everyone)."""

    question_id: str
    scale_id: str
    country: str | None
    group: str | None
    n: int | None  # None only once disclosure control has suppressed the statistic
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool = False
    exploratory: bool = False


def answers(values: Iterable[Any] | pd.Series) -> np.ndarray:
    """The given answers as floats, missing ones (None, NaN, pd.NA, NaT, "declined") dropped."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return values[~np.isnan(values)]
    items = values.tolist() if isinstance(values, (pd.Series, np.ndarray)) else list(values)
    return np.array([float(v) for v in items if not is_missing(v)], dtype=float)


def bootstrap_mean_ci(values: Sequence[float] | np.ndarray, *, seed: int = DEFAULT_SEED,
                      n_boot: int = DEFAULT_BOOTSTRAP,
                      confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean; None for fewer than two values."""
    x = np.asarray(values, dtype=float)
    if x.size < 2:
        return None
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie between 0 and 1")
    if np.all(x == x[0]):  # no spread: every resample mean is the value itself
        return float(x[0]), float(x[0])
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, x.size, size=(n_boot, x.size))
    means = x[idx].mean(axis=1)
    alpha = 1.0 - confidence
    low, high = np.quantile(means, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


def summarize(values: Iterable[Any] | pd.Series, *, seed: int = DEFAULT_SEED,
              n_boot: int = DEFAULT_BOOTSTRAP, confidence: float = DEFAULT_CONFIDENCE) -> Summary:
    """n, mean, median, quartiles and bootstrap interval of the non-missing ``values``."""
    x = answers(values)
    if x.size == 0:
        return Summary(0, None, None, None, None, None, None)
    q1, median, q3 = (float(v) for v in np.quantile(x, [0.25, 0.5, 0.75]))
    ci = bootstrap_mean_ci(x, seed=seed, n_boot=n_boot, confidence=confidence)
    return Summary(int(x.size), float(x.mean()), median, q1, q3,
                   ci[0] if ci else None, ci[1] if ci else None)


def victim_scales() -> dict[str, str]:
    """question id -> scale id of the victim instrument's scales, in interview order."""
    from fiit.instruments import get_instrument

    return {q.id: q.scale_id or q.id for q in get_instrument("victim").scales()}


def scale_statistics(frame: pd.DataFrame, *, scales: Mapping[str, str] | None = None,
                     groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                     countries: Sequence[str] | None = None, seed: int = DEFAULT_SEED,
                     n_boot: int = DEFAULT_BOOTSTRAP, confidence: float = DEFAULT_CONFIDENCE,
                     exploratory_below: int = EXPLORATORY_BELOW) -> list[ScaleStat]:
    """Every scale by country (None first: all countries) and, within each, by group.

    ``frame`` is the victim frame (one row per interview). Groups are the
    categories of each grouping that occur anywhere in ``frame``; every country
    gets a row for each, n = 0 where the country has nobody in the group.
    ``countries`` defaults to the countries in ``frame``.
    """
    scales = dict(scales) if scales is not None else victim_scales()
    countries = tuple(countries) if countries is not None else countries_in([frame])
    masks = Masks(frame, groupings)
    present = {g.name: g.present(frame) for g in groupings}
    out: list[ScaleStat] = []
    for question_id, scale_id in scales.items():
        column = as_floats(frame, question_id)
        for country in (None, *countries):
            cells: list[tuple[str | None, np.ndarray]] = [(None, column[masks.country(country)])]
            for g in groupings:
                for category in present[g.name]:
                    cells.append((g.label(category), column[masks.cell(country, g.name, category)]))
            for group, values in cells:
                s = summarize(values, seed=seed, n_boot=n_boot, confidence=confidence)
                out.append(ScaleStat(question_id, scale_id, country, group, s.n, s.mean, s.median,
                                     s.q1, s.q3, s.ci_low, s.ci_high, suppressed=False,
                                     exploratory=0 < s.n < exploratory_below))
    return out
