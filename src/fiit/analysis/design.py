"""The study design the statistics need, passed in rather than looked up inside them.

:class:`StudyDesign` says which victim questions are scales (and their scale
ids), which of them every victim must answer, which service-provider question
is the ranking, the services in questionnaire order and the services offered
in each country. :func:`design_from_instruments` reads it off the instrument
objects the caller already holds (the database layer, the report builder or
the CLI); nothing in the analysis asks for an instrument by id.

:func:`default_design` is the one convenience that loads the shipped
instruments, for callers (tests, the notebook) that have none at hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

RANKING_QUESTION = "q12"


@dataclass(frozen=True)
class StudyDesign:
    #: victim question id -> scale id, in interview order
    scales: Mapping[str, str]
    #: scale questions that are required and asked of every victim
    asked_of_everyone: frozenset[str] = frozenset()
    ranking_question: str = RANKING_QUESTION
    #: the services of the ranking in questionnaire order
    service_order: tuple[str, ...] = ()
    #: country -> the services offered there; a country not listed is offered every service
    offered: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the question where each provider says which services exist where they work (q11): a provider
    #: ranks only among those (None: the country's offer decides alone)
    availability_question: str | None = None

    def offered_in(self, country: str | None) -> tuple[str, ...] | None:
        """The services offered in ``country``; None when the design does not restrict them."""
        if country is None or country not in self.offered:
            return None
        return self.offered[country]


def design_from_instruments(victim, service_provider=None, countries=()) -> StudyDesign:
    """The design read off instrument objects (:class:`fiit.instruments.Instrument`)."""
    scales = {q.id: q.scale_id or q.id for q in victim.scales()}
    everyone = frozenset(q.id for q in victim.scales() if q.required and not q.relevant)
    order: tuple[str, ...] = ()
    offered: dict[str, tuple[str, ...]] = {}
    ranking = RANKING_QUESTION
    availability = None
    if service_provider is not None:
        try:
            question = service_provider.question(ranking)
        except KeyError:
            question = None
        if question is not None:
            order = tuple(question.option_values())
            offered = {c: tuple(question.option_values(c)) for c in countries}
            availability = question.choices_from
    return StudyDesign(scales, everyone, ranking, order, offered, availability)


def default_design(countries=()) -> StudyDesign:
    """The design of the shipped instruments (loads them; for callers without a design)."""
    from fiit.instruments import get_instrument

    return design_from_instruments(get_instrument("victim"), get_instrument("service_provider"), countries)
