"""Interviews by answer state of each question, before and after disclosure control."""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd

from fiit.analysis import DisclosureContext
from fiit.analysis.states import protect_state_counts, state_counts
from fiit.interviews.states import STATES
from tests.analysis.attacker import pinned

COUNTRIES = ("BE", "IT")


def state_frame(rows):
    """rows: (country, {question: state}) pairs."""
    return pd.DataFrame([{"interview": i + 1, "country": c, **s} for i, (c, s) in enumerate(rows)],
                        columns=["interview", "country", "a_scale", "d2"])


def test_counts_by_country_and_in_all(tmp_path):
    rng = random.Random(3)
    rows = [(rng.choice(COUNTRIES), {"a_scale": rng.choice(STATES[:4]), "d2": rng.choice(STATES)})
            for _ in range(60)]
    counts = state_counts("victim", state_frame(rows), COUNTRIES)
    assert len(counts) == 2 * 3
    for c in counts:
        expected = Counter(s[c.question_id] for country, s in rows if c.country in (None, country))
        assert dict(c.counts) == {state: expected.get(state, 0) for state in STATES}
        assert sum(c.counts.values()) == sum(1 for country, _ in rows if c.country in (None, country))


def test_small_counts_are_withheld_and_cannot_be_worked_out():
    # BE: 12 interviews, 2 declined a_scale; IT: 9, 1 not applicable; the totals are published.
    rows = ([("BE", {"a_scale": "answered", "d2": "answered"})] * 10
            + [("BE", {"a_scale": "declined", "d2": "answered"})] * 2
            + [("IT", {"a_scale": "answered", "d2": "answered"})] * 8
            + [("IT", {"a_scale": "not_applicable", "d2": "answered"})])
    context = DisclosureContext(5)
    counts = protect_state_counts("victim", state_frame(rows), COUNTRIES, context)
    by = {(c.question_id, c.country): c for c in counts}
    assert by["a_scale", "BE"].counts["declined"] is None and by["a_scale", "BE"].suppressed
    assert by["a_scale", "IT"].counts["not_applicable"] is None
    # zeros stay published; nothing below k is shown
    assert by["a_scale", "BE"].counts["not_asked"] == 0
    for c in counts:
        assert all(v is None or v == 0 or v >= 5 for v in c.counts.values())
    # d2: everyone answered, nothing to hide
    assert dict(by["d2", None].counts) == {"answered": 21, "declined": 0, "not_applicable": 0,
                                          "unanswered": 0, "not_asked": 0}
    assert not by["d2", "IT"].suppressed
    # an independent reader (linear programming) pins no withheld cell
    assert pinned(context.inputs, context.tables) == []


def test_a_country_whose_interviews_are_withheld_gets_no_row_and_nothing_leaks():
    from fiit.analysis import study_statistics
    from tests.analysis.frames import victim_frame

    people = ([("BE", "female", "third_country", "sexual", 30, {"a_scale": 5})] * 12
              + [("IT", "male", "eu_other", "labour", 40, {"a_scale": 6})] * 9
              + [("GB", "female", "national", "sexual", 25, {"a_scale": 7})] * 3)
    frame = victim_frame(people)
    rng = random.Random(8)
    rows = [(c, {"a_scale": rng.choice(["answered", "answered", "declined", "unanswered"]),
                 "d2": rng.choice(["answered", "not_applicable"])}) for c, *_ in people]
    context = DisclosureContext(5)
    figures = study_statistics({"victim": frame}, k=5, context=context, states={"victim": state_frame(rows)})
    counts = {(c.country, c.group): c for c in figures.counts if c.instrument == "victim"}
    withheld = {country for (country, group), c in counts.items() if group is None and country and c.suppressed}
    assert "GB" in withheld
    published = [a for a in figures.answer_states]
    assert {a.country for a in published} == ({"BE", "IT", "GB"} - withheld) | {None}
    # the all-countries row is what happened, where shown
    for a in published:
        if a.country is None:
            truth = Counter(s[a.question_id] for _, s in rows)
            assert all(v is None or v == truth.get(state, 0) for state, v in a.counts.items())
    assert pinned(context.inputs, context.tables) == []


def test_a_declined_ranking_is_no_rater_and_ranks_nothing():
    from fiit.analysis.rankings import ranking_of, service_rankings
    from fiit.instruments import DECLINED
    from tests.analysis.frames import provider_frame

    assert ranking_of(DECLINED) == []
    ranked = [("BE", ["housing", "legal_advice"], ["legal_advice", "housing"])] * 3
    plain = provider_frame(ranked)
    declined = provider_frame(ranked + [("BE", DECLINED, DECLINED)])
    assert service_rankings(declined, countries=["BE"]) == service_rankings(plain, countries=["BE"])
    [_, be] = service_rankings(declined, countries=["BE"])
    assert be.n_raters == 3 and {i.item for i in be.items} == {"housing", "legal_advice"}
