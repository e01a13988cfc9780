"""Code lists of the open data: Eurostat's codes where Eurostat has the dimension, CTDC's crosswalk beside.

Eurostat publishes victims of trafficking in human beings (datasets
``crim_thb_vctz``, ``crim_thb_vexp``) by ``geo``, ``sex`` and ``citizen``,
and by form of exploitation. The open data's values are Eurostat's codes
wherever Eurostat has a matching dimension, so a table of the package merges
with a Eurostat table by code:

* ``country`` — Eurostat's ``geo`` codes (``UK`` for the United Kingdom,
  ``EL`` for Greece), from the vocabulary's countries. Source: Eurostat,
  "Tutorial: Country codes and protocol order" (Statistics Explained).
* ``gender`` — Eurostat's ``sex`` codes ``F`` / ``M`` (code list SEX,
  https://dd.eionet.europa.eu/vocabulary/eurostat/sex); CTDC's current
  dataset records ``gender`` as ``Woman`` / ``Man`` / ``Trans``.
* ``citizenship_group`` — Eurostat's ``citizen`` codes ``NAT`` (reporting
  country), ``EU27_2020_FOR`` (EU27 countries except the reporting country),
  ``NEU27_2020_FOR`` (non-EU27 countries nor the reporting country) (code list
  CITIZEN, https://dd.eionet.europa.eu/vocabulary/eurostat/citizen). CTDC
  records the country of citizenship, which the open data never publishes.

Two columns keep fiit's own codes, marked ``own`` in the crosswalk:

* ``age_band`` — Eurostat splits victims only into minors and adults (all
  FIIT respondents are adults), so the bands are fiit's, drawn so that each is
  a union of CTDC ``ageBroad`` values (``18--20`` … ``48+``, CTDC data
  dictionary): a band maps to CTDC without splitting anyone.
* ``exploitation_form`` — ``sexual`` / ``labour`` / ``other`` are Eurostat's
  three categories (labels as Eurostat publishes them); their codes are fiit's.
  CTDC counts forced begging and forced criminality as forced labour
  (``typeOfLabourBegging``, ``typeOfLabourIllicitActivities``) where Eurostat
  counts them as "other forms", and the open data does not publish the finer
  form (it would be one more quasi-identifier): so ``isForcedLabour`` and
  ``isOtherExploit`` are left missing for ``other``, never guessed, and the
  crosswalk says why.

:data:`CROSSWALK` is the one table of these mappings; the data package
publishes it as ``crosswalk.csv`` with its sources (CTDC: Counter Trafficking
Data Collaborative global dataset and data dictionary,
https://www.ctdatacollaborative.org; terms of use
https://www.ctdatacollaborative.org/terms-use).
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


SOURCES = {
    "eurostat_geo": "Eurostat, Statistics Explained, 'Tutorial: Country codes and protocol order' "
                    "(https://ec.europa.eu/eurostat/statistics-explained/index.php/Tutorial:Country_codes_and_protocol_order)",
    "eurostat_sex": "Eurostat code list SEX (https://dd.eionet.europa.eu/vocabulary/eurostat/sex)",
    "eurostat_citizen": "Eurostat code list CITIZEN (https://dd.eionet.europa.eu/vocabulary/eurostat/citizen)",
    "eurostat_thb": "Eurostat, trafficking in human beings statistics, datasets crim_thb_vctz and crim_thb_vexp "
                    "(https://ec.europa.eu/eurostat/web/crime/database)",
    "ctdc": "Counter Trafficking Data Collaborative, global dataset and data dictionary "
            "(https://www.ctdatacollaborative.org), fields gender, ageBroad, isSexualExploit, isForcedLabour, "
            "isOtherExploit, typeOfLabourBegging, typeOfLabourIllicitActivities",
}


@dataclass(frozen=True)
class Crossing:
    """One published code: what it means for fiit, for Eurostat and for CTDC."""

    column: str
    code: str  # the value in the open data
    fiit: str  # the fiit answer(s) or group it comes from
    eurostat: str  # Eurostat's code (or category label, for the exploitation form), "" if none
    ctdc: str  # the CTDC field=value(s) it corresponds to, "" if none
    own: bool  # a code of fiit's own (no Eurostat code exists for it)
    note: str = ""
    source: str = ""


_SEX = {"female": "F", "male": "M"}
_CTDC_GENDER = {"F": "Woman", "M": "Man"}
# Eurostat's citizen codes of the respondent groups (the study vocabulary's).
_CITIZEN = {g.code: g.eurostat for g in _VOCABULARY.citizenship_groups if g.eurostat}
# Published age bands (the vocabulary's open_data_age_bands): each a union of CTDC ageBroad values
# ("18--20" ... "48+"). (lowest, highest or None, CTDC values)
OPEN_AGE_BANDS = tuple((band.low, band.high, band.ctdc) for band in _VOCABULARY.open_data_age_bands)
_CTDC_EXPLOITATION = {
    "sexual": ("isSexualExploit=1", ""),
    "labour": ("isForcedLabour=1", "Eurostat and CTDC both count domestic servitude as labour exploitation."),
    "other": ("isForcedLabour=1 or isOtherExploit=1", (
        "Eurostat's 'other forms' include forced begging and forced criminality, which CTDC counts as forced "
        "labour (typeOfLabourBegging, typeOfLabourIllicitActivities); the open data does not say which, so "
        "isForcedLabour and isOtherExploit are missing for these rows. Never count them as isOtherExploit.")),
}


def _gender(value: Any) -> str | None:
    return _SEX.get(value)


def _band_code(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else f"{low}-{high}"


def open_age_band(value: Any) -> str | None:
    """The published age band (``18-29`` … ``48+``), each a union of CTDC ageBroad values."""
    if not isinstance(value, int) or isinstance(value, bool) or value < OPEN_AGE_BANDS[0][0]:
        return None
    for low, high, _ in OPEN_AGE_BANDS:
        if value >= low and (high is None or value <= high):
            return _band_code(low, high)
    return None


#: The vocabulary's age bands, at their finest (statistics): (lowest, highest or None).
AGE_BANDS = tuple((band.low, band.high) for band in _VOCABULARY.age_bands)


def age_band(value: Any) -> str | None:
    """``18-24`` … ``55+``; ages under 18 are not asked (all respondents are adults)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return _VOCABULARY.age_band(value)


def _citizenship(value: Any) -> str | None:
    return _CITIZEN.get(value)


def country_code(iso: str) -> str:
    """Eurostat's geo code of a study country (``UK`` for GB); the code itself for one not in the vocabulary."""
    try:
        return _VOCABULARY.country(iso).eurostat
    except KeyError:
        return iso


def _exploitation(value: Any) -> str | None:
    return _VOCABULARY.exploitation_group_of.get(value)


DERIVED = (
    DerivedColumn(
        name="gender", source=GENDER_QUESTION, title="Sex",
        description="Eurostat's sex codes: F (female) or M (male); CTDC's gender Woman / Man (see crosswalk.csv). "
                    "Other answers, 'prefer not to say' and values withheld by disclosure control are missing.",
        codes=tuple(Code(code, label, code, _CTDC_GENDER[code]) for code, label in (("F", "Female"), ("M", "Male"))),
        derive=_gender,
    ),
    DerivedColumn(
        name="age_band", source=AGE_QUESTION, title="Age band",
        description="Age at the interview in bands (fiit's own: Eurostat splits only minors and adults), each "
                    "a union of CTDC ageBroad values; the exact age is never published.",
        codes=tuple(Code(_band_code(lo, hi), f"{_band_code(lo, hi)} years", "", " ".join(ctdc))
                    for lo, hi, ctdc in OPEN_AGE_BANDS),
        derive=open_age_band,
    ),
    DerivedColumn(
        name="citizenship_group", source=CITIZENSHIP_QUESTION, title="Citizenship",
        description="Eurostat's citizen codes: NAT (citizen of the country of the interview), EU27_2020_FOR "
                    "(another EU Member State), NEU27_2020_FOR (a country outside the EU).",
        codes=tuple(Code(_CITIZEN[g.code], (g.description or g.label)["en"], _CITIZEN[g.code])
                    for g in _VOCABULARY.citizenship_groups if g.code in _CITIZEN),
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
# CTDC flags that cannot be told from the group alone (see the module notes): left missing for that group.
CTDC_UNDETERMINED = {"other": frozenset({"isForcedLabour", "isOtherExploit"})}


def crosswalk() -> list[Crossing]:
    """Every published code of the derived columns, with its Eurostat and CTDC counterparts and source."""
    rows = [Crossing("country", c.eurostat, c.code, c.eurostat, "", False,
                     "Eurostat's geo code; fiit stores ISO 3166-1 alpha-2." if c.eurostat != c.code else "",
                     "eurostat_geo") for c in _VOCABULARY.countries]
    rows += [Crossing("gender", code, fiit, code, f"gender={_CTDC_GENDER[code]}", False, "", "eurostat_sex ctdc")
             for fiit, code in _SEX.items()]
    rows += [Crossing("citizenship_group", code, fiit, code, "", False,
                      "CTDC records the country of citizenship, which is not published.", "eurostat_citizen")
             for fiit, code in _CITIZEN.items()]
    rows += [Crossing("age_band", _band_code(lo, hi), f"sd_age {lo}" + (f"-{hi}" if hi else "+"), "",
                      " ".join(f"ageBroad={v}" for v in ctdc), True,
                      "fiit's own band: Eurostat publishes only under 18 / 18 or over.", "ctdc")
             for lo, hi, ctdc in OPEN_AGE_BANDS]
    forms = {g.code: [f.code for f in _VOCABULARY.exploitation_forms if f.group == g.code]
             for g in _VOCABULARY.exploitation_groups}
    rows += [Crossing("exploitation_form", g.code, " ".join(forms.get(g.code, [])), g.eurostat,
                      _CTDC_EXPLOITATION.get(g.code, ("", ""))[0], True, _CTDC_EXPLOITATION.get(g.code, ("", ""))[1],
                      "eurostat_thb ctdc") for g in _VOCABULARY.exploitation_groups]
    return rows

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
