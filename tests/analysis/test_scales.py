import math

import numpy as np
import pandas as pd
import pytest

from fiit.analysis import ScaleStat, bootstrap_mean_ci, scale_statistics, summarize, victim_scales

from fiit.analysis.intervals import PERCENTILE_BOOTSTRAP

from .frames import victim_frame


def test_victim_scales_follow_the_instrument():
    assert victim_scales() == {
        "a_scale": "overall_integration", "b_scale": "services_used",
        "c_scale": "personal_treatment", "d_scale": "follow_up",
        "e_scale": "professional_aspects", "f_scale": "return_assistance"}


def test_summary_of_four_answers_by_hand():
    s = summarize([1, 2, 3, 4])
    assert s.n == 4
    assert s.mean == 2.5                      # (1+2+3+4)/4
    assert s.median == 2.5                    # (2+3)/2
    assert s.q1 == pytest.approx(1.75)        # position (4-1)*0.25 = 0.75: 1 + 0.75*(2-1)
    assert s.q3 == pytest.approx(3.25)        # position 2.25: 3 + 0.25*(4-3)


def test_summary_of_five_answers_by_hand():
    s = summarize([9, 4, 2, 7, 4], interval=PERCENTILE_BOOTSTRAP)            # sorted 2 4 4 7 9
    assert s.mean == pytest.approx(5.2)       # 26/5
    assert s.median == 4                      # middle of five
    assert s.q1 == 4                          # position (5-1)*0.25 = 1 -> second value
    assert s.q3 == 7                          # position 3 -> fourth value
    assert s.ci_low <= s.mean <= s.ci_high
    assert 2 <= s.ci_low and s.ci_high <= 9   # a mean of resamples stays within the data


def test_missing_answers_are_left_out():
    s = summarize([3, None, float("nan"), pd.NA, 5])
    assert (s.n, s.mean, s.median) == (2, 4.0, 4.0)
    assert s == summarize([3, 5])


def test_no_answers_gives_no_numbers():
    s = summarize([None, pd.NA])
    assert s.n == 0
    assert [s.mean, s.median, s.q1, s.q3, s.ci_low, s.ci_high] == [None] * 6


def test_one_answer_has_no_interval():
    s = summarize([7])
    assert (s.n, s.mean, s.median, s.q1, s.q3) == (1, 7.0, 7.0, 7.0, 7.0)
    assert s.ci_low is None and s.ci_high is None
    assert bootstrap_mean_ci([7]) is None


def test_all_answers_equal_interval_is_the_value():
    s = summarize([6, 6, 6, 6, 6], interval=PERCENTILE_BOOTSTRAP)
    assert (s.mean, s.median, s.q1, s.q3, s.ci_low, s.ci_high) == (6.0,) * 6


def test_bootstrap_matches_an_independent_computation_with_the_same_seed():
    data = np.array([2, 9, 4, 7, 7, 3, 10, 5, 1, 8], dtype=float)
    rng = np.random.default_rng(1234)
    means = np.array([rng.choice(data, size=data.size, replace=True).mean() for _ in range(2000)])
    expected = np.percentile(means, [2.5, 97.5])
    low, high = bootstrap_mean_ci(data, seed=1234, n_boot=2000)
    assert (low, high) == pytest.approx(tuple(expected), abs=1e-12)
    assert bootstrap_mean_ci(data, seed=1234) == (low, high)        # reproducible
    other_seeds = [bootstrap_mean_ci(data, seed=s, n_boot=100) for s in range(5)]
    assert any(ci != bootstrap_mean_ci(data, seed=1234, n_boot=100) for ci in other_seeds)
    assert low < data.mean() < high


def test_bootstrap_confidence_level_is_honoured():
    data = [1, 2, 2, 3, 5, 8, 9, 10]
    l90, h90 = bootstrap_mean_ci(data, seed=7, confidence=0.90)
    l95, h95 = bootstrap_mean_ci(data, seed=7, confidence=0.95)
    assert l95 <= l90 < h90 <= h95
    with pytest.raises(ValueError):
        bootstrap_mean_ci(data, confidence=1.5)


def test_bootstrap_interval_covers_the_true_mean_about_95_percent_of_the_time():
    # Samples of 25 from a skewed 1-10 distribution with known mean; the
    # percentile bootstrap should cover that mean in roughly 95% of samples.
    values = np.arange(1, 11)
    p = np.array([1, 2, 3, 5, 8, 10, 9, 7, 4, 2], dtype=float)
    p /= p.sum()
    true_mean = float(values @ p)
    rng = np.random.default_rng(2024)
    hits = 0
    trials = 300
    for t in range(trials):
        sample = rng.choice(values, size=25, p=p)
        low, high = bootstrap_mean_ci(sample, seed=t, n_boot=1000)
        hits += low <= true_mean <= high
    assert 0.88 <= hits / trials <= 0.99


ROWS = [
    # country, gender, citizenship, exploitation, age, scores
    ("BE", "female", "third_country", "sexual", 23, {"a_scale": 8, "b_scale": 7}),
    ("BE", "female", "eu", "domestic_servitude", 31, {"a_scale": 6, "b_scale": None}),
    ("BE", "male", "third_country", "labour", 40, {"a_scale": 4, "b_scale": 5}),
    ("GB", "female", "national", "forced_begging", 52, {"a_scale": 9}),
    ("GB", "male", "eu", "labour", 19, {"a_scale": None}),
]


def _stat(stats, q, country, group):
    [s] = [s for s in stats if (s.question_id, s.country, s.group) == (q, country, group)]
    return s


def test_scale_statistics_by_country_and_group():
    stats = scale_statistics(victim_frame(ROWS), seed=5, n_boot=200)
    assert all(isinstance(s, ScaleStat) for s in stats)
    overall = _stat(stats, "a_scale", None, None)
    assert (overall.n, overall.mean) == (4, 6.75)          # 8 6 4 9 -> 27/4; GB male missing
    assert overall.scale_id == "overall_integration"
    be = _stat(stats, "a_scale", "BE", None)
    assert (be.n, be.mean, be.median) == (3, 6.0, 6.0)     # 8 6 4
    assert _stat(stats, "a_scale", "BE", "gender=female").mean == 7.0   # (8+6)/2
    # domestic servitude is counted with labour exploitation (Eurostat)
    labour = _stat(stats, "a_scale", None, "exploitation=labour")
    assert (labour.n, labour.mean) == (2, 5.0)             # 6 (domestic) and 4
    assert _stat(stats, "a_scale", None, "exploitation=other").n == 1   # forced begging: 9
    # a group present in the data but not in a country: n = 0, no numbers
    gb_third = _stat(stats, "a_scale", "GB", "citizenship=third_country")
    assert gb_third.n == 0 and gb_third.mean is None and gb_third.ci_low is None
    # b_scale: BE female has 7 and a missing answer
    assert _stat(stats, "b_scale", "BE", "gender=female").n == 1
    # f_scale is never answered
    assert _stat(stats, "f_scale", None, None).n == 0
    assert not any(s.suppressed for s in stats)
    assert all(s.exploratory == (0 < s.n < 10) for s in stats)


def test_scale_statistics_are_the_summaries_of_the_cells():
    frame = victim_frame(ROWS)
    stats = scale_statistics(frame, seed=11, n_boot=300)
    be_female = frame[(frame.country == "BE") & (frame.sd_gender == "female")]["a_scale"]
    expected = summarize(be_female, seed=11, n_boot=300)
    got = _stat(stats, "a_scale", "BE", "gender=female")
    assert (got.n, got.mean, got.median, got.q1, got.q3, got.ci_low, got.ci_high) == (
        expected.n, expected.mean, expected.median, expected.q1, expected.q3,
        expected.ci_low, expected.ci_high)


def test_scale_statistics_layout():
    stats = scale_statistics(victim_frame(ROWS), n_boot=50)
    groups = [s.group for s in stats if s.question_id == "a_scale" and s.country is None]
    assert groups == [None, "gender=female", "gender=male",
                      "exploitation=sexual", "exploitation=labour", "exploitation=other",
                      "citizenship=national", "citizenship=eu", "citizenship=third_country"]
    countries = list(dict.fromkeys(s.country for s in stats))
    assert countries == [None, "BE", "GB"]
    assert len(stats) == 6 * 3 * 9
    assert not any(isinstance(s.mean, float) and math.isnan(s.mean) for s in stats)


def test_empty_frame_gives_n_zero_everywhere():
    frame = victim_frame([])
    stats = scale_statistics(frame, countries=["HU"], n_boot=50)
    assert {(s.country, s.group) for s in stats} == {(None, None), ("HU", None)}
    assert all(s.n == 0 and s.mean is None for s in stats)
