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


AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, None))


def age_band(value: Any) -> str | None:
    """``18-24`` … ``55+``; ages under 18 are not asked (all respondents are adults)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    for low, high in AGE_BANDS:
        if value >= low and (high is None or value <= high):
            return f"{low}+" if high is None else f"{low}-{high}"
    return None


def _citizenship(value: Any) -> str | None:
    return {"national": "national", "eu": "other_eu", "third_country": "non_eu"}.get(value)


from fiit.classifications import EXPLOITATION_GROUPS  # noqa: E402


def _exploitation(value: Any) -> str | None:
    return EXPLOITATION_GROUPS.get(value)


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
        codes=tuple(Code(b, f"{b} years") for b in (f"{lo}-{hi}" if hi else f"{lo}+" for lo, hi in AGE_BANDS)),
        derive=age_band,
    ),
    DerivedColumn(
        name="citizenship_group", source=CITIZENSHIP_QUESTION, title="Citizenship",
        description="Citizenship in Eurostat's three groups: the country of the interview, "
                    "another EU Member State, or a country outside the EU.",
        codes=(Code("national", "Citizen of the country of the interview", "Reporting country"),
               Code("other_eu", "Citizen of another EU Member State", "Other EU Member States"),
               Code("non_eu", "Citizen of a country outside the EU", "Non-EU countries")),
        derive=_citizenship,
    ),
    DerivedColumn(
        name="exploitation_form", source=EXPLOITATION_QUESTION, title="Main form of exploitation",
        description="The main form of exploitation in Eurostat's groups: sexual exploitation, labour "
                    "exploitation (including domestic servitude), other forms (forced criminality, forced "
                    "begging, other).",
        codes=(Code("sexual", "Sexual exploitation", "Sexual exploitation", "isSexualExploit"),
               Code("labour", "Labour exploitation", "Labour exploitation", "isForcedLabour"),
               Code("other", "Other forms of exploitation", "Other forms of exploitation", "isOtherExploit")),
        derive=_exploitation,
    ),
)

# CTDC's exploitation flags, set from the (disclosure-controlled) exploitation_form.
CTDC_EXPLOITATION_FLAGS = {"isSexualExploit": "sexual", "isForcedLabour": "labour", "isOtherExploit": "other"}

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
