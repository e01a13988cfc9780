"""Fill in one interview for a synthetic respondent, walking the instrument.

The walk is generic: it asks each question the instrument asks given the
answers so far (:func:`fiit.instruments.relevant_questions`), offers only the
options offered in the interview's country, leaves some optional questions
unanswered, and draws each answer from the per-question tables in
:mod:`fiit.demo.distributions` or, where there is none, uniformly.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from fiit.demo import distributions as dist
from fiit.demo import phrases
from fiit.demo import status
from fiit.demo.design import FIELDWORK_END, FIELDWORK_START, SYNTHETIC_MARKER
from fiit.demo.identities import identifying_answer
from fiit.demo.respondents import Respondent
from fiit.demo.sampling import weighted_choice, weighted_order
from fiit.instruments import Instrument, Question, relevant_questions


def answer_interview(instrument: Instrument, respondent: Respondent, rng: random.Random,
                     day: dt.date | None = None) -> dict[str, Any]:
    """The answers of one synthetic interview (question id -> value), held on ``day``."""
    answers: dict[str, Any] = {}
    for question in instrument.questions():
        if question.id not in relevant_questions(instrument, answers):
            continue
        if not question.required and rng.random() < dist.skip_rate(question.type, question.identifying):
            continue
        value = QuestionAnswerer(instrument.id, respondent, answers, rng, day).answer(question)
        if value is not None:
            answers[question.id] = value
    return answers


class QuestionAnswerer:
    """Draws the answer to one question, given the respondent and the answers so far."""

    def __init__(self, instrument_id: str, respondent: Respondent, answers: dict[str, Any], rng: random.Random,
                 day: dt.date | None = None):
        self.instrument_id = instrument_id
        self.respondent = respondent
        self.answers = answers
        self.rng = rng
        self.day = day

    def answer(self, question: Question) -> Any:
        fixed = self.respondent.fixed.get(question.id)
        if fixed is not None:
            return fixed
        if self.instrument_id == "victim" and question.id in status.QUESTIONS:
            fixed_answers = self.respondent.fixed
            return status.status_answer(question.id, self.respondent.country, fixed_answers.get("sd_citizenship"),
                                        self.answers, fixed_answers, status.interview_year(self.day),
                                        question.option_values(self.respondent.country), self.rng)
        handler = getattr(self, f"answer_{question.type}")
        return handler(question)

    def answer_scale(self, question: Question) -> int:
        low = question.min if question.min is not None else 1
        high = question.max if question.max is not None else 10
        return dist.scale_value(question.scale_id, self.respondent, self.answers, self.rng, low, high)

    def answer_single_choice(self, question: Question) -> str | None:
        offered = question.option_values(self.respondent.country)
        if not offered:
            return None
        table = dist.choice_weights(self.instrument_id, question.id, self.respondent.country)
        weights = {v: (table.get(v, 0.0) if table is not None else 1.0) for v in offered}
        if not any(w > 0 for w in weights.values()):
            weights = {v: 1.0 for v in offered}
        return weighted_choice(weights, self.rng)

    def answer_multiple_choice(self, question: Question) -> list[str] | None:
        offered = question.option_values(self.respondent.country)
        if not offered:
            return None
        probs = dist.tick_probabilities(self.instrument_id, question.id, self.respondent)
        for option in question.options:
            # offered everywhere, but known to exist only where the FIIT report found it: rarely ticked elsewhere
            if option.available_in and self.respondent.country not in option.available_in:
                probs[option.value] = probs.get(option.value, dist.DEFAULT_TICK) * dist.UNREPORTED_SERVICE_FACTOR
        ticked = [v for v in offered if self.rng.random() < probs.get(v, dist.DEFAULT_TICK)]
        fewest = min(len(offered), dist.MIN_TICKS.get((self.instrument_id, question.id), 1))
        while len(ticked) < fewest:
            missing = [v for v in offered if v not in ticked]
            ticked.append(weighted_order(missing, probs, self.rng)[0])
        return [v for v in offered if v in ticked]  # in the instrument's order

    def answer_ranking(self, question: Question) -> list[str] | None:
        offered = question.option_values(self.respondent.country)
        if question.choices_from:
            picked = self.answers.get(question.choices_from) or []
            offered = [v for v in offered if v in picked]
        if len(offered) < max(1, question.min_ranked):
            return None
        order = weighted_order(offered, dist.SERVICE_IMPORTANCE, self.rng)
        fewest = min(len(order), max(question.min_ranked, dist.RANKED_FEWEST))
        most = max(fewest, min(len(order), dist.RANKED_MOST))
        return order[: self.rng.randint(fewest, most)]

    def answer_integer(self, question: Question) -> int:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 10
        if question.id == "sd_years_with_organisation":
            age = self.answers.get("sd_age") or self.respondent.fixed.get("sd_age") or 40
            return dist.staff_years_with_organisation(age, low, high, self.rng)
        return self.rng.randint(low, high)

    def answer_date(self, question: Question) -> str:
        low = question.min or FIELDWORK_START
        high = question.max or FIELDWORK_END
        return (low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))).isoformat()

    def answer_text(self, question: Question) -> str:
        if question.identifying:
            return identifying_answer(question.id, self.respondent, self.rng)
        text = phrases.open_answer(
            self.instrument_id,
            question.id,
            self.respondent.language,
            tags=self.respondent.tags,
            tone=dist.tone(self.respondent) if self.instrument_id == "victim" else "",
            gender=self.respondent.fixed.get("sd_gender"),
            rng=self.rng,
        )
        return SYNTHETIC_MARKER + text
