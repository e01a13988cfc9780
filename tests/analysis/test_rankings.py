import numpy as np
import pytest
from scipy import stats

from fiit.analysis import kendall_w, service_rankings
from fiit.analysis.rankings import aggregate, borda_counts, rank_matrix

from .frames import provider_frame


def test_kendall_w_three_raters_four_items_by_hand():
    ranks = np.array([[1, 2, 3, 4],
                      [1, 3, 2, 4],
                      [2, 1, 3, 4]])
    # rank sums 4 6 8 12, mean 7.5; S = 3.5^2 + 1.5^2 + 0.5^2 + 4.5^2 = 35
    # W = 12*35 / (3^2 * (4^3 - 4)) = 420/540
    assert kendall_w(ranks) == pytest.approx(420 / 540)


def test_kendall_w_published_example():
    # influentialpoints.com, "Kendall coefficient of concordance": four raters rank
    # strawberries from eight farms; rank sums 31 12 12 15 22 5 22 25, SS = 500,
    # W = 500 / (504 * 16 / 12) = 0.744.
    ranks = np.array([[8, 4, 2, 3, 5, 1, 6, 7],
                      [7, 3, 1, 4, 5, 2, 6, 8],
                      [8, 2, 5, 6, 7, 1, 4, 3],
                      [8, 3, 4, 2, 5, 1, 6, 7]])
    assert list(ranks.sum(axis=0)) == [31, 12, 12, 15, 22, 5, 22, 25]
    assert kendall_w(ranks) == pytest.approx(500 / 672)
    assert round(kendall_w(ranks), 3) == 0.744


def test_kendall_w_tie_correction_by_hand():
    ranks = np.array([[1, 2.5, 2.5],
                      [1, 2, 3]])
    # rank sums 2, 4.5, 5.5; mean 4; S = 4 + 0.25 + 2.25 = 6.5
    # ties of rater 1: one pair, 2^3 - 2 = 6
    # W = 12*6.5 / (2^2*(27-3) - 2*6) = 78/84
    assert kendall_w(ranks) == pytest.approx(78 / 84)


def test_kendall_w_with_ties_agrees_with_friedman():
    # Friedman's chi-square (tie-corrected) = m (n - 1) W
    ranks = np.array([[1, 2, 4, 4, 4],
                      [2, 1, 3, 4.5, 4.5],
                      [1, 3, 3, 3, 5],
                      [1.5, 1.5, 4, 4, 4]])
    chi2, _ = stats.friedmanchisquare(*ranks.T)
    assert kendall_w(ranks) == pytest.approx(chi2 / (4 * (5 - 1)))


def test_kendall_w_undefined_cases():
    assert kendall_w(np.array([[1, 2, 3]])) is None        # one rater
    assert kendall_w(np.array([[1], [1]])) is None          # one item
    assert kendall_w(np.array([[1, 2], [1, 2]])) == 1.0     # perfect agreement
    assert kendall_w(np.array([[1, 2], [2, 1]])) == 0.0     # perfect disagreement


def test_unranked_items_tie_at_the_mean_of_the_remaining_ranks():
    m = rank_matrix([["b"], ["c", "a", "d", "b"]], ["a", "b", "c", "d"])
    # rater 1 ranked b only: b = 1, a c d share ranks 2 3 4 -> 3
    assert m.tolist() == [[3, 1, 3, 3], [2, 4, 1, 3]]


def test_borda_counts():
    # N = 4: position r scores 4 - r, unranked 0
    assert borda_counts([["b", "a"], ["a"]], ["a", "b", "c", "d"]) == [3 + 2, 3, 0, 0]


def test_aggregated_order_by_mean_rank():
    rankings = [["housing", "legal_advice", "health_care"],
                ["legal_advice", "housing"],
                ["housing", "health_care"]]
    items, w = aggregate(rankings, ["housing", "legal_advice", "health_care"])
    # N = 3. ranks: r1 1 2 3; r2 housing 2, legal 1, health (3+1+3)/2 = 3;
    # r3 housing 1, health 2, legal 3 -> means housing 4/3, legal 2, health 8/3
    assert [i.item for i in items] == ["housing", "legal_advice", "health_care"]
    assert [i.mean_rank for i in items] == pytest.approx([4 / 3, 2, 8 / 3])
    assert [i.position for i in items] == [1, 2, 3]
    # Borda: housing 2+1+2 = 5, legal 1+2+0 = 3, health 0+0+1 = 1
    assert [i.borda for i in items] == [5, 3, 1]
    expected = kendall_w(np.array([[1, 2, 3], [2, 1, 3], [1, 3, 2]]))
    assert w == pytest.approx(expected)


def test_service_rankings_per_country_and_overall():
    frame = provider_frame([
        ("BE", ["housing", "legal_advice"], ["housing", "legal_advice"]),
        ("BE", ["housing", "legal_advice"], ["legal_advice", "housing"]),
        ("IT", ["housing", "helpline"], ["helpline"]),
        ("IT", ["housing"], None),                      # did not rank
    ])
    out = {r.country: r for r in service_rankings(frame)}
    assert list(out) == [None, "BE", "IT"]
    assert out[None].n_raters == 3 and out["BE"].n_raters == 2 and out["IT"].n_raters == 1
    assert out["IT"].kendall_w is None                  # a single rater
    assert [i.item for i in out["IT"].items] == ["helpline"]
    assert out["BE"].kendall_w == 0.0                   # opposite rankings
    # items follow question 11's order when mean ranks and Borda tie
    assert [i.item for i in out["BE"].items] == ["housing", "legal_advice"]
    # overall: items housing, legal_advice, helpline (q11 order), N = 3; helpline is
    # unranked by both BE raters (rank (2+1+3)/2 = 3) and first for IT: (3+3+1)/3
    overall = {i.item: i for i in out[None].items}
    assert overall["helpline"].mean_rank == pytest.approx(7 / 3)
    # housing: 1, 2 and, unranked by IT, (1+1+3)/2 = 2.5
    assert overall["housing"].mean_rank == pytest.approx(5.5 / 3)


def test_service_rankings_without_raters():
    out = service_rankings(provider_frame([("GB", ["housing"], None)]))
    assert [(r.country, r.n_raters, r.items, r.kendall_w) for r in out] == [
        (None, 0, (), None), ("GB", 0, (), None)]


def test_an_instrument_without_interviews_ranks_as_its_empty_frame_and_counts_are_refused():
    from fiit.analysis.tallies import Tallies

    frame = provider_frame([("BE", ["housing"], ["housing"])])
    none = Tallies.without_interviews(["q11", "q12", "sd_gender", "sd_age"], scale_groupings=())
    for countries in (None, ("BE", "FR")):
        assert service_rankings(none, countries=countries) == service_rankings(frame.iloc[0:0], countries=countries)
    assert service_rankings(none, countries=("BE",))[1].n_raters == 0
    with pytest.raises(ValueError, match="rater"):
        service_rankings(Tallies.of_frame(frame, scale_groupings=()), countries=("BE",))
