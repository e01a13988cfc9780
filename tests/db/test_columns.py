"""Differential test (issue 16): the columnar path gives the figures of the old one.

Two comparisons, on the demo study and on 2,000 synthetic victim interviews
imported through the project's own import path:

1. **Reading.** The old path built each frame record by record
   (``fiit.db.tables.interview_records``, one dict per interview); the new one
   reads columns in two queries (``fiit.db.columns``). The frames must be equal,
   and so must every published figure computed from them (mean, median,
   quartiles, interval, n, distribution, suppression flag, comparison, ranking,
   count): ``study_statistics(old frames) == study_statistics(new frames)``.
2. **Counting.** The victims counted by the database (``fiit.db.tallies``: GROUP
   BY, no row per interview) give the same published figures as the frame of
   the old path, and the same counts as a frame counted by pandas
   (``Tallies.of_frame``): ``study_statistics`` with the victims counted equals
   ``study_statistics(old frames)``, every field of every figure.
3. **Computing.** The old analysis summarised each cell from its answers one by
   one; the new one from the ten counts of all cells at once. Here every
   published scale figure is recomputed from the raw answers of its cell with
   numpy (n, mean, median, quartiles, exactly), and its interval — which
   changed method by design (percentile bootstrap -> t with a weak prior) —
   against an independent computation with scipy on the raw answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from fiit.analysis import StudyStatistics, default_design, study_statistics
from fiit.analysis.states import StateCounts
from fiit.analysis.tallies import Tallies
from fiit.analysis.groups import COUNT_GROUPINGS, SCALE_GROUPINGS
from fiit.db.columns import instrument_frame
from fiit.db.tables import interview_records
from fiit.db.answer_states import answer_state_frame
from fiit.db.tallies import answer_state_counts, instrument_tallies, study_inputs
from fiit.instruments import get_instrument

pytestmark = pytest.mark.django_db

INSTRUMENTS = ("policymaker", "service_provider", "victim")


def frame_by_records(study, instrument_id: str) -> pd.DataFrame:
    """The frame as fiit built it before the columnar path (the reference)."""
    instrument = get_instrument(instrument_id)
    questions = [q for q in instrument.questions() if not q.is_sensitive]
    columns = [q.id for q in questions]
    rows = [{"interview": i + 1, "country": record.country, **{c: record.answers.get(c) for c in columns}}
            for i, record in enumerate(interview_records(study, instrument))]
    frame = pd.DataFrame(rows, columns=["interview", "country", *columns])
    for q in questions:
        if q.type in ("scale", "integer"):
            frame[q.id] = pd.to_numeric(frame[q.id], errors="coerce").astype("Int64")
    return frame


def independent_interval(answers: np.ndarray) -> tuple[float, float]:
    x = np.concatenate([answers, [1.0, 10.0]])
    w = np.concatenate([np.ones(answers.size), [0.02, 0.02]])
    m = np.average(x, weights=w)
    sd = np.sqrt((w * (x - m) ** 2).sum() / (w.sum() - 1))
    low, high = stats.t.interval(0.95, answers.size - 1, loc=answers.mean(), scale=sd / np.sqrt(answers.size))
    return max(low, 1.0), min(high, 10.0)


def check_study(study) -> StudyStatistics:
    old = {i: frame_by_records(study, i) for i in INSTRUMENTS}
    new = {i: instrument_frame(study, get_instrument(i)) for i in INSTRUMENTS}
    for i in INSTRUMENTS:
        pd.testing.assert_frame_equal(new[i], old[i], check_dtype=False)
        assert new[i]["country"].tolist() == old[i]["country"].tolist()
    figures = study_statistics(new)
    assert figures == study_statistics(old)

    design = default_design()
    counted = instrument_tallies(study, get_instrument("victim"), design.scales)
    by_frame = Tallies.of_frame(old["victim"], design.scales)
    assert counted.countries == by_frame.countries and counted.interviews == by_frame.interviews
    assert counted.population == by_frame.population
    assert counted.scales.keys() == by_frame.scales.keys()
    for question_id, cells in by_frame.scales.items():
        assert {k: v.tolist() for k, v in counted.scales[question_id].items()} == {
            k: v.tolist() for k, v in cells.items()}, question_id
    assert study_statistics({**old, "victim": counted}) == figures

    for i in INSTRUMENTS:  # answer states: counted by GROUP BY == counted from a row per interview
        instrument = get_instrument(i)
        by_rows = StateCounts.of_frame(answer_state_frame(study, instrument))
        by_sql = answer_state_counts(study, instrument)
        assert by_sql == by_rows, i
        assert any(state != "answered" and n for (_, _, state), n in by_sql.counts.items()) or i != "victim"

    # `fiit stats` reads both from one scan of the victims' answers: the same counts as each alone
    frames, states = study_inputs(study, design.scales)
    assert states == {i: answer_state_counts(study, get_instrument(i)) for i in INSTRUMENTS}
    assert frames["victim"].population == counted.population and frames["victim"].interviews == counted.interviews
    assert {q: {k: v.tolist() for k, v in cells.items()} for q, cells in frames["victim"].scales.items()} == {
        q: {k: v.tolist() for k, v in cells.items()} for q, cells in counted.scales.items()}
    for i in ("policymaker", "service_provider"):
        if len(new[i]):
            pd.testing.assert_frame_equal(frames[i], new[i])
        else:  # no interview (the synthetic victims' study): counted as its empty frame is, without the frame
            assert frames[i] == Tallies.of_frame(new[i], scale_groupings=(), count_groupings=COUNT_GROUPINGS)
    assert study_statistics(frames, states=states) == study_statistics({**new, "victim": counted}, states=states)

    victims = old["victim"]
    groupings = {g.name: g for g in SCALE_GROUPINGS}
    checked = 0
    for s in figures.scales:
        if s.suppressed or not s.n:
            continue
        rows = victims if s.country is None else victims[victims["country"] == s.country]
        if s.group is not None:
            name, category = s.group.split("=", 1)
            rows = rows[groupings[name].assign(rows) == category]
        answers = rows[s.question_id].dropna().to_numpy(dtype=float)
        assert s.n == answers.size
        assert s.mean == pytest.approx(answers.mean(), rel=1e-12)
        assert (s.q1, s.median, s.q3) == pytest.approx(tuple(np.quantile(answers, [0.25, 0.5, 0.75])))
        assert list(s.distribution) == [int((answers == v).sum()) for v in range(1, 11)]
        if answers.size >= 2:
            assert (s.ci_low, s.ci_high) == pytest.approx(independent_interval(answers), rel=1e-9)
        checked += 1
    assert checked > 20

    compared = 0  # every published comparison, recomputed by scipy from the raw answers in interview order
    for c in figures.comparisons:
        if c.suppressed or c.statistic is None:
            continue
        rows = victims if c.country is None else victims[victims["country"] == c.country]
        assigned = groupings[c.grouping].assign(rows)
        samples = [rows[assigned == g.split("=", 1)[1]][c.question_id].dropna().to_numpy(dtype=float)
                   for g in c.groups]
        assert list(c.ns) == [x.size for x in samples]
        result = (stats.mannwhitneyu(*samples, alternative="two-sided") if len(samples) == 2
                  else stats.kruskal(*samples))
        assert (c.statistic, c.p_value) == pytest.approx((result.statistic, result.pvalue), rel=1e-9)
        compared += 1
    assert compared > 5
    return figures


def test_columns_equal_records_on_the_demo(tmp_path, demo_template):
    study = demo_template.copy_into(tmp_path).study  # what build_demo writes (tests/support/demo_copy.py)
    figures = check_study(study)
    assert any(s.suppressed for s in figures.scales)  # the demo's small cells are withheld


def test_columns_equal_records_on_2000_synthetic_victims(tmp_path, keyfile):
    from fiit.db.imports import choose_study, run_import
    from fiit.db.store import sync_frameworks
    from tests.interop.samples import sample_submissions, write_kobo_csv

    sync_frameworks()
    victim = get_instrument("victim")
    study, _ = choose_study("Differential (synthetic)", create=True)
    export = write_kobo_csv(tmp_path / "victims.csv", victim, sample_submissions(victim, 2000, seed=11))
    report = run_import(export, victim, "kobo", keyfile=keyfile, study=study, synthetic=True)
    assert report.imported == 2000
    figures = check_study(study)
    assert figures.scale("a_scale", None, None).n > 1500
