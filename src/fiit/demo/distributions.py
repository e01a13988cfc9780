"""How synthetic answers are distributed, per instrument, question and country.

Only the answers that matter for analysis get a table here; any other question
is answered uniformly over the options offered in the country. The tables lean
on what the FIIT report says of each country: Belgian victims praise personal
treatment and follow-up; French victims worry about their status and are less
satisfied overall; Hungarian victims are returned nationals whom the safety net
often fails after the first weeks; Italian men focus on work; Belgium and Italy
have a standard integration programme, the other three do not.
"""

from __future__ import annotations

import random
from typing import Any, Mapping

from fiit.demo.respondents import Respondent
from fiit.demo.sampling import clipped_normal_int

DEFAULT_SCALE_MEAN = 6.0
COUNTRY_EFFECT_SD = 0.8  # spread of the countries' means around DEFAULT_SCALE_MEAN
COUNTRY_EFFECT_SEED = "20130601:country-effects"  # fixed: the same demo every time


def drawn_scale_means(seed: str = COUNTRY_EFFECT_SEED) -> dict[str, dict[str, float]]:
    """Each country's mean of each satisfaction scale, drawn at random from a fixed seed.

    Not tuned to the FIIT report's narrative: a demo that "confirmed" the study's findings would look like
    evidence. Whatever differences between countries the demo shows are chance, and the report says so.
    """
    from fiit.instruments import get_instrument
    from fiit.vocabulary import vocabulary

    scales = [q.scale_id for q in get_instrument("victim").questions() if q.scale_id]
    rng = random.Random(seed)
    return {country: {scale: round(DEFAULT_SCALE_MEAN + rng.gauss(0.0, COUNTRY_EFFECT_SD), 1) for scale in scales}
            for country in vocabulary().country_codes}


# Mean of each FIIT satisfaction scale (1-10) for victims, per country: drawn, not chosen.
SCALE_MEANS: dict[str, dict[str, float]] = drawn_scale_means()
SCALE_NOISE_SD = 1.3  # person-and-item noise
OUTLOOK_WEIGHT = 1.0  # how much one person's scales move together

# Per-question choice weights: instrument -> question -> {"*": weights, country: weights}.
# Options not listed get no weight; a question not listed is answered uniformly.
CHOICE_WEIGHTS: dict[str, dict[str, dict[str, dict[str, float]]]] = {
    "victim": {
        "d1": {"*": {"yes": 0.72, "no": 0.28}, "BE": {"yes": 0.92, "no": 0.08},
               "HU": {"yes": 0.40, "no": 0.60}, "GB": {"yes": 0.62, "no": 0.38}},
        "e1": {"*": {"yes": 0.40, "no": 0.38, "not_applicable": 0.22}},
        "e2": {"*": {"yes": 0.45, "no": 0.55}, "FR": {"yes": 0.30, "no": 0.70},
               "IT": {"yes": 0.35, "no": 0.65}},
        "f1": {"*": {"yes": 0.28, "no": 0.72}, "GB": {"yes": 0.45, "no": 0.55}},
        "f2": {"*": {"yes": 0.50, "no": 0.50}},
        "f5": {"*": {"yes": 0.45, "no": 0.55}},
        "f6": {"*": {"yes": 0.55, "no": 0.45}},
        "sd_exploitation_period": {"*": {"months_0_6": 0.18, "months_6_12": 0.20, "years_1_2": 0.26,
                                         "years_2_5": 0.21, "years_5_plus": 0.08, "prefer_not_to_say": 0.07}},
        "sd_education": {"*": {"none": 0.07, "primary": 0.28, "secondary": 0.36, "vocational": 0.13,
                               "tertiary": 0.09, "prefer_not_to_say": 0.07}},
        "sd_occupation": {"*": {"employed": 0.24, "self_employed": 0.03, "training": 0.22,
                                "job_seeking": 0.26, "not_working": 0.20, "other": 0.05},
                          "HU": {"employed": 0.22, "self_employed": 0.04, "training": 0.14,
                                 "job_seeking": 0.30, "not_working": 0.26, "other": 0.04}},
    },
    "policymaker": {
        "q8": {"*": {"yes": 0.70, "partly": 0.20, "no": 0.03, "dont_know": 0.07},
               "HU": {"yes": 0.35, "partly": 0.35, "no": 0.05, "dont_know": 0.25}},
        "q13": {"*": {"yes": 0.15, "partly": 0.45, "no": 0.35, "dont_know": 0.05}},
        "q14": {"*": {"sufficient": 0.30, "more_needed": 0.60, "dont_know": 0.10}},
        "q16": {"*": {"yes": 0.15, "partly": 0.35, "no": 0.30, "dont_know": 0.20}},
        "q20": {"*": {"yes": 0.10, "partly": 0.35, "no": 0.35, "dont_know": 0.20}},
        "q21": {"*": {"sufficient": 0.25, "more_needed": 0.60, "dont_know": 0.15}},
        "q23": {"*": {"yes": 0.10, "partly": 0.35, "no": 0.30, "dont_know": 0.25}},
        "q24": {"*": {"yes": 0.15, "partly": 0.45, "no": 0.25, "dont_know": 0.15}},
        "q25": {"*": {"yes": 0.15, "no": 0.75, "dont_know": 0.10},
                "BE": {"yes": 0.85, "no": 0.10, "dont_know": 0.05},
                "IT": {"yes": 0.85, "no": 0.10, "dont_know": 0.05}},
        "q26": {"*": {"yes": 0.60, "no": 0.15, "dont_know": 0.25}, "HU": {"yes": 0.75, "no": 0.20, "dont_know": 0.05}},
        "sd_education": {"*": {"secondary": 0.03, "vocational": 0.04, "bachelor": 0.20, "master": 0.58,
                               "doctorate": 0.12, "other": 0.03}},
    },
    "service_provider": {
        "q6": {"*": {"yes": 0.25, "partly": 0.50, "no": 0.18, "dont_know": 0.07},
               "BE": {"yes": 0.60, "partly": 0.35, "no": 0.05},
               "IT": {"yes": 0.45, "partly": 0.45, "no": 0.10},
               "HU": {"yes": 0.05, "partly": 0.45, "no": 0.45, "dont_know": 0.05}},
        "q7": {"*": {"yes": 0.50, "partly": 0.42, "no": 0.05, "dont_know": 0.03}},
        "q8": {"*": {"yes": 0.08, "partly": 0.40, "no": 0.50, "dont_know": 0.02}},
        "q9": {"*": {"yes": 0.15, "no": 0.75, "dont_know": 0.10},
               "BE": {"yes": 0.90, "no": 0.10}, "IT": {"yes": 0.85, "no": 0.15}},
        "q14": {"*": {"yes": 0.85, "no": 0.08, "dont_know": 0.07}},
        "q15": {"*": {"yes": 0.75, "no": 0.15, "dont_know": 0.10}},
        "q16": {"*": {"yes": 0.45, "no": 0.35, "dont_know": 0.20}},
        "sd_education": {"*": {"secondary": 0.05, "vocational": 0.12, "bachelor": 0.35, "master": 0.40,
                               "doctorate": 0.03, "other": 0.05}},
    },
}

# Per-question chance of ticking each option of a multiple-choice question;
# options not listed get DEFAULT_TICK.
DEFAULT_TICK = 0.3
VICTIM_SERVICES = {
    "housing": 0.80, "vocational_training": 0.45, "job_placement": 0.30, "legal_advice": 0.70,
    "health_care": 0.75, "language_courses": 0.60, "psychosocial_support": 0.65, "helpline": 0.35,
    "assisted_voluntary_return": 0.15,
}
PROVIDER_SERVICES = {
    "housing": 0.90, "vocational_training": 0.80, "job_placement": 0.70, "legal_advice": 0.90,
    "health_care": 0.90, "language_courses": 0.80, "psychosocial_support": 0.85, "helpline": 0.75,
    "assisted_voluntary_return": 0.75,
}
# A service offered everywhere but found by the FIIT report only in some countries (an option's
# available_in) is ticked this much less often elsewhere.
UNREPORTED_SERVICE_FACTOR = 0.1
# Service providers' sense of what matters most, for the ranking of services.
SERVICE_IMPORTANCE = {
    "housing": 10.0, "legal_advice": 7.0, "psychosocial_support": 7.0, "health_care": 4.0,
    "job_placement": 4.0, "vocational_training": 2.5, "language_courses": 2.0, "helpline": 1.0,
    "assisted_voluntary_return": 1.0,
}
# How many of the ticked services a provider ranks (when there are that many).
RANKED_FEWEST = 3
RANKED_MOST = 6
# The fewest ticks a multiple-choice question gets (a ranking needs something to rank).
MIN_TICKS = {("service_provider", "q11"): 3}

# Share of optional questions left unanswered, by question type.
SKIP_RATE = {"text": 0.16, "single_choice": 0.06, "multiple_choice": 0.05, "ranking": 0.10,
             "integer": 0.08, "date": 0.10, "scale": 0.05}
# Names, organisations and positions: most staff give them.
SKIP_RATE_IDENTIFYING = 0.05


def skip_rate(question_type: str, identifying: bool) -> float:
    """The chance an optional question of this kind is left unanswered."""
    return SKIP_RATE_IDENTIFYING if identifying else SKIP_RATE.get(question_type, 0.1)


def choice_weights(instrument_id: str, question_id: str, country: str) -> Mapping[str, float] | None:
    table = CHOICE_WEIGHTS.get(instrument_id, {}).get(question_id)
    if table is None:
        return None
    return table.get(country, table["*"])


def tick_probabilities(instrument_id: str, question_id: str, respondent: Respondent) -> dict[str, float]:
    """Chance of ticking each service (victims' services used, providers' services available)."""
    if (instrument_id, question_id) == ("service_provider", "q11"):
        probs = dict(PROVIDER_SERVICES)
        if respondent.country == "HU":
            probs["language_courses"] = 0.15  # Hungary's victims are its own nationals
        return probs
    if (instrument_id, question_id) != ("victim", "b2"):
        return {}
    probs = dict(VICTIM_SERVICES)
    country, tags = respondent.country, respondent.tags
    if country == "HU":
        probs.update(language_courses=0.0, housing=0.55, legal_advice=0.45, helpline=0.50)
    if country == "GB":
        probs.update(language_courses=0.35, job_placement=0.40, housing=0.90)
    if "work_focus" in tags:
        probs.update(job_placement=0.75, vocational_training=0.65, psychosocial_support=0.35)
    elif country == "IT" and respondent.fixed.get("sd_gender") == "female":
        # Italian women made the most of the services offered to them.
        probs = {k: min(0.95, p + 0.12) for k, p in probs.items()}
    return probs


def scale_value(scale_id: str | None, respondent: Respondent, answers: Mapping[str, Any],
                rng: random.Random, low: int = 1, high: int = 10) -> int:
    """A 1-10 satisfaction score: country mean, the person's outlook, noise; rounded and clipped."""
    mean = SCALE_MEANS.get(respondent.country, {}).get(scale_id or "", DEFAULT_SCALE_MEAN)
    tags = respondent.tags
    if scale_id == "services_used" and "shelter_critic" in tags:
        mean -= 2.0
    if scale_id == "follow_up" and answers.get("d1") == "no":
        mean -= 1.5
    if scale_id == "professional_aspects":
        mean += {"yes": 0.8, "no": -0.8}.get(answers.get("e2"), 0.0)
        if "work_focus" in tags:
            mean -= 0.5
    if scale_id == "overall_integration" and "status_worry" in tags:
        mean -= 0.6
    mean += OUTLOOK_WEIGHT * respondent.outlook
    return clipped_normal_int(mean, SCALE_NOISE_SD, low, high, rng)


def tone(respondent: Respondent) -> str:
    """'+', '-' or '' for the mood of a victim's open answers, from the same outlook as the scales."""
    base = SCALE_MEANS.get(respondent.country, {}).get("overall_integration", DEFAULT_SCALE_MEAN)
    level = base + OUTLOOK_WEIGHT * respondent.outlook
    if level >= 6.5:
        return "+"
    if level <= 4.5:
        return "-"
    return ""


def staff_years_with_organisation(age: int, low: int, high: int, rng: random.Random) -> int:
    """Years with the organisation: mostly a few, never more than the working life so far."""
    ceiling = max(low, min(high, age - 22))
    return max(low, min(ceiling, round(abs(rng.gauss(0, 8)))))
