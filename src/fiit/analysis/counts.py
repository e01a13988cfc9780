"""Counts of interviews by instrument, country and socio-demographic group.

The counts come as :class:`~fiit.analysis.tables.Table` objects, ready for
disclosure control:

* ``interviews``: countries x instruments, with totals;
* ``<instrument>/<grouping>``: countries x the categories of one grouping
  (gender, age band 18-24 / 25-34 / 35-44 / 45+, citizenship, form of
  exploitation in Eurostat's three groups), for each instrument that asks the
  question. Respondents who did not answer are counted under ``not_stated``,
  so every row adds up to the interviews of that country.

Keys are conditions ({"instrument": "victim", "country": "GB"}), so the row
totals of every victim table are the victim column of ``interviews``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from fiit.analysis.groups import COUNT_GROUPINGS, NOT_STATED, Grouping, countries_in
from fiit.analysis.tables import Table, two_way_table
from fiit.analysis.tallies import Tallies

if TYPE_CHECKING:
    import pandas as pd

INSTRUMENTS: tuple[str, ...] = ("policymaker", "service_provider", "victim")


@dataclass(frozen=True)
class InterviewCount:
    instrument: str | None
    country: str | None
    group: str | None
    n: int


def instrument_order(frames: Mapping[str, pd.DataFrame]) -> tuple[str, ...]:
    return tuple(i for i in INSTRUMENTS if i in frames) + tuple(
        sorted(i for i in frames if i not in INSTRUMENTS))


def _tallies(frames: Mapping[str, "pd.DataFrame | Tallies"], groupings: Sequence[Grouping]
             ) -> dict[str, Tallies]:
    return {name: as_tallies_for_counts(frame, groupings) for name, frame in frames.items()}


def as_tallies_for_counts(frame: "pd.DataFrame | Tallies", groupings: Sequence[Grouping]) -> Tallies:
    if isinstance(frame, Tallies):
        return frame
    return Tallies.of_frame(frame, scale_groupings=(), count_groupings=groupings)


def interviews_table(frames: Mapping[str, "pd.DataFrame | Tallies"],
                     countries: Sequence[str] | None = None) -> Table:
    """Interviews by country (rows) and instrument (columns), with totals."""
    tallies = _tallies(frames, ())
    countries = tuple(countries) if countries is not None else countries_in(tallies.values())
    instruments = instrument_order(frames)
    counts = [[tallies[i].interviews_in(c) for i in instruments] for c in countries]
    return two_way_table("interviews", countries, instruments, counts,
                         row_dim="country", column_dim="instrument")


def group_table(instrument: str, frame: "pd.DataFrame | Tallies", grouping: Grouping,
                countries: Sequence[str]) -> Table:
    """Interviews of one instrument by country (rows) and the categories of ``grouping``."""
    tallies = as_tallies_for_counts(frame, (grouping,))
    categories: list[str | None] = list(tallies.present(grouping.name))
    if tallies.not_stated_anywhere(grouping.name):
        categories.append(None)
    counts = [[tallies.interviews_in(c, grouping.name, cat) for cat in categories] for c in countries]
    return two_way_table(f"{instrument}/{grouping.name}", countries,
                         [NOT_STATED if cat is None else cat for cat in categories], counts,
                         row_dim="country", column_dim=grouping.name,
                         base={"instrument": instrument})


def count_tables(frames: Mapping[str, "pd.DataFrame | Tallies"], *, countries: Sequence[str] | None = None,
                 groupings: Sequence[Grouping] = COUNT_GROUPINGS) -> list[Table]:
    """The interviews table, then every instrument's tables by group (where it asks).

    ``frames``: one frame per instrument, or its :class:`~fiit.analysis.tallies.Tallies`.
    """
    tallies = _tallies(frames, groupings)
    countries = tuple(countries) if countries is not None else countries_in(tallies.values())
    tables = [interviews_table(tallies, countries)]
    for instrument in instrument_order(frames):
        for g in groupings:
            if g.question_id in tallies[instrument].questions:
                tables.append(group_table(instrument, tallies[instrument], g, countries))
    return tables


def cell_count(key: frozenset, value: int) -> InterviewCount:
    """An :class:`InterviewCount` from a table cell's key and value."""
    conditions = dict(key)
    instrument = conditions.pop("instrument", None)
    country = conditions.pop("country", None)
    group = "&".join(f"{k}={v}" for k, v in sorted(conditions.items())) or None
    return InterviewCount(instrument, country, group, value)


def interview_counts(frames: Mapping[str, pd.DataFrame], *,
                     countries: Sequence[str] | None = None,
                     groupings: Sequence[Grouping] = COUNT_GROUPINGS) -> list[InterviewCount]:
    """Every distinct count of the count tables, as flat records (unprotected)."""
    seen: dict[frozenset, InterviewCount] = {}
    for table in count_tables(frames, countries=countries, groupings=groupings):
        for cell in table.cells:
            seen.setdefault(cell.key, cell_count(cell.key, cell.value))
    return list(seen.values())
