"""Synthetic answers to the victim instrument's 1.2.0 questions on status and time.

A synthetic victim's residence status follows their citizenship (a national is a
citizen here, an EU citizen lives here under free movement, a third-country
national holds one of the permits or none), the route follows the status, the
year of identification falls a few years before the interview, and the years of
exploitation end about when the person was identified and last as long as the
answer on its duration says. The shares are ours, drawn at random, not taken
from the FIIT report (which did not ask these questions); they only make the
demo's status chapter and its checks consistent.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, Mapping

from fiit.demo.sampling import weighted_choice

# Third-country nationals' residence status, per country ("*": elsewhere).
THIRD_COUNTRY_STATUS: dict[str, dict[str, float]] = {
    "*": {"victim_permit": 0.40, "international_protection": 0.15, "humanitarian": 0.12, "long_term": 0.08,
          "none": 0.15, "dont_know": 0.10},
    "IT": {"victim_permit": 0.55, "international_protection": 0.15, "humanitarian": 0.10, "long_term": 0.05,
           "none": 0.10, "dont_know": 0.05},
    "GB": {"victim_permit": 0.25, "international_protection": 0.30, "humanitarian": 0.20, "long_term": 0.05,
           "none": 0.10, "dont_know": 0.10},
}
EU_CITIZEN_STATUS = {"eu_citizen": 0.85, "victim_permit": 0.10, "dont_know": 0.05}
ROUTE_OF_STATUS: dict[str, dict[str, float]] = {
    "victim_permit": {"victim_procedure": 1.0},
    "international_protection": {"asylum_procedure": 0.9, "dont_know": 0.1},
    "humanitarian": {"humanitarian_procedure": 0.8, "victim_procedure": 0.1, "other": 0.1},
    "long_term": {"victim_procedure": 0.5, "other_permit": 0.3, "asylum_procedure": 0.2},
    "eu_citizen": {"free_movement": 0.95, "dont_know": 0.05},
}
# Years between identification and the interview (0 = the same year).
YEARS_SINCE_IDENTIFICATION = {0: 0.20, 1: 0.30, 2: 0.22, 3: 0.14, 4: 0.08, 5: 0.04, 6: 0.02}
# Whole years the exploitation lasted, by the answer to sd_exploitation_period.
YEARS_OF_EXPLOITATION = {"months_0_6": (0, 0), "months_6_12": (0, 1), "years_1_2": (1, 2), "years_2_5": (2, 5),
                         "years_5_plus": (5, 9)}
# Chance that a victim names another form of exploitation besides the main one.
SECOND_FORM_SHARE = 0.3

QUESTIONS = ("residence_status", "status_route", "identification_year", "sd_exploitation_forms",
             "sd_exploitation_from", "sd_exploitation_to")


def status_answer(question_id: str, country: str, citizenship: str | None, answers: Mapping[str, Any],
                  fixed: Mapping[str, Any], interview_year: int, offered: list[str], rng: random.Random) -> Any:
    """The answer to one of :data:`QUESTIONS`, consistent with the answers so far (None: left empty)."""
    if question_id == "residence_status":
        if citizenship == "national":
            return "national"
        table = EU_CITIZEN_STATUS if citizenship == "eu" else THIRD_COUNTRY_STATUS.get(country,
                                                                                   THIRD_COUNTRY_STATUS["*"])
        return weighted_choice({k: w for k, w in table.items() if k in offered}, rng)
    if question_id == "status_route":
        table = ROUTE_OF_STATUS.get(answers.get("residence_status"), {"other": 1.0})
        return weighted_choice({k: w for k, w in table.items() if k in offered}, rng)
    if question_id == "identification_year":
        return interview_year - int(weighted_choice({str(k): w for k, w in YEARS_SINCE_IDENTIFICATION.items()},
                                                    rng))
    if question_id == "sd_exploitation_forms":
        main = answers.get("sd_exploitation") or fixed.get("sd_exploitation")
        forms = {main} if main in offered else set()
        if rng.random() < SECOND_FORM_SHARE or not forms:
            forms.add(rng.choice([f for f in offered if f not in forms and f != "other"]))
        return [f for f in offered if f in forms]
    identified = answers.get("identification_year") or interview_year - 1
    if question_id == "sd_exploitation_to":
        start = answers.get("sd_exploitation_from")
        low, high = YEARS_OF_EXPLOITATION.get(answers.get("sd_exploitation_period"), (0, 3))
        return min(identified, start + rng.randint(low, high)) if start is not None else None
    if question_id == "sd_exploitation_from":
        low, high = YEARS_OF_EXPLOITATION.get(answers.get("sd_exploitation_period"), (0, 3))
        return identified - rng.randint(low, high)
    raise KeyError(question_id)


def interview_year(day: dt.date | None) -> int:
    from fiit.demo.design import FIELDWORK_START

    return (day or FIELDWORK_START).year
