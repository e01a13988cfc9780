"""Respondent groups: how answers to the socio-demographic questions become the
groups that statistics are broken down by.

A group is written ``"<grouping>=<category>"``, for example ``"gender=female"`` or
``"exploitation=labour"``; that string is what ``ScaleStat.group`` and the JSON
of ``fiit stats --json`` carry.

Forms of exploitation are folded into Eurostat's three categories (sexual,
labour, other) so that the small samples are split as little as possible and
the figures line up with the official statistics in the country frameworks.
Eurostat counts domestic servitude with labour exploitation and forced
criminality and forced begging with "other forms"; :data:`EXPLOITATION_GROUPS`
holds that mapping. Countries, groups, bands and that mapping come from the
study vocabulary (:mod:`fiit.vocabulary`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

import numpy as np

from fiit.instruments.model import DECLINED
from fiit.vocabulary import vocabulary

if TYPE_CHECKING:  # pandas is imported where frames are read: `fiit stats` over victims only needs none
    import pandas as pd

_VOCABULARY = vocabulary()
#: The study's countries, in report order.
COUNTRIES: tuple[str, ...] = _VOCABULARY.country_codes
#: Form of exploitation -> its Eurostat group.
EXPLOITATION_GROUPS: Mapping[str, str] = _VOCABULARY.exploitation_group_of
#: Age bands (label, lowest age, highest age or None for open-ended): the vocabulary's
#: bands at the resolution statistics use (the oldest joined, the samples being small).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = _VOCABULARY.statistics_age_bands

#: Category for an unanswered socio-demographic question in counts.
NOT_STATED = "not_stated"


def is_na(value: Any) -> bool:
    """``pandas.isna`` of one value: answers decoded from JSON (None, numbers, text) are told without
    pandas; any other value (a NumPy or pandas scalar, from a frame) by pandas itself."""
    if value is None:
        return True
    kind = type(value)
    if kind is float:
        return value != value
    if kind is int or kind is str or kind is bool:
        return False
    import pandas as pd

    return pd.isna(value)


def age_band(age: Any) -> str | None:
    """The band an age falls in; None for a missing age or one below 18."""
    if age is None or is_na(age):
        return None
    age = int(age)
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return None


def is_missing(answer: Any) -> bool:
    """Unanswered for analysis: None, NaN/NA, or a recorded "declined to answer" (fiit.instruments.DECLINED)."""
    if answer is None or isinstance(answer, (list, tuple)):
        return answer is None
    if isinstance(answer, str):
        return answer == DECLINED
    return bool(is_na(answer))


@dataclass(frozen=True)
class Grouping:
    """One way of splitting respondents: a question and how its answers map to categories."""

    name: str
    question_id: str
    categories: tuple[str, ...]
    classify: Callable[[Any], str | None] | None = None

    def category_of(self, answer: Any) -> str | None:
        """The category of one answer, None when unanswered or not one of the categories."""
        if is_missing(answer):
            return None
        category = self.classify(answer) if self.classify else str(answer)
        return category if category in self.categories else None

    def assign(self, frame: pd.DataFrame) -> pd.Series:
        """The category of every row of ``frame`` (None where unknown), aligned with its index.

        Each distinct answer is classified once (a column holds a handful of them).
        """
        import pandas as pd

        if self.question_id not in frame.columns:
            return pd.Series([None] * len(frame), index=frame.index, dtype=object)
        column = frame[self.question_id]
        values = column.to_numpy(dtype=object, na_value=None)
        try:
            categories = {v: self.category_of(v) for v in set(values.tolist())}
        except TypeError:  # unhashable answers (lists): one by one
            return column.map(self.category_of).astype(object)
        return pd.Series([categories[v] for v in values.tolist()], index=frame.index, dtype=object)

    def label(self, category: str) -> str:
        return f"{self.name}={category}"

    def present(self, frame: pd.DataFrame) -> tuple[str, ...]:
        """The categories that occur in ``frame``, in the grouping's own order."""
        seen = set(self.assign(frame).dropna())
        return tuple(c for c in self.categories if c in seen)


GENDER = Grouping("gender", "sd_gender", ("female", "male", "other", "prefer_not_to_say"))
EXPLOITATION = Grouping("exploitation", "sd_exploitation", _VOCABULARY.exploitation_group_codes,
                        EXPLOITATION_GROUPS.get)
CITIZENSHIP = Grouping("citizenship", "sd_citizenship", _VOCABULARY.citizenship_codes)
AGE = Grouping("age", "sd_age", tuple(b[0] for b in AGE_BANDS), age_band)

#: The groups the victim scales are broken down by (FIIT: gender, exploitation, citizenship).
SCALE_GROUPINGS: tuple[Grouping, ...] = (GENDER, EXPLOITATION, CITIZENSHIP)

#: The socio-demographic groups interviews are counted by (where the instrument asks).
COUNT_GROUPINGS: tuple[Grouping, ...] = (GENDER, AGE, CITIZENSHIP, EXPLOITATION)


def countries_in(frames: Iterable[pd.DataFrame], extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Countries occurring in the frames (plus ``extra``): the vocabulary's first, in report order."""
    seen: set[str] = set(extra)
    for frame in frames:
        if hasattr(frame, "countries") and not hasattr(frame, "columns"):  # counted (fiit.analysis.tallies)
            seen.update(frame.countries)
        elif "country" in frame.columns:
            seen.update(str(c) for c in frame["country"].dropna().unique())
    order = vocabulary().country_codes
    return tuple(c for c in order if c in seen) + tuple(sorted(seen - set(order)))


def rows_of_country(frame: pd.DataFrame, country: str | None) -> pd.Series:
    """Boolean mask of ``frame``'s rows in ``country`` (all rows for None)."""
    if country is None:
        import pandas as pd

        return pd.Series(True, index=frame.index)
    return frame["country"] == country


class Masks:
    """Boolean masks of one frame's rows by country and by group, as NumPy arrays.

    The statistics select the same few hundred subsets again and again; NumPy
    masks built once make each selection a microsecond instead of a pandas
    operation.
    """

    def __init__(self, frame: pd.DataFrame, groupings: Iterable[Grouping]):
        self.size = len(frame)
        self._country = (frame["country"].to_numpy(dtype=object) if "country" in frame.columns
                         else np.full(self.size, None, dtype=object))
        self.assigned = {g.name: g.assign(frame).to_numpy(dtype=object) for g in groupings}
        self._cache: dict[tuple, np.ndarray] = {}

    def country(self, country: str | None) -> np.ndarray:
        key = ("country", country)
        if key not in self._cache:
            self._cache[key] = (np.ones(self.size, dtype=bool) if country is None
                                else self._country == country)
        return self._cache[key]

    def group(self, grouping: str, category: str | None) -> np.ndarray:
        key = ("group", grouping, category)
        if key not in self._cache:
            self._cache[key] = (np.ones(self.size, dtype=bool) if category is None
                                else self.assigned[grouping] == category)
        return self._cache[key]

    def cell(self, country: str | None, grouping: str | None = None, category: str | None = None) -> np.ndarray:
        mask = self.country(country)
        return mask & self.group(grouping, category) if grouping is not None else mask


def as_floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as floats, NaN where unanswered (or where the frame has no such column)."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    series = frame[column]
    if is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    return np.array([np.nan if is_missing(v) else float(v) for v in series.tolist()], dtype=float)
