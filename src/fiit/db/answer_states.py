"""The state of every non-sensitive question of every final interview, read from what is stored.

One frame per instrument, in the row order of :func:`fiit.db.columns.instrument_frame`
(final interviews by primary key): ``interview``, ``country`` and one column per
non-sensitive question holding a code of :data:`fiit.interviews.states.STATES`.
The states come from what is stored (:func:`fiit.interviews.states.answer_states`):
"declined" is the stored answer, "not applicable" follows from the routing and
the other answers, "not asked" from the instrument version each interview was
recorded with (its stored definition lists the questions it had). Sealed answers
are neither fetched nor opened, so this needs no key file; open questions are
left out (their states are shown on the interview's own page).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.db.models import TextField
from django.db.models.functions import Cast

from fiit.db.models import Answer, Interview, InstrumentVersion, Study
from fiit.instruments import Instrument, get_instrument
from fiit.instruments.conditions import referenced_questions
from fiit.interviews.states import state_columns

if TYPE_CHECKING:  # imported where a frame is built (answer_state_counts reads asked_questions only)
    import pandas as pd


#: Stands for a sealed answer that routing refers to: answered, its words not read.
SEALED = "\u2026sealed"


def asked_questions(definition: dict) -> frozenset[str]:
    """The question ids of a stored instrument definition."""
    return frozenset(q.get("id") for section in definition.get("sections") or ()
                     for q in section.get("questions") or () if isinstance(q, dict))


def answer_state_frame(study: Study, instrument: Instrument) -> pd.DataFrame:
    """Final interviews of ``instrument`` (any stored version): country plus the state of each non-sensitive question."""
    questions = [q.id for q in instrument.questions() if not q.is_sensitive]
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    interviews = list(final.order_by("pk").values_list("pk", "country_id", "instrument_id"))
    asked = {pk: asked_questions(definition) for pk, definition in InstrumentVersion.objects.filter(
        pk__in={v for _, _, v in interviews}).values_list("pk", "definition")}
    row_of = {pk: i for i, (pk, _, _) in enumerate(interviews)}
    routers = {r for q in instrument.questions() if q.relevant for r in referenced_questions(q.relevant)}
    wanted = set(questions) | routers
    values: dict[str, list] = {q: [None] * len(interviews) for q in wanted}
    rows = (Answer.objects.filter(interview__in=final, sealed__isnull=True, question_id__in=wanted)
            .annotate(text=Cast("value", TextField())).values_list("interview_id", "question_id", "text"))
    decoded: dict[str, object] = {}  # each distinct JSON text decoded once (answers repeat a lot)
    for interview_id, question_id, text in rows.iterator(chunk_size=20_000):
        if text is None:
            continue
        if text not in decoded:
            decoded[text] = json.loads(text)
        values[question_id][row_of[interview_id]] = decoded[text]
    # Routing on an open question (none in the shipped instruments) sees that an answer is stored, unread.
    routed_on_sealed = routers - set(questions)
    for interview_id, question_id in Answer.objects.filter(
            interview__in=final, sealed__isnull=False, question_id__in=routed_on_sealed
    ).values_list("interview_id", "question_id") if routed_on_sealed else ():
        values[question_id][row_of[interview_id]] = SEALED
    states = state_columns(instrument, values, [asked.get(version) for _, _, version in interviews], questions)
    import pandas as pd

    return pd.DataFrame({"interview": list(range(1, len(interviews) + 1)),
                         "country": [country for _, country, _ in interviews],
                         **states}, columns=["interview", "country", *questions])


def answer_state_frames(study: Study, instrument_ids=("policymaker", "service_provider", "victim")
                        ) -> dict[str, pd.DataFrame]:
    """:func:`answer_state_frame` of each instrument."""
    return {iid: answer_state_frame(study, get_instrument(iid)) for iid in instrument_ids}
