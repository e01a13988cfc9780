"""Service providers' ranking of services (question 12): an aggregated order and
Kendall's W for how much the raters agree.

Each service provider ranks some of the services they ticked in question 11,
most important first. To aggregate rankings that cover different services:

* The items are every service that at least one rater in the group (a country,
  or everyone) ranked.
* Unranked items: a rater who ranked m of the N items gives ranks 1..m to those
  and the mean of the remaining ranks, (m + 1 + N) / 2, to every item they did
  not rank; they are tied below everything the rater ranked. This completes
  the raters x items matrix, so mean ranks and Kendall's W are defined.
* Mean rank: the mean over raters of those ranks (lower = more important).
* Borda count: an item at position r of a rater's ranking scores N - r points,
  an unranked item 0; the count is the sum over raters (higher = more
  important). It weighs a top place more than the mean rank does.
* The aggregated order sorts by mean rank, then Borda count (higher first), then
  the order of the services in the questionnaire.
* Only the services offered where a provider works count for that provider
  (when the design says which: ``offered``, from question 11's options by
  country). A service not offered in a rater's country gets no rank from
  that rater, rather than a tied last place: the pooled order then compares
  each service among the providers who could have ranked it, so assisted
  voluntary return or the helpline do not sink merely because two countries
  offer them. For such a rater N is the number of items offered to them.
  ``offered_to`` says how many raters could rank each item.
* Where the design names the providers' own list of available services
  (``available_from``, question 11: the ranking offers only what was ticked
  there), a provider's items are those they ticked, within their country's
  offer. Since the helpline and assisted voluntary return are offered in every
  country (service-provider instrument 1.1.0), this is what keeps them from
  sinking merely because most providers said they do not exist where they work.
* Kendall's W with the correction for ties:
  W = 12 S / (m^2 (N^3 - N) - m sum_j T_j), S the sum of squared deviations of
  the items' rank sums from their mean, m raters, T_j = sum (t^3 - t) over the
  groups of t tied ranks of rater j. None with fewer than 2 raters or 2 items,
  and None where the raters were offered different services (W needs one set).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from fiit.analysis.groups import countries_in, is_na, rows_of_country
from fiit.analysis.tallies import Tallies

if TYPE_CHECKING:
    import pandas as pd

RANKING_QUESTION = "q12"


@dataclass(frozen=True)
class RankedItem:
    item: str
    position: int
    mean_rank: float
    borda: int
    offered_to: int | None = None  # raters who could rank the item (None: every rater)


@dataclass(frozen=True)
class ServiceRanking:
    """The aggregated ranking in one country (None: all countries)."""

    question_id: str
    country: str | None
    n_raters: int | None  # None once suppressed
    items: tuple[RankedItem, ...]
    kendall_w: float | None
    suppressed: bool = False


def ranking_of(answer: Any) -> list[str]:
    """One rater's ranking as a list of distinct items (empty when unanswered or declined)."""
    if isinstance(answer, str):  # "declined to answer" (fiit.instruments.DECLINED): no ranking
        return []
    if answer is None or (not isinstance(answer, (list, tuple, np.ndarray)) and is_na(answer)):
        return []
    seen: list[str] = []
    for item in answer:
        if item not in seen:
            seen.append(str(item))
    return seen


def rank_matrix(rankings: Sequence[Sequence[str]], items: Sequence[str],
                universes: Sequence[Sequence[str] | None] | None = None) -> np.ndarray:
    """raters x items matrix of ranks, unranked items tied at the mean of the remaining ranks.

    ``universes[i]`` (optional) lists the items rater i could rank; the others are NaN.
    """
    column = {item: j for j, item in enumerate(items)}
    out = np.full((len(rankings), len(items)), np.nan)
    for i, ranking in enumerate(rankings):
        universe = universes[i] if universes is not None else None
        allowed = ([j for j, item in enumerate(items) if item in set(universe) or item in ranking]
                   if universe is not None else list(range(len(items))))
        ranked = [item for item in ranking if item in column]
        m, n = len(ranked), len(allowed)
        out[i, allowed] = (m + 1 + n) / 2.0
        for r, item in enumerate(ranked, start=1):
            out[i, column[item]] = r
    return out


def tie_term(row: np.ndarray) -> float:
    """sum (t^3 - t) over the groups of tied values in one rater's ranks."""
    _, counts = np.unique(row, return_counts=True)
    return float(np.sum(counts.astype(float) ** 3 - counts))


def kendall_w(ranks: np.ndarray) -> float | None:
    """Kendall's coefficient of concordance of a raters x items rank matrix, ties corrected."""
    ranks = np.asarray(ranks, dtype=float)
    if ranks.ndim != 2:
        raise ValueError("ranks must be a raters x items matrix")
    m, n = ranks.shape
    if m < 2 or n < 2:
        return None
    sums = ranks.sum(axis=0)
    s = float(np.sum((sums - sums.mean()) ** 2))
    ties = sum(tie_term(row) for row in ranks)
    denominator = m * m * (n ** 3 - n) - m * ties
    if denominator <= 0:
        return None
    return 12.0 * s / denominator


def borda_counts(rankings: Sequence[Sequence[str]], items: Sequence[str],
                 sizes: Sequence[int] | None = None) -> list[int]:
    """Borda count of each item: N - r points for position r, 0 when unranked (N: ``sizes[i]``)."""
    index = {item: j for j, item in enumerate(items)}
    points = [0] * len(items)
    for i, ranking in enumerate(rankings):
        n = sizes[i] if sizes is not None else len(items)
        for r, item in enumerate((x for x in ranking if x in index), start=1):
            points[index[item]] += n - r
    return points


def aggregate(rankings: Sequence[Sequence[str]], item_order: Sequence[str] = (),
              universes: Sequence[Sequence[str] | None] | None = None
              ) -> tuple[tuple[RankedItem, ...], float | None]:
    """Aggregated order and Kendall's W of some raters' rankings (empty rankings ignored).

    ``universes[i]``: the items offered to rater i (None: every item).
    """
    keep = [i for i, r in enumerate(rankings) if r]
    rankings = [rankings[i] for i in keep]
    universes = [universes[i] for i in keep] if universes is not None else None
    ranked = {item for r in rankings for item in r}
    items = [i for i in item_order if i in ranked] + sorted(ranked - set(item_order))
    if not rankings or not items:
        return (), None
    matrix = rank_matrix(rankings, items, universes)
    offered = ~np.isnan(matrix)
    means = np.nanmean(matrix, axis=0)
    borda = borda_counts(rankings, items, [int(row.sum()) for row in offered])
    order = sorted(range(len(items)), key=lambda j: (means[j], -borda[j], j))
    restricted = universes is not None and not offered.all()
    ranked_items = tuple(RankedItem(items[j], pos, float(means[j]), int(borda[j]),
                                    int(offered[:, j].sum()) if restricted else None)
                         for pos, j in enumerate(order, start=1))
    return ranked_items, (None if restricted else kendall_w(matrix))


def service_order() -> list[str]:
    """The services in the order question 11 lists them."""
    from fiit.instruments import get_instrument

    return get_instrument("service_provider").question("q11").option_values()


def service_rankings(frame: "pd.DataFrame | Tallies", *, question_id: str = RANKING_QUESTION,
                     countries: Sequence[str] | None = None,
                     item_order: Iterable[str] | None = None,
                     offered: Mapping[str, Sequence[str]] | None = None,
                     available_from: str | None = None) -> list[ServiceRanking]:
    """The aggregated ranking for all countries (country None) and for each country.

    ``offered``: country -> services offered there (see the module notes); None
    or a country missing from it: every service counts for its raters. ``frame`` may be the
    :class:`~fiit.analysis.tallies.Tallies` of an instrument without interviews (no rater, so no
    ranking: what an empty frame gives, without pandas); counted interviews cannot be ranked.
    """
    if isinstance(frame, Tallies):
        if frame.interviews_in(None):
            raise ValueError("service rankings need each rater's answers: a frame, not counts")
        countries = tuple(countries) if countries is not None else countries_in([frame])
        return [ServiceRanking(question_id, country, 0, (), None) for country in (None, *countries)]
    import pandas as pd

    item_order = list(item_order) if item_order is not None else service_order()
    countries = tuple(countries) if countries is not None else countries_in([frame])
    column = frame[question_id] if question_id in frame.columns else pd.Series(
        [None] * len(frame), index=frame.index, dtype=object)
    out = []
    for country in (None, *countries):
        mask = rows_of_country(frame, country)
        rankings = [ranking_of(a) for a in column[mask]]
        where = frame["country"][mask].tolist() if "country" in frame.columns else [None] * len(rankings)
        universes = ([offered.get(c) for c in where] if offered else None)
        if available_from is not None and available_from in frame.columns:
            own = [ranking_of(a) for a in frame[available_from][mask]]
            base = universes if universes is not None else [None] * len(own)
            universes = [([i for i in ticked if u is None or i in u] if ticked else u)
                         for ticked, u in zip(own, base)]
        if universes is not None:
            universes = [u for u, r in zip(universes, rankings) if r]
        rankings = [r for r in rankings if r]
        items, w = aggregate(rankings, item_order, universes)
        out.append(ServiceRanking(question_id, country, len(rankings), items, w))
    return out
