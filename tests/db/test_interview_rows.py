"""One read of the victims' answers (``fiit.db.interview_rows``) counts what the GROUP BY queries count.

``fiit stats`` reads a row per interview and counts in Python (issue 16); the
queries of ``fiit.db.tallies`` and a row per interview counted by pandas are
the references. Here on the demo with answers stored without a value (SQL
NULL), which a LEFT JOIN alone cannot tell from no answer, of a grouping
question, a scale, a routing question and a routed one; for all countries and
for one.
"""

from __future__ import annotations

import pytest

from fiit.analysis import default_design
from fiit.analysis.states import StateCounts
from fiit.analysis.tallies import Tallies
from fiit.db.answer_states import answer_state_frame
from fiit.db.models import Answer
from fiit.db.tallies import answer_state_counts, instrument_tallies, study_inputs
from fiit.db.columns import instrument_frame
from fiit.instruments import get_instrument

pytestmark = pytest.mark.django_db


def scale_cells(tallies: Tallies) -> dict:
    return {q: {k: v.tolist() for k, v in cells.items()} for q, cells in tallies.scales.items()}


def test_one_read_counts_as_the_queries_with_answers_stored_without_a_value(tmp_path, demo_template):
    study = demo_template.copy_into(tmp_path).study
    victim = get_instrument("victim")
    clear = Answer.objects.filter(interview__study=study, interview__status="final",
                                  interview__instrument__instrument_id="victim", sealed__isnull=True)
    for question in ("sd_gender", "a_scale", "d1", "f_scale", "b2"):
        ids = list(clear.filter(question_id=question).order_by("pk").values_list("pk", flat=True)[:3])
        assert len(ids) == 3, question
        Answer.objects.filter(pk__in=ids).update(value=None)
    assert clear.filter(value__isnull=True).count() == 15

    scales = default_design().scales
    for country in (None, "BE"):
        frames, states = study_inputs(study, scales, country)
        by_queries = answer_state_counts(study, victim, country)
        assert states["victim"] == by_queries
        rows = answer_state_frame(study, victim)
        assert by_queries == StateCounts.of_frame(rows if country is None else rows[rows["country"] == country])
        routed = {state for (question, _, state), n in states["victim"].counts.items() if question == "f_scale" and n}
        assert {"answered", "not_applicable"} <= routed or country  # a routed question, counted with its routing

        counted = frames["victim"]
        queried = instrument_tallies(study, victim, scales, country=country)
        frame = instrument_frame(study, victim)
        by_frame = Tallies.of_frame(frame if country is None else frame[frame["country"] == country]
                                    .reset_index(drop=True), scales)
        for reference in (queried, by_frame):
            assert counted.interviews == reference.interviews and counted.population == reference.population
            assert scale_cells(counted) == scale_cells(reference)


def test_without_routing_the_combinations_are_the_interviews_by_country_and_version(tmp_path, demo_template):
    from collections import Counter

    from fiit.db.interview_rows import count_interview_rows
    from fiit.db.models import Interview

    study = demo_template.copy_into(tmp_path).study
    victim = get_instrument("victim")
    counted = count_interview_rows(study, victim, None, shared=("sd_gender",), scales=("a_scale",),
                                   groupings=(), joined=(), kinds=())
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id="victim")
    assert sorted(counted.combos) == sorted(
        (c, v, n) for (c, v), n in Counter(final.values_list("country_id", "instrument_id")).items())
    genders = Counter(final.filter(answers__question_id="sd_gender", answers__sealed__isnull=True)
                      .values_list("country_id", "instrument_id"))
    by_country = Counter()
    for c, v, question, _text, n in counted.answers:
        assert question == "sd_gender"
        by_country[(c, v)] += n
    assert by_country == genders
    assert sum(n for *_, n in counted.scale_rows) == final.filter(
        answers__question_id="a_scale", answers__sealed__isnull=True).count()
