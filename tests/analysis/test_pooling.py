"""Pooled figures (country-balanced beside respondent-weighted), groups that are one
country, and rankings among the services offered where the provider works (issue 12)."""

import numpy as np
import pytest
from scipy import stats

from fiit.analysis import StudyDesign, kendall_w, service_rankings, study_statistics

from .frames import provider_frame, victim_frame

DESIGN = StudyDesign(scales={"a_scale": "overall_integration"}, asked_of_everyone=frozenset())


def victims():
    # BE: 2, 4, 6, 8, 10 (mean 6); FR: 9 x 10 answers of 9 (mean 9) ... kept small:
    rows = [("BE", "female", "third_country", "sexual", 30, {"a_scale": v}) for v in (2, 4, 6, 8, 10)]
    rows += [("FR", "female", "third_country", "sexual", 30, {"a_scale": v})
             for v in (9, 9, 9, 9, 9, 9, 9, 9, 8, 10)]
    rows += [("HU", "male", "national", "labour", 30, {"a_scale": v}) for v in (3, 4, 5, 3, 4, 5)]
    return victim_frame(rows)


@pytest.fixture(scope="module")
def figures():
    return study_statistics({"victim": victims()}, k=5, design=DESIGN)


def test_respondent_weighted_and_country_balanced_means_by_hand(figures):
    pooled = figures.scale("a_scale", None, None)
    # respondent-weighted: (30 + 90 + 24) / 21
    assert pooled.n == 21 and pooled.mean == pytest.approx(144 / 21)
    # country-balanced: (6 + 9 + 4) / 3, every country weighted equally
    assert pooled.balanced_mean == pytest.approx(19 / 3)
    assert pooled.balanced_countries == ("BE", "FR", "HU")
    assert pooled.balanced_ci_low < 19 / 3 < pooled.balanced_ci_high
    # its interval, independently: variance of the average of three independent means,
    # each country's variance padded with 0.02 answers at 1 and at 10; Welch-Satterthwaite df
    parts, dfs = [], []
    for answers in ([2, 4, 6, 8, 10], [9] * 8 + [8, 10], [3, 4, 5, 3, 4, 5]):
        x = np.array(answers + [1, 10], dtype=float)
        w = np.array([1.0] * len(answers) + [0.02, 0.02])
        m = np.average(x, weights=w)
        var = (w * (x - m) ** 2).sum() / (w.sum() - 1)
        parts.append(var / len(answers) / 9)
        dfs.append(len(answers) - 1)
    se2 = sum(parts)
    df = se2 ** 2 / sum(p ** 2 / d for p, d in zip(parts, dfs))
    half = stats.t.ppf(0.975, df) * np.sqrt(se2)
    assert (pooled.balanced_ci_low, pooled.balanced_ci_high) == pytest.approx((19 / 3 - half, 19 / 3 + half))


def test_country_rows_carry_no_balanced_mean_and_json_labels_both(figures):
    assert figures.scale("a_scale", "BE", None).balanced_mean is None
    doc = figures.as_json()
    [row] = [s for s in doc["scales"] if s["country"] is None and s["group"] is None]
    assert row["mean"] == pytest.approx(144 / 21) and row["balanced_mean"] == pytest.approx(19 / 3)
    [be] = [s for s in doc["scales"] if s["country"] == "BE" and s["group"] is None]
    assert "balanced_mean" not in be


def test_a_withheld_country_is_left_out_of_the_balanced_mean():
    frame = victims()
    frame = frame[~((frame["country"] == "HU") & (frame.index % 2 == 0))]  # HU keeps 3 answers < k
    figures = study_statistics({"victim": frame}, k=5, design=DESIGN)
    pooled = figures.scale("a_scale", None, None)
    assert figures.scale("a_scale", "HU", None).suppressed and not pooled.suppressed
    shown = [c for c in ("BE", "FR", "HU") if not figures.scale("a_scale", c, None).suppressed]
    assert "HU" not in shown and pooled.balanced_countries == tuple(shown)
    assert pooled.balanced_mean == pytest.approx(np.mean([{"BE": 6, "FR": 9}[c] for c in shown]))


def test_distribution_is_given_with_the_counts_per_value(figures):
    be = figures.scale("a_scale", "BE", None)
    assert be.distribution == (0, 1, 0, 1, 0, 1, 0, 1, 0, 1)
    assert be.exploratory  # 5 < 10 answers: the report shows the dots, not the mean


def test_a_group_that_is_one_country_is_flagged(figures):
    nationals = figures.scale("a_scale", None, "citizenship=national")
    assert nationals.dominant_country == "HU"  # every national is Hungarian
    assert figures.scale("a_scale", None, "citizenship=third_country").dominant_country is None  # BE 5, FR 10
    [pooled] = [c for c in figures.comparisons if c.country is None and c.grouping == "citizenship"]
    assert pooled.single_country_groups == ("citizenship=national",)
    within = [c for c in figures.comparisons if c.country == "HU"]
    assert all(c.single_country_groups == () for c in within)


def test_ranking_counts_a_service_only_where_it_is_offered():
    frame = provider_frame([
        ("BE", None, ["housing", "legal_advice"]),
        ("BE", None, ["housing", "legal_advice"]),
        ("IT", None, ["helpline", "housing", "legal_advice"]),
        ("IT", None, ["helpline", "legal_advice", "housing"]),
    ])
    order = ["housing", "legal_advice", "helpline"]
    offered = {"BE": ("housing", "legal_advice"), "IT": ("housing", "legal_advice", "helpline")}
    pooled = {r.country: r for r in service_rankings(frame, item_order=order, offered=offered)}[None]
    items = {i.item: i for i in pooled.items}
    # helpline is ranked first by both raters who could rank it: mean rank 1, not
    # (BE's tied last place 3 + 3 + 1 + 1) / 4 = 2 as when BE raters counted for it
    assert items["helpline"].mean_rank == 1.0 and items["helpline"].offered_to == 2
    assert items["housing"].mean_rank == pytest.approx((1 + 1 + 2 + 3) / 4)
    assert items["legal_advice"].mean_rank == pytest.approx((2 + 2 + 3 + 2) / 4)
    assert [i.item for i in pooled.items] == ["helpline", "housing", "legal_advice"]
    # Borda with N = the raters' own number of offered services: BE 2, IT 3
    assert items["helpline"].borda == 2 + 2 and items["housing"].borda == 1 + 1 + 1 + 0
    assert pooled.kendall_w is None  # raters offered different sets: no single W
    # without the design's restriction the BE raters sink the helpline (the old figure)
    unrestricted = {r.country: r for r in service_rankings(frame, item_order=order)}[None]
    assert {i.item: i.mean_rank for i in unrestricted.items}["helpline"] == 2.0
    it = {r.country: r for r in service_rankings(frame, item_order=order, offered=offered)}["IT"]
    assert it.kendall_w == pytest.approx(kendall_w(np.array([[2, 3, 1], [3, 2, 1]], dtype=float)))
