"""The published statistics of a study: every figure after disclosure control.

:func:`stats_document` is what ``fiit stats --json`` prints; the schema is
described in :mod:`fiit.analysis` (the package docstring). The ``protect_*``
functions apply a :class:`~fiit.analysis.disclosure.DisclosureContext` to the
analysis results so that a report can reuse them:

* scale statistics: for each scale, the n's by country and group form tables
  (countries x categories of one grouping, totals = the country's and the
  group's n); a statistic whose n is suppressed there (fewer than k, or
  secondary) loses every number, n included;
* comparisons: shown only when every group compared is shown;
* service rankings: the numbers of raters by country form a table; a ranking
  whose number is suppressed loses its items and W.

A cell's key is the set of respondents it rests on. A scale that every victim
must answer (required, asked of everyone) and that every victim did answer has
the population itself as that set: the same key as in the count tables
({"instrument": "victim", "country": "GB", ...}), so a scale's n and the count
of interviews are one number with one status. Otherwise (a scale asked of some
victims only, any skipped answer, the ranking question) the key adds
``answered=<question>`` and the table records that this set lies within the
population, which a reader knows too. (Linking cell by cell where a cell
happens to be complete would be wrong: the reader cannot see which cells are.)
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from fiit.analysis.compare import GroupComparison, scale_comparisons
from fiit.analysis.counts import cell_count, count_tables
from fiit.analysis.disclosure import DEFAULT_K, DisclosureContext, DisclosureError, ProtectedTable
from fiit.analysis.design import StudyDesign, default_design
from fiit.analysis.intervals import T_PRIOR
from fiit.analysis.pooling import flag_single_country_groups, pool_countries
from fiit.analysis.groups import SCALE_GROUPINGS, Grouping, countries_in
from fiit.analysis.rankings import RANKING_QUESTION, ServiceRanking, service_rankings
from fiit.analysis.scales import DEFAULT_BOOTSTRAP, DEFAULT_SEED, ScaleStat, scale_statistics
from fiit.analysis.states import STATISTICS_OVER, AnswerStateCount, protect_state_counts
from fiit.analysis.tables import Table, conditions, one_way_table, two_way_table
from fiit.analysis.tallies import Tallies, as_tallies

if TYPE_CHECKING:
    import pandas as pd


class _Keys:
    """Keys of the cells of n's of one question, and the sets they lie within."""

    def __init__(self, instrument: str, question_id: str, everyone: bool, tallies: Tallies):
        self.instrument, self.question_id = instrument, question_id
        self.everyone, self.tallies = everyone, tallies
        self.within: list[tuple[frozenset, frozenset]] = []

    def __call__(self, n: int, country: str | None, dim: str | None = None,
                 category: str | None = None) -> frozenset:
        population = conditions({"instrument": self.instrument}, country=country,
                                 **({dim: category} if dim else {}))
        if self.everyone and 0 < n == self.tallies.interviews_in(country, dim, category):
            return population
        key = population | {("answered", self.question_id)}
        self.within.append((key, population))
        return key


def scale_tables(stats: Sequence[ScaleStat], frame: "pd.DataFrame | Tallies",
                 groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                 asked_of_everyone: frozenset[str] | None = None) -> list[Table]:
    """For each scale, the tables of n's by country and group that disclosure control protects.

    ``frame``: the victim frame or its :class:`~fiit.analysis.tallies.Tallies`.
    """
    tallies = as_tallies(frame, dict.fromkeys(s.question_id for s in stats), groupings)
    if asked_of_everyone is None:
        asked_of_everyone = default_design().asked_of_everyone
    by_cell = {(s.question_id, s.country, s.group): s.n for s in stats}
    tables = []
    for question_id in dict.fromkeys(s.question_id for s in stats):
        countries = tuple(dict.fromkeys(s.country for s in stats
                                        if s.question_id == question_id and s.country))
        everyone = question_id in asked_of_everyone and tallies.answered_by_everyone(question_id)
        n = lambda c, g: by_cell.get((question_id, c, g), 0)  # noqa: E731
        used = [g for g in groupings
                if any(s.group and s.group.startswith(g.name + "=") for s in stats)]
        if not used:
            keys = _Keys("victim", question_id, everyone, tallies)
            table = one_way_table(f"{question_id}/country", countries,
                                  [n(c, None) for c in countries], total=n(None, None),
                                  dim="country", key=lambda r, c: keys(n(r, None), r))
            tables.append(dataclasses.replace(table, within=tuple(keys.within)))
        for g in used:
            cats = [c for c in g.categories if any(s.group == g.label(c) for s in stats)]
            keys = _Keys("victim", question_id, everyone, tallies)

            def key(r, c, g=g, keys=keys):
                return keys(n(r, g.label(c) if c else None), r, g.name if c else None, c)

            table = two_way_table(
                f"{question_id}/{g.name}", countries, cats,
                [[n(r, g.label(c)) for c in cats] for r in countries],
                row_totals=[n(r, None) for r in countries],
                column_totals=[n(None, g.label(c)) for c in cats], grand_total=n(None, None),
                key=key)
            tables.append(dataclasses.replace(table, within=tuple(keys.within)))
    return tables


def _group_of(table: Table, column: str | None) -> str | None:
    if column is None or "/" not in table.name:
        return None
    return f"{table.name.split('/', 1)[1]}={column}"


def protect_scale_stats(stats: Sequence[ScaleStat], frame: "pd.DataFrame | Tallies",
                        context: DisclosureContext,
                        groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                        asked_of_everyone: frozenset[str] | None = None) -> list[ScaleStat]:
    """The statistics with every number of a suppressed one set to None."""
    hidden: set[tuple[str, str | None, str | None]] = set()
    for table in scale_tables(stats, frame, groupings, asked_of_everyone):
        question_id = table.name.split("/", 1)[0]
        try:
            protected = context.protect(table)
        except DisclosureError:
            # A small study: this breakdown cannot be protected (a country whose victims all share one
            # category would give each of them away). It is left out whole and named, never a failure.
            context.withheld.append(table.name)
            grouping = table.name.split("/", 1)[1] if "/" in table.name else None
            hidden |= {(s.question_id, s.country, s.group) for s in stats if s.question_id == question_id
                       and (grouping in (None, "country") or (s.group or "").split("=", 1)[0] == grouping)}
            continue
        for cell in protected.cells:
            if cell.suppressed:
                hidden.add((question_id, cell.row, _group_of(table, cell.column)))
    out = []
    for s in stats:
        if (s.question_id, s.country, s.group) in hidden or 0 < s.n < context.k:
            s = dataclasses.replace(s, n=None, mean=None, median=None, q1=None, q3=None,
                                    ci_low=None, ci_high=None, distribution=None, suppressed=True)
        out.append(s)
    return out


def protect_comparisons(comparisons: Sequence[GroupComparison],
                        stats: Sequence[ScaleStat]) -> list[GroupComparison]:
    """Comparisons with numbers only where every group compared is shown in ``stats``."""
    shown = {(s.question_id, s.country, s.group) for s in stats if not s.suppressed}
    out = []
    for c in comparisons:
        if not all((c.question_id, c.country, g) in shown for g in c.groups):
            c = dataclasses.replace(c, ns=tuple(None for _ in c.ns), statistic=None, p_value=None,
                                    effect_size=None, suppressed=True)
        out.append(c)
    return out


def protect_rankings(rankings: Sequence[ServiceRanking], context: DisclosureContext
                     ) -> list[ServiceRanking]:
    """Rankings whose number of raters is suppressed lose their items and W."""
    by_country = {r.country: r for r in rankings}
    countries = tuple(c for c in by_country if c is not None)
    total = by_country[None].n_raters if None in by_country else sum(
        by_country[c].n_raters for c in countries)
    question_id = rankings[0].question_id if rankings else RANKING_QUESTION

    within = []

    def key(country, _column):
        population = conditions({"instrument": "service_provider"}, country=country)
        answered = population | {("answered", question_id)}
        within.append((answered, population))
        return answered

    table = one_way_table(f"{question_id}/country", countries,
                          [by_country[c].n_raters for c in countries], total=total,
                          dim="country", key=key)
    table = dataclasses.replace(table, within=tuple(within))
    try:
        protected = context.protect(table)
    except DisclosureError:  # too few raters to protect any split: the rankings are left out whole
        context.withheld.append(table.name)
        return [dataclasses.replace(r, n_raters=None, items=(), kendall_w=None, suppressed=True)
                for r in rankings]
    hidden = {c.row for c in protected.cells if c.suppressed}
    return [dataclasses.replace(r, n_raters=None, items=(), kendall_w=None, suppressed=True)
            if r.country in hidden else r for r in rankings]


def _num(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


@dataclass(frozen=True)
class PublishedCount:
    """A count of interviews after disclosure control (``n`` None when suppressed)."""

    instrument: str | None
    country: str | None
    group: str | None
    n: int | None
    suppressed: bool


@dataclass(frozen=True)
class StudyStatistics:
    """Every published figure of a study, typed; :meth:`as_json` is the CLI's edge."""

    scales: tuple[ScaleStat, ...]
    comparisons: tuple[GroupComparison, ...]
    rankings: tuple[ServiceRanking, ...]
    counts: tuple[PublishedCount, ...]
    #: per question x country (None: all), interviews by answer state; only when states were given
    answer_states: tuple[AnswerStateCount, ...] | None = None

    def scale(self, question_id: str, country: str | None, group: str | None) -> ScaleStat | None:
        """One scale figure (a dict lookup, built once)."""
        index = self.__dict__.get("_index")
        if index is None:
            index = {(s.question_id, s.country, s.group): s for s in self.scales}
            object.__setattr__(self, "_index", index)
        return index.get((question_id, country, group))

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        """The document ``fiit stats --json`` prints (schema: :mod:`fiit.analysis`, docs/cli.md)."""
        document = {
            "scales": [_scale_json(s) for s in self.scales],
            "comparisons": [{"question_id": c.question_id, "country": c.country,
                             "grouping": c.grouping, "groups": list(c.groups), "n": list(c.ns),
                             "test": c.test, "statistic": _num(c.statistic),
                             "p_value": _num(c.p_value), "effect_size": _num(c.effect_size),
                             "effect_size_name": c.effect_size_name, "exploratory": c.exploratory,
                             "suppressed": c.suppressed,
                             "single_country_groups": list(c.single_country_groups)}
                            for c in self.comparisons],
            "rankings": [{"question_id": r.question_id, "country": r.country,
                          "n_raters": r.n_raters, "kendall_w": _num(r.kendall_w),
                          "items": [{"item": i.item, "position": i.position,
                                     "mean_rank": i.mean_rank, "borda": i.borda,
                                     "offered_to": i.offered_to} for i in r.items],
                          "suppressed": r.suppressed} for r in self.rankings],
            "counts": [{"instrument": c.instrument, "country": c.country, "group": c.group,
                        "n": c.n, "suppressed": c.suppressed} for c in self.counts],
        }
        if self.answer_states is not None:
            document["answer_states"] = [a.as_json() for a in self.answer_states]
        return document


def _scale_json(s: ScaleStat) -> dict[str, Any]:
    out = {"question_id": s.question_id, "country": s.country, "group": s.group,
           "n": s.n, "mean": _num(s.mean), "median": _num(s.median),
           "ci_low": _num(s.ci_low), "ci_high": _num(s.ci_high),
           "suppressed": s.suppressed, "exploratory": s.exploratory,
           "distribution": list(s.distribution) if s.distribution is not None else None,
           "statistics_over": STATISTICS_OVER}
    if s.country is None:
        out.update({"balanced_mean": _num(s.balanced_mean),
                    "balanced_ci_low": _num(s.balanced_ci_low),
                    "balanced_ci_high": _num(s.balanced_ci_high),
                    "balanced_countries": list(s.balanced_countries),
                    "dominant_country": s.dominant_country})
    return out


def published_counts(tables: Sequence[ProtectedTable]) -> tuple[PublishedCount, ...]:
    """Every distinct cell of the protected count tables, once."""
    seen: dict[Any, PublishedCount] = {}
    for table in tables:
        for cell in table.cells:
            if cell.key not in seen:
                c = cell_count(cell.key, 0)
                seen[cell.key] = PublishedCount(c.instrument, c.country, c.group, cell.value, cell.suppressed)
    return tuple(seen.values())


def count_records(tables: Sequence[ProtectedTable]) -> list[dict[str, Any]]:
    """Every distinct cell of the protected count tables, once (as JSON records)."""
    return [{"instrument": c.instrument, "country": c.country, "group": c.group, "n": c.n,
             "suppressed": c.suppressed} for c in published_counts(tables)]


def _protect_counts(tables: Sequence[Table], context: DisclosureContext) -> list[ProtectedTable]:
    """Protect the count tables; a breakdown that cannot be protected (with the design counts published,
    a country whose victims all fall in one category gives each of them away) is left out whole and
    named in ``context.withheld``."""
    out = []
    for table in tables:
        try:
            out.append(context.protect(table))
        except DisclosureError:
            if table.name == "interviews":
                raise
            context.withheld.append(table.name)
    return out


def study_statistics(frames: Mapping[str, "pd.DataFrame | Tallies"], k: int = DEFAULT_K, *,
                     design: StudyDesign | None = None, seed: int = DEFAULT_SEED,
                     n_boot: int = DEFAULT_BOOTSTRAP, countries: Sequence[str] | None = None,
                     context: DisclosureContext | None = None,
                     interval: str = T_PRIOR,
                     states: Mapping[str, pd.DataFrame] | None = None) -> StudyStatistics:
    """Every published figure, after disclosure control with threshold ``k``.

    ``states``: per instrument, the frame of answer states (:mod:`fiit.analysis.states`);
    given, the interviews by answer state of each of its questions are published
    too (protected last, so they never change a figure above).

    ``design`` (the scales, the ranking question, the services offered by
    country) comes from the caller; without one, the shipped instruments'.
    Pass ``context`` to protect these figures together with other tables of the
    same report (its ``k`` then applies). The victims may come counted
    (``frames["victim"]`` a :class:`~fiit.analysis.tallies.Tallies` covering the
    design's scales, e.g. from :func:`fiit.db.tallies.victim_tallies`): the
    figures are the same, at a cost that does not grow with the interviews.
    """
    countries = tuple(countries) if countries is not None else countries_in(frames.values())
    design = design if design is not None else default_design(countries)
    context = context if context is not None else DisclosureContext(k)
    frames = dict(frames)
    if "victim" in frames:  # counted once, for the counts, scales, comparisons and their tables
        frames["victim"] = as_tallies(frames["victim"], design.scales)
    counts = published_counts(_protect_counts(count_tables(frames, countries=countries), context))
    scales: list[ScaleStat] = []
    comparisons: list[GroupComparison] = []
    if "victim" in frames:
        victim = frames["victim"]
        raw = scale_statistics(victim, scales=design.scales, countries=countries, seed=seed,
                               n_boot=n_boot, interval=interval)
        scales = pool_countries(raw, protect_scale_stats(raw, victim, context,
                                                         asked_of_everyone=design.asked_of_everyone))
        comparisons = flag_single_country_groups(
            protect_comparisons(scale_comparisons(victim, scales=design.scales, countries=countries),
                                scales), scales)
    rankings: list[ServiceRanking] = []
    if "service_provider" in frames:
        provider = frames["service_provider"]
        ranked = service_rankings(provider, question_id=design.ranking_question, countries=countries,
                                  item_order=design.service_order or None,
                                  offered=design.offered or None,
                                  available_from=design.availability_question)
        rankings = protect_rankings(ranked, context)
    answer_states = None
    if states is not None:
        answer_states = tuple(a for instrument in states
                              for a in protect_state_counts(instrument, states[instrument], countries, context))
    return StudyStatistics(tuple(scales), tuple(comparisons), tuple(rankings), counts, answer_states)


def stats_document(frames: Mapping[str, pd.DataFrame], k: int = DEFAULT_K, *,
                   seed: int = DEFAULT_SEED, n_boot: int = DEFAULT_BOOTSTRAP,
                   countries: Sequence[str] | None = None,
                   context: DisclosureContext | None = None,
                   interval: str = T_PRIOR, design: StudyDesign | None = None
                   ) -> dict[str, list[dict[str, Any]]]:
    """Everything ``fiit stats --json`` prints: :func:`study_statistics` as JSON."""
    return study_statistics(frames, k, design=design, seed=seed, n_boot=n_boot, countries=countries,
                            context=context, interval=interval).as_json()
