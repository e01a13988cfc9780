"""Code lists of the open data, aligned with Eurostat's trafficking statistics and CTDC.

Eurostat publishes victims of trafficking by sex, by citizenship (the
reporting country, another EU Member State, a country outside the EU) and by
form of exploitation (sexual, labour, other). The open data uses the same
breakdowns, derived from fiit's socio-demographic questions, so the survey's
respondents can be set beside the official counts. Where a column means what
a column of the Counter Trafficking Data Collaborative (CTDC) global dataset
means, it carries the CTDC name (``gender``, ``isSexualExploit``,
``isForcedLabour``, ``isOtherExploit``); the other names are fiit's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from fiit.vocabulary import vocabulary

_VOCABULARY = vocabulary()

# Source question ids (shared by the three instruments where they occur).
GENDER_QUESTION = "sd_gender"
AGE_QUESTION = "sd_age"
CITIZENSHIP_QUESTION = "sd_citizenship"
EXPLOITATION_QUESTION = "sd_exploitation"


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    eurostat: str = ""  # the Eurostat breakdown category this code counts in
    ctdc: str = ""  # the CTDC value it matches, where one does


@dataclass(frozen=True)
class DerivedColumn:
    name: str
    source: str  # question id it is derived from
    title: str
    description: str
    codes: tuple[Code, ...]
    derive: Callable[[Any], str | None]
    quasi_identifier: bool = True

    def code_values(self) -> list[str]:
        return [c.code for c in self.codes]


def _gender(value: Any) -> str | None:
    return {"female": "Female", "male": "Male"}.get(value)


#: The published age bands (the vocabulary's, at their finest): (lowest, highest or None).
AGE_BANDS = tuple((band.low, band.high) for band in _VOCABULARY.age_bands)


def age_band(value: Any) -> str | None:
    """``18-24`` … ``55+``; ages under 18 are not asked (all respondents are adults)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return _VOCABULARY.age_band(value)


_OPEN_DATA_CITIZENSHIP = {g.code: g.open_data for g in _VOCABULARY.citizenship_groups}


def _citizenship(value: Any) -> str | None:
    return _OPEN_DATA_CITIZENSHIP.get(value)


def _exploitation(value: Any) -> str | None:
    return _VOCABULARY.exploitation_group_of.get(value)


DERIVED = (
    DerivedColumn(
        name="gender", source=GENDER_QUESTION, title="Sex",
        description="Female or male, as in Eurostat's breakdown by sex (CTDC field 'gender'). "
                    "Other answers, 'prefer not to say' and values withheld by disclosure control are missing.",
        codes=(Code("Female", "Female", "Females (F)", "Female"), Code("Male", "Male", "Males (M)", "Male")),
        derive=_gender,
    ),
    DerivedColumn(
        name="age_band", source=AGE_QUESTION, title="Age band",
        description="Age at the interview in bands; the exact age is never published.",
        codes=tuple(Code(b.code, f"{b.code} years") for b in _VOCABULARY.age_bands),
        derive=age_band,
    ),
    DerivedColumn(
        name="citizenship_group", source=CITIZENSHIP_QUESTION, title="Citizenship",
        description="Citizenship in Eurostat's three groups: the country of the interview, "
                    "another EU Member State, or a country outside the EU.",
        codes=tuple(Code(g.open_data, (g.description or g.label)["en"], g.eurostat)
                    for g in _VOCABULARY.citizenship_groups),
        derive=_citizenship,
    ),
    DerivedColumn(
        name="exploitation_form", source=EXPLOITATION_QUESTION, title="Main form of exploitation",
        description="The main form of exploitation in Eurostat's groups: sexual exploitation, labour "
                    "exploitation (including domestic servitude), other forms (forced criminality, forced "
                    "begging, other).",
        codes=tuple(Code(g.code, g.label["en"], g.eurostat, g.ctdc) for g in _VOCABULARY.exploitation_groups),
        derive=_exploitation,
    ),
)

# CTDC's exploitation flags, set from the (disclosure-controlled) exploitation_form.
CTDC_EXPLOITATION_FLAGS = {g.ctdc: g.code for g in _VOCABULARY.exploitation_groups if g.ctdc}

# Quasi-identifiers, in the order disclosure control gives them up (last first).
QUASI_IDENTIFIERS = ("country", "gender", "citizenship_group", "exploitation_form", "age_band")

INTEGER_BANDS = ((0, 4), (5, 9), (10, 19), (20, None))


def integer_band(value: Any) -> str | None:
    """Bands for the other whole-number answers (such as years with the organisation)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return None
    for low, high in INTEGER_BANDS:
        if value >= low and (high is None or value <= high):
            return f"{low}+" if high is None else f"{low}-{high}"
    return None


def integer_band_codes() -> list[str]:
    return [f"{lo}+" if hi is None else f"{lo}-{hi}" for lo, hi in INTEGER_BANDS]
