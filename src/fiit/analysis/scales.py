"""The victims' satisfaction scales (1-10): n, mean, median, quartiles, an
interval of the mean and the distribution, by country and by group.

Definitions, chosen to be simple to check by hand:

* Missing answers (NA/None, "declined") are left out; n counts the answers given.
* Every figure comes from the ten counts of a cell (how many answered 1 ... 10),
  computed for all cells of a scale at once (:mod:`fiit.analysis.intervals`):
  the cost grows with the number of cells published, not of interviews.
* Median and quartiles interpolate linearly between order statistics (numpy's
  default, Hyndman and Fan's type 7): q1 of 1, 2, 3, 4 is 1.75.
* The 95% interval of the mean: by default a Student-t interval with a weak
  prior at the scale's ends (:data:`~fiit.analysis.intervals.T_PRIOR`), chosen
  because it keeps its coverage at 5-13 answers where the percentile bootstrap
  does not (the simulation is in :mod:`fiit.analysis.intervals`). Asked for,
  the percentile bootstrap (:data:`~fiit.analysis.intervals.PERCENTILE_BOOTSTRAP`):
  B multinomial resamples of the counts from ``numpy.random.default_rng(seed)``,
  a fresh generator per cell.
* ``distribution``: the ten counts, so that a cell with fewer than 10 answers
  (``exploratory``) can be shown as a dot plot instead of a mean.
* n = 0: every number is None. n = 1: mean = median = q1 = q3 = the answer and
  no interval (None).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from fiit.analysis.groups import SCALE_GROUPINGS, Grouping, is_missing
from fiit.analysis.intervals import (
    PERCENTILE_BOOTSTRAP,
    T_PRIOR,
    count_quantiles,
    counts_of,
    mean_interval,
)
from fiit.analysis.tallies import Tallies, as_tallies

if TYPE_CHECKING:
    import pandas as pd

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
    #: answers 1..10 counted (None once suppressed): the dot plot of a cell with few answers
    distribution: tuple[int, ...] | None = None
    #: all-countries rows only (fiit.analysis.pooling): each country weighted equally
    balanced_mean: float | None = None
    balanced_ci_low: float | None = None
    balanced_ci_high: float | None = None
    balanced_countries: tuple[str, ...] = ()
    #: all-countries rows of a group: the country holding (almost) all its answers
    dominant_country: str | None = None


def answers(values: Iterable[Any] | pd.Series) -> np.ndarray:
    """The given answers as floats, missing ones (None, NaN, pd.NA, NaT, "declined") dropped."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return values[~np.isnan(values)]
    pandas = sys.modules.get("pandas")  # a Series can only be here if pandas was imported
    series = pandas is not None and isinstance(values, pandas.Series)
    items = values.tolist() if series or isinstance(values, np.ndarray) else list(values)
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


def summary_from_counts(counts: np.ndarray, *, interval: str = T_PRIOR, seed: int = DEFAULT_SEED,
                        n_boot: int = DEFAULT_BOOTSTRAP, confidence: float = DEFAULT_CONFIDENCE
                        ) -> list[Summary]:
    """One :class:`Summary` per row of an (m, 10) array of counts, all computed at once."""
    counts = np.asarray(counts, dtype=float).reshape(-1, 10)
    n = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = counts @ np.arange(1, 11, dtype=float) / n
    quartiles = count_quantiles(counts)
    low, high = mean_interval(counts, interval, confidence, n_boot=n_boot, seed=seed)
    out = []
    for i in range(len(counts)):
        if n[i] == 0:
            out.append(Summary(0, None, None, None, None, None, None))
            continue
        q1, median, q3 = (float(v) for v in quartiles[i])
        ci = (None, None) if np.isnan(low[i]) else (float(low[i]), float(high[i]))
        out.append(Summary(int(n[i]), float(means[i]), median, q1, q3, *ci))
    return out


def _scale_answers(x: np.ndarray) -> bool:
    return bool(np.all((x >= 1) & (x <= 10) & (x == np.round(x))))


def summarize(values: Iterable[Any] | pd.Series, *, interval: str = T_PRIOR, seed: int = DEFAULT_SEED,
              n_boot: int = DEFAULT_BOOTSTRAP, confidence: float = DEFAULT_CONFIDENCE) -> Summary:
    """n, mean, median, quartiles and interval of the non-missing ``values``.

    Answers on the 1-10 scale go through the counts (the same code as
    :func:`scale_statistics`). ``interval=PERCENTILE_BOOTSTRAP`` resamples the
    answers one by one (:func:`bootstrap_mean_ci`), as fiit did before the counts.
    """
    x = answers(values)
    if x.size == 0:
        return Summary(0, None, None, None, None, None, None)
    if interval == T_PRIOR and _scale_answers(x):
        return summary_from_counts(counts_of(x)[None, :], confidence=confidence)[0]
    if interval not in (T_PRIOR, PERCENTILE_BOOTSTRAP):
        raise ValueError(f"unknown interval method {interval!r}")
    q1, median, q3 = (float(v) for v in np.quantile(x, [0.25, 0.5, 0.75]))
    if interval == T_PRIOR:
        raise ValueError("the t interval with a prior is defined for answers 1-10 only")
    ci = bootstrap_mean_ci(x, seed=seed, n_boot=n_boot, confidence=confidence)
    return Summary(int(x.size), float(x.mean()), median, q1, q3,
                   ci[0] if ci else None, ci[1] if ci else None)


def victim_scales() -> dict[str, str]:
    """question id -> scale id of the victim instrument's scales, in interview order."""
    from fiit.instruments import get_instrument

    return {q.id: q.scale_id or q.id for q in get_instrument("victim").scales()}


def scale_statistics(frame: "pd.DataFrame | Tallies", *, scales: Mapping[str, str] | None = None,
                     groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                     countries: Sequence[str] | None = None, seed: int = DEFAULT_SEED,
                     n_boot: int = DEFAULT_BOOTSTRAP, confidence: float = DEFAULT_CONFIDENCE,
                     exploratory_below: int = EXPLORATORY_BELOW,
                     interval: str = T_PRIOR) -> list[ScaleStat]:
    """Every scale by country (None first: all countries) and, within each, by group.

    ``frame`` is the victim frame (one row per interview) or its
    :class:`~fiit.analysis.tallies.Tallies` (then its groupings are used). Groups
    are the categories of each grouping that occur anywhere in the data; every
    country gets a row for each, n = 0 where the country has nobody in the
    group. ``countries`` defaults to the countries in the data. Each cell is
    summarised from its ten counts, all cells of a scale at once.
    """
    scales = dict(scales) if scales is not None else victim_scales()
    tallies = as_tallies(frame, scales, groupings)
    groupings = tallies.scale_groupings
    countries = tuple(countries) if countries is not None else tallies.countries
    present = {g.name: tallies.present(g.name) for g in groupings}
    cells: list[tuple[str | None, Grouping | None, str | None]] = []
    for country in (None, *countries):
        cells.append((country, None, None))
        for g in groupings:
            cells.extend((country, g, category) for category in present[g.name])
    out: list[ScaleStat] = []
    for question_id, scale_id in scales.items():
        counts = np.array([tallies.counts(question_id, c, g and g.name, cat) for c, g, cat in cells],
                          dtype=float).reshape(len(cells), 10)
        summaries = summary_from_counts(counts, interval=interval, seed=seed, n_boot=n_boot,
                                        confidence=confidence)
        for (country, grouping, category), s, c in zip(cells, summaries, counts):
            group = grouping.label(category) if grouping else None
            out.append(ScaleStat(question_id, scale_id, country, group, s.n, s.mean, s.median,
                                 s.q1, s.q3, s.ci_low, s.ci_high, suppressed=False,
                                 exploratory=0 < s.n < exploratory_below,
                                 distribution=tuple(int(v) for v in c)))
    return out
