"""Identifying answers of synthetic staff: names, organisations and positions.

Every value contains the word "Synthetic" and a country-number label, so none
can be taken for a real person or organisation.
"""

from __future__ import annotations

import random

from fiit.demo.design import SYNTHETIC_NAME_WORD
from fiit.demo.phrases import ORGANISATION_KINDS, ORGANISATION_TASKS, POSITIONS, PROFESSIONS
from fiit.demo.respondents import Respondent

ROLE_NAMES = {"policymaker": "Policymaker", "service_provider": "Provider", "victim": "Respondent"}


def identifying_answer(question_id: str, respondent: Respondent, rng: random.Random) -> str:
    """The synthetic value of an identifying field."""
    word = SYNTHETIC_NAME_WORD
    label = f"{respondent.country}-{respondent.number}"
    lang = respondent.language
    role = ROLE_NAMES.get(respondent.instrument_id, "Respondent")
    if question_id in ("sd_name", "sd_first_name"):
        return f"{word} {role} {label}"
    if question_id == "sd_surname":
        return f"{word} Surname {label}"
    if question_id == "sd_organisation":
        return f"{word} {rng.choice(ORGANISATION_KINDS)} {label}"
    if question_id == "sd_organisation_task":
        return f"{word} organisation task: {rng.choice(ORGANISATION_TASKS)[lang]}"
    if question_id == "sd_position":
        return f"{word} position: {rng.choice(POSITIONS)[lang]}"
    if question_id == "sd_profession":
        return f"{word} profession: {rng.choice(PROFESSIONS)[lang]}"
    return f"{word} {question_id} {label}"
