"""The shape of the synthetic demo study: who was interviewed where, when, in which language.

The victim counts per country and the totals for the other two instruments are
those of the FIIT study (seed report, "Inleiding"): 62 victims (France 23,
Italy 13, Belgium 11, Hungary 9, United Kingdom 6), 31 service providers and
19 policymakers in the five countries together.

The seed gives only the totals for service providers and policymakers. Their
split over the countries below (service providers BE 7, FR 7, HU 5, IT 7, GB 5;
policymakers BE 4, FR 4, HU 4, IT 4, GB 3) is ours, chosen so that every country
has several of each and the totals match.
"""

from __future__ import annotations

import datetime as dt

from fiit.vocabulary import vocabulary

# Instruments in the order the demo study holds them.
INSTRUMENT_IDS = ("policymaker", "service_provider", "victim")

INTERVIEW_COUNTS: dict[str, dict[str, int]] = {
    # From the seed: France 23, Italy 13, Belgium 11, Hungary 9, United Kingdom 6.
    "victim": {"BE": 11, "FR": 23, "HU": 9, "IT": 13, "GB": 6},
    # The seed gives only the total, 31; the split is ours.
    "service_provider": {"BE": 7, "FR": 7, "HU": 5, "IT": 7, "GB": 5},
    # The seed gives only the total, 19; the split is ours.
    "policymaker": {"BE": 4, "FR": 4, "HU": 4, "IT": 4, "GB": 3},
}

# The study vocabulary's countries the demo has figures for (all five FIIT countries; a
# country added to the vocabulary later is not in the synthetic FIIT study), in its order.
COUNTRIES = tuple(c for c in vocabulary().country_codes if c in INTERVIEW_COUNTS["victim"])

# The language each national team interviewed in: the country's default in the vocabulary.
INTERVIEW_LANGUAGE = {c: vocabulary().interview_language(c) for c in COUNTRIES}

# The FIIT fieldwork window.
FIELDWORK_START = dt.date(2012, 9, 1)
FIELDWORK_END = dt.date(2013, 3, 31)

# The victim instrument changed during the (synthetic) fieldwork: victims interviewed before
# this day were asked version 1.1.0, the others the current version (1.2.0, with the questions
# on residence status). The demo thus holds interviews on both, as a real study would.
VICTIM_EARLIER_VERSION = "1.1.0"
VICTIM_CURRENT_FROM = dt.date(2012, 11, 1)

CONSENT_TEXT_VERSION = "1.0"

STUDY_NAME = "FIIT demo study (synthetic data)"

# Every open answer starts with this, in every language, so no one mistakes it for a real one.
SYNTHETIC_MARKER = "[synthetic] "

# Identifying fields (names, organisations, positions) all contain this word.
SYNTHETIC_NAME_WORD = "Synthetic"


def interviewer_username(country: str) -> str:
    return f"interviewer_{country.lower()}"
