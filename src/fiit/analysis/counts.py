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
from typing import Mapping, Sequence

import pandas as pd

from fiit.analysis.groups import COUNT_GROUPINGS, NOT_STATED, Grouping, countries_in
from fiit.analysis.tables import Table, two_way_table

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


def _country_counts(frame: pd.DataFrame, countries: Sequence[str]) -> list[int]:
    present = frame["country"].value_counts() if "country" in frame.columns else pd.Series(dtype=int)
    return [int(present.get(c, 0)) for c in countries]


def interviews_table(frames: Mapping[str, pd.DataFrame],
                     countries: Sequence[str] | None = None) -> Table:
    """Interviews by country (rows) and instrument (columns), with totals."""
    countries = tuple(countries) if countries is not None else countries_in(frames.values())
    instruments = instrument_order(frames)
    by_instrument = [_country_counts(frames[i], countries) for i in instruments]
    counts = [[by_instrument[j][r] for j in range(len(instruments))] for r in range(len(countries))]
    return two_way_table("interviews", countries, instruments, counts,
                         row_dim="country", column_dim="instrument")


def group_table(instrument: str, frame: pd.DataFrame, grouping: Grouping,
                countries: Sequence[str]) -> Table:
    """Interviews of one instrument by country (rows) and the categories of ``grouping``."""
    assigned = grouping.assign(frame).fillna(NOT_STATED)
    categories = list(grouping.present(frame))
    if (assigned == NOT_STATED).any():
        categories.append(NOT_STATED)
    country = frame["country"] if "country" in frame.columns else pd.Series(dtype=object)
    counts = [[int(((country == c) & (assigned == cat)).sum()) for cat in categories]
              for c in countries]
    return two_way_table(f"{instrument}/{grouping.name}", countries, categories, counts,
                         row_dim="country", column_dim=grouping.name,
                         base={"instrument": instrument})


def count_tables(frames: Mapping[str, pd.DataFrame], *, countries: Sequence[str] | None = None,
                 groupings: Sequence[Grouping] = COUNT_GROUPINGS) -> list[Table]:
    """The interviews table, then every instrument's tables by group (where it asks)."""
    countries = tuple(countries) if countries is not None else countries_in(frames.values())
    tables = [interviews_table(frames, countries)]
    for instrument in instrument_order(frames):
        frame = frames[instrument]
        for g in groupings:
            if g.question_id in frame.columns:
                tables.append(group_table(instrument, frame, g, countries))
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
