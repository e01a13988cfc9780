"""Open answers for the synthetic demo study, in the five interview languages.

Each bank maps a key to a list of phrases; a phrase holds the same answer in
en, nl, fr, it and hu (the Hungarian one is often adapted: in the FIIT study
Hungary's victims were nationals back in their country of origin). Keys:

* ``"a1"``: any respondent;
* ``"a1+"`` / ``"a1-"``: a respondent whose outlook is good / poor;
* ``"a1#family"``: a respondent with that tag (see :mod:`fiit.demo.respondents`).

Where French or Italian agree with the speaker's gender, a text writes both
forms as ``[[masculine|feminine]]``; :func:`open_answer` keeps the feminine one
for women and the masculine one otherwise.

The texts are written for fiit: short, plausible, non-graphic, naming no person
and no place below country level. The generator adds the ``[synthetic]`` marker.
"""

from __future__ import annotations

import random
import re
from typing import Iterable, Mapping

from fiit.demo.phrases.policymaker import POLICYMAKER, POSITIONS
from fiit.demo.phrases.service_provider import ORGANISATION_KINDS, ORGANISATION_TASKS, PROFESSIONS, SERVICE_PROVIDER
from fiit.demo.phrases.victim import VICTIM
from fiit.demo.phrases.common import GENERIC, LANGUAGES, WHY, WHY_SUFFIX, Phrase

BANKS: dict[str, Mapping[str, list[Phrase]]] = {
    # the "why" boxes after the closed questions share one bank of reasons (common.WHY)
    "policymaker": {**POLICYMAKER, **{f"{q}{WHY_SUFFIX}": WHY for q in (
        "q8", "q13", "q14", "q16", "q20", "q21", "q23", "q24", "q25", "q26")}},
    "service_provider": {**SERVICE_PROVIDER, **{f"{q}{WHY_SUFFIX}": WHY for q in (
        "q6", "q7", "q8", "q9", "q14", "q15", "q16")}},
    "victim": VICTIM,
}

# How often a respondent with a matching tag gets a tagged answer, and a
# respondent with a marked outlook an answer in that tone.
TAGGED_SHARE = 0.8
TONED_SHARE = 0.7

GENDERED = re.compile(r"\[\[([^|\]]*)\|([^\]]*)\]\]")

__all__ = [
    "BANKS",
    "GENERIC",
    "LANGUAGES",
    "ORGANISATION_KINDS",
    "ORGANISATION_TASKS",
    "POSITIONS",
    "PROFESSIONS",
    "Phrase",
    "has_phrases",
    "inflect",
    "open_answer",
]


def has_phrases(instrument_id: str, question_id: str) -> bool:
    """Does the bank hold answers written for this question?"""
    bank = BANKS.get(instrument_id, {})
    return any(key == question_id or key.startswith((question_id + "+", question_id + "-", question_id + "#"))
               for key in bank)


def candidates(instrument_id: str, question_id: str, tags: Iterable[str], tone: str,
               rng: random.Random) -> list[Phrase]:
    bank = BANKS.get(instrument_id, {})
    tagged = [p for tag in sorted(tags) for p in bank.get(f"{question_id}#{tag}", [])]
    if tagged and rng.random() < TAGGED_SHARE:
        return tagged
    toned = bank.get(f"{question_id}{tone}", []) if tone else []
    if toned and rng.random() < TONED_SHARE:
        return toned
    general = bank.get(question_id, [])
    if general:
        return general
    any_tone = bank.get(f"{question_id}+", []) + bank.get(f"{question_id}-", [])
    return any_tone or GENERIC


def inflect(text: str, gender: str | None) -> str:
    """Resolve ``[[masculine|feminine]]`` for a speaker of this gender."""
    index = 2 if gender == "female" else 1
    return GENDERED.sub(lambda m: m.group(index), text)


def open_answer(instrument_id: str, question_id: str, language: str, *, tags: Iterable[str] = (),
                tone: str = "", gender: str | None = None, rng: random.Random) -> str:
    """One answer text in ``language`` (without the synthetic marker)."""
    phrase = rng.choice(candidates(instrument_id, question_id, tags, tone, rng))
    return inflect(phrase[language], gender)
