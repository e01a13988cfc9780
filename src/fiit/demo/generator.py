"""The synthetic FIIT demo study: 112 interviews in five countries, all made up.

``generate_demo_study()`` returns the same study for the same seed: as many
interviews per instrument and country as the FIIT study held (see
:mod:`fiit.demo.design`), each filled in for a synthetic respondent, in the
interview language, with consent recorded, and checked against its instrument.
Nothing in it comes from a real person: open answers start with
``[synthetic]``, names and organisations contain "Synthetic", and respondent
codes are random.

Standard library only; all randomness comes from ``random.Random`` objects
seeded from ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from fiit.demo.answering import answer_interview
from fiit.demo.design import (
    CONSENT_TEXT_VERSION,
    COUNTRIES,
    FIELDWORK_END,
    FIELDWORK_START,
    INSTRUMENT_IDS,
    INTERVIEW_COUNTS,
    INTERVIEW_LANGUAGE,
    STUDY_NAME,
    VICTIM_CURRENT_FROM,
    VICTIM_EARLIER_VERSION,
    interviewer_username,
)
from fiit.demo.respondents import Respondent, citizenship_plan, draw_staff, draw_victim
from fiit.instruments import Instrument, get_instrument, get_instrument_version, validate_answers

DEMO_SEED = 20130601

# Respondent codes: "R-" and six characters, without look-alikes (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

# Shares of respondents agreeing to be quoted and to be contacted again.
QUOTES_SHARE = 0.75
FOLLOW_UP_SHARE = {"victim": 0.35, "service_provider": 0.65, "policymaker": 0.55}


class DemoGenerationError(RuntimeError):
    """The generator produced an interview its instrument rejects (a bug in fiit.demo)."""


@dataclass(frozen=True)
class DemoInterviewer:
    username: str
    country: str
    language: str


@dataclass(frozen=True)
class DemoInterview:
    instrument_id: str
    country: str  # ISO 3166 alpha-2
    language: str  # language the interview was held in
    respondent_code: str
    interview_date: dt.date
    interviewer: str  # username
    consent: dict[str, Any] = field(hash=False)
    answers: dict[str, Any] = field(hash=False)
    synthetic: bool = True
    instrument_version: str = ""  # the version asked (the current one unless the interview predates it)


@dataclass(frozen=True)
class DemoStudy:
    name: str
    seed: int
    interviews: tuple[DemoInterview, ...]
    interviewers: tuple[DemoInterviewer, ...]
    synthetic: bool = True

    def interviews_for(self, instrument_id: str, country: str | None = None) -> list[DemoInterview]:
        return [
            i for i in self.interviews
            if i.instrument_id == instrument_id and (country is None or i.country == country)
        ]

    def counts(self) -> dict[str, dict[str, int]]:
        """instrument id -> country -> number of interviews."""
        out: dict[str, dict[str, int]] = {}
        for i in self.interviews:
            per_country = out.setdefault(i.instrument_id, {})
            per_country[i.country] = per_country.get(i.country, 0) + 1
        return out


def generate_demo_study(seed: int = DEMO_SEED) -> DemoStudy:
    """The synthetic demo study for ``seed`` (the same seed, the same study)."""
    master = random.Random(seed)
    codes = RespondentCodes(master)
    interviewers = tuple(
        DemoInterviewer(interviewer_username(c), c, INTERVIEW_LANGUAGE[c]) for c in COUNTRIES
    )
    interviews: list[DemoInterview] = []
    for instrument_id in INSTRUMENT_IDS:
        instrument = get_instrument(instrument_id)
        for country in COUNTRIES:
            count = INTERVIEW_COUNTS[instrument_id][country]
            citizenships = citizenship_plan(country, count, master) if instrument_id == "victim" else []
            for number in range(1, count + 1):
                rng = random.Random(f"{seed}:{instrument_id}:{country}:{number}")
                language = INTERVIEW_LANGUAGE[country]
                if instrument_id == "victim":
                    respondent = draw_victim(country, language, number, citizenships[number - 1], rng)
                else:
                    respondent = draw_staff(instrument_id, country, language, number, rng)
                interviews.append(make_interview(instrument, respondent, codes.next(), rng))
    return DemoStudy(name=STUDY_NAME, seed=seed, interviews=tuple(interviews), interviewers=interviewers)


def make_interview(instrument: Instrument, respondent: Respondent, code: str, rng: random.Random) -> DemoInterview:
    interviewer = interviewer_username(respondent.country)
    day = fieldwork_day(rng)
    if instrument.id == "victim" and day < VICTIM_CURRENT_FROM:
        instrument = get_instrument_version("victim", VICTIM_EARLIER_VERSION)
    answers = answer_interview(instrument, respondent, rng, day)
    check_answers(instrument, respondent.country, code, answers)
    return DemoInterview(
        instrument_id=instrument.id,
        country=respondent.country,
        language=respondent.language,
        respondent_code=code,
        interview_date=day,
        interviewer=interviewer,
        consent=consent_record(instrument.id, day, interviewer, rng),
        answers=answers,
        instrument_version=instrument.version,
    )


def check_answers(instrument: Instrument, country: str, code: str, answers: dict[str, Any]) -> None:
    report = validate_answers(instrument, answers, country=country)
    if not report.valid:
        problems = "; ".join(str(p) for p in report.errors)
        raise DemoGenerationError(
            f"The generated {instrument.id} interview {code} ({country}) does not pass its instrument: {problems}"
        )


def fieldwork_day(rng: random.Random) -> dt.date:
    """A working day in the FIIT fieldwork window."""
    span = (FIELDWORK_END - FIELDWORK_START).days
    while True:
        day = FIELDWORK_START + dt.timedelta(days=rng.randint(0, span))
        if day.weekday() < 5:
            return day


def consent_record(instrument_id: str, day: dt.date, interviewer: str, rng: random.Random) -> dict[str, Any]:
    """Informed consent as recorded by the interviewer before the interview began."""
    at = dt.datetime.combine(day, dt.time(hour=rng.randint(9, 16), minute=rng.choice(range(0, 60, 5))))
    return {
        "text_version": CONSENT_TEXT_VERSION,
        "research_use": True,
        "quotes": rng.random() < QUOTES_SHARE,
        "follow_up": rng.random() < FOLLOW_UP_SHARE.get(instrument_id, 0.5),
        "recorded_by": interviewer,
        "recorded_at": at.isoformat(),
    }


class RespondentCodes:
    """Unique random respondent codes such as ``R-7K3Q9D``; they carry no information."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.issued: set[str] = set()

    def next(self) -> str:
        while True:
            code = "R-" + "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.issued:
                self.issued.add(code)
                return code
