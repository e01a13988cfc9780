"""Synthetic respondents: who answers, drawn before the interview is filled in.

A :class:`Respondent` carries the few facts that shape the rest of an interview
(gender, age, citizenship, form of exploitation, a latent satisfaction) plus
tags naming the patterns the FIIT report describes for that country, which pick
the matching open answers:

* ``staff_available`` (Belgium): victims praised staff who were always within reach;
* ``status_worry`` (France, third-country nationals): worry about a temporary status;
* ``work_focus`` (Italy, men): work as the key to integration and a lasting permit;
* ``shelter_critic`` (Italy, women aged 40 and over): critical of shelter rules and crowding;
* ``family`` (Hungary): returned nationals leaning on family and home community;
* ``safe_housing`` (United Kingdom): safe houses felt safe, independent, homelike;
* ``origin_country`` (Hungarian policymakers and service providers): a country of origin and return.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Mapping

from fiit.demo.sampling import clipped_normal_int, weighted_choice

# Victims: share of each gender per country (sd_gender is required).
VICTIM_GENDER: dict[str, dict[str, float]] = {
    "BE": {"female": 0.55, "male": 0.43, "prefer_not_to_say": 0.02},
    "FR": {"female": 0.80, "male": 0.17, "prefer_not_to_say": 0.03},
    "HU": {"female": 0.70, "male": 0.30},
    "IT": {"female": 0.62, "male": 0.36, "other": 0.02},
    "GB": {"female": 0.50, "male": 0.50},
}

# Victims: forms of exploitation per country (Belgium more labour, Italy and France
# more sexual exploitation, the United Kingdom mixed).
EXPLOITATION: dict[str, dict[str, float]] = {
    "BE": {"labour": 0.45, "sexual": 0.28, "domestic_servitude": 0.12, "forced_criminality": 0.08,
           "forced_begging": 0.02, "other": 0.05},
    "FR": {"sexual": 0.60, "domestic_servitude": 0.20, "labour": 0.12, "forced_criminality": 0.04,
           "forced_begging": 0.02, "other": 0.02},
    "HU": {"sexual": 0.50, "labour": 0.35, "forced_criminality": 0.08, "forced_begging": 0.05, "other": 0.02},
    "IT": {"sexual": 0.55, "labour": 0.30, "forced_begging": 0.07, "domestic_servitude": 0.05, "other": 0.03},
    "GB": {"labour": 0.35, "sexual": 0.30, "domestic_servitude": 0.20, "forced_criminality": 0.15},
}

# Victims: citizenship. Hungary and the United Kingdom follow the seed exactly
# (all 9 Hungarian interviewees Hungarian nationals; 4 of the 6 in the UK EU citizens);
# elsewhere mostly third-country nationals with some EU citizens.
CITIZENSHIP_QUOTA: dict[str, dict[str, int]] = {
    "HU": {"national": 9},
    "GB": {"eu": 4, "third_country": 2},
}
CITIZENSHIP_WEIGHTS: dict[str, dict[str, float]] = {
    "BE": {"third_country": 0.80, "eu": 0.20},
    "FR": {"third_country": 0.85, "eu": 0.15},
    "IT": {"third_country": 0.80, "eu": 0.20},
}

# Victims: age (mean, standard deviation), clipped to 18..60.
VICTIM_AGE: dict[str, tuple[float, float]] = {
    "BE": (32, 8), "FR": (29, 7), "HU": (27, 7), "IT": (29, 6), "GB": (33, 9),
}
VICTIM_AGE_RANGE = (18, 60)
# Italy: the report singles out older women; about a third of the Italian women are 40 or over.
ITALY_OLDER_WOMEN_SHARE = 0.35
OLDER_WOMAN_AGE = 40

# Policymakers and service providers.
STAFF_GENDER = {"female": 0.58, "male": 0.40, "prefer_not_to_say": 0.02}
STAFF_AGE = (45, 9)
STAFF_AGE_RANGE = (26, 64)


@dataclass(frozen=True)
class Respondent:
    """One synthetic interviewee, before the interview is filled in."""

    instrument_id: str
    country: str
    language: str
    number: int  # 1, 2, ... within instrument and country
    outlook: float  # latent satisfaction, about N(0, 1): correlates a person's scales
    fixed: Mapping[str, Any] = field(default_factory=dict)  # answers settled up front
    tags: frozenset[str] = frozenset()


def citizenship_plan(country: str, count: int, rng: random.Random) -> list[str]:
    """The citizenship of each victim interviewed in a country, in interview order."""
    quota = CITIZENSHIP_QUOTA.get(country)
    if quota and sum(quota.values()) == count:
        plan = [value for value, n in quota.items() for _ in range(n)]
        rng.shuffle(plan)
        return plan
    weights = CITIZENSHIP_WEIGHTS.get(country, {"third_country": 0.8, "eu": 0.2})
    return [weighted_choice(weights, rng) for _ in range(count)]


def exploitation_weights(country: str, gender: str) -> dict[str, float]:
    weights = dict(EXPLOITATION[country])
    if gender == "male":
        weights["sexual"] = weights.get("sexual", 0) * 0.15
        weights["labour"] = weights.get("labour", 0) * 2.0
    return weights


def victim_tags(country: str, gender: str, age: int, citizenship: str, rng: random.Random) -> frozenset[str]:
    tags = set()
    if country == "BE":
        tags.add("staff_available")
    if country == "FR" and citizenship == "third_country":
        tags.add("status_worry")
    if country == "IT" and gender == "male":
        tags.add("work_focus")
    if country == "IT" and gender == "female" and age >= OLDER_WOMAN_AGE:
        tags.add("shelter_critic")
    if country == "HU":
        tags.add("family")
    if country == "GB" and rng.random() < 0.7:
        tags.add("safe_housing")
    return frozenset(tags)


def draw_victim(country: str, language: str, number: int, citizenship: str, rng: random.Random) -> Respondent:
    gender = weighted_choice(VICTIM_GENDER[country], rng)
    if country == "IT" and gender == "female" and rng.random() < ITALY_OLDER_WOMEN_SHARE:
        age = rng.randint(OLDER_WOMAN_AGE, 58)
    else:
        mean, sd = VICTIM_AGE[country]
        age = clipped_normal_int(mean, sd, *VICTIM_AGE_RANGE, rng)
    fixed = {
        "f_location": "origin" if citizenship == "national" else "abroad",
        "sd_gender": gender,
        "sd_age": age,
        "sd_citizenship": citizenship,
        "sd_exploitation": weighted_choice(exploitation_weights(country, gender), rng),
    }
    return Respondent(
        instrument_id="victim",
        country=country,
        language=language,
        number=number,
        outlook=rng.gauss(0, 1),
        fixed=fixed,
        tags=victim_tags(country, gender, age, citizenship, rng),
    )


def draw_staff(instrument_id: str, country: str, language: str, number: int, rng: random.Random) -> Respondent:
    """A policymaker or a service provider."""
    fixed = {
        "sd_gender": weighted_choice(STAFF_GENDER, rng),
        "sd_age": clipped_normal_int(*STAFF_AGE, *STAFF_AGE_RANGE, rng),
    }
    return Respondent(
        instrument_id=instrument_id,
        country=country,
        language=language,
        number=number,
        outlook=rng.gauss(0, 1),
        fixed=fixed,
        tags=frozenset({"origin_country"}) if country == "HU" else frozenset(),
    )
