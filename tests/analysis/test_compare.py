import pytest
from scipy import stats

from fiit.analysis import compare_samples, scale_comparisons

from .frames import victim_frame


def test_two_groups_against_scipy_and_rank_biserial_by_hand():
    x, y = [3, 5, 7, 9], [1, 4, 6]
    r = compare_samples([x, y])
    # U1 counts the pairs where x beats y: 3>1; 5>1,4; 7>1,4,6; 9>1,4,6 -> 1+2+3+3 = 9
    assert r.statistic == 9
    # rank-biserial 2*9/(4*3) - 1 = 0.5
    assert r.effect_size == pytest.approx(0.5)
    expected = stats.mannwhitneyu(x, y, alternative="two-sided")
    assert r.p_value == pytest.approx(expected.pvalue)
    assert r.statistic == pytest.approx(expected.statistic)
    assert (r.test, r.effect_size_name, r.exploratory) == ("mann_whitney_u", "rank_biserial", True)


def test_complete_separation_gives_rank_biserial_minus_one():
    r = compare_samples([[1, 2, 3], [4, 5, 6]])
    assert r.statistic == 0 and r.effect_size == -1.0   # 2*0/9 - 1


def test_two_groups_with_ties_against_scipy():
    x = [5, 5, 6, 7, 8, 8, 8, 9, 10, 10, 4, 6]
    y = [3, 5, 5, 6, 6, 7, 2, 4, 8, 5, 6]
    r = compare_samples([x, y])
    expected = stats.mannwhitneyu(x, y, alternative="two-sided")
    assert (r.statistic, r.p_value) == pytest.approx((expected.statistic, expected.pvalue))
    assert r.effect_size == pytest.approx(2 * expected.statistic / (len(x) * len(y)) - 1)
    assert r.exploratory is False                      # both groups have 10 or more


def test_three_groups_kruskal_and_epsilon_squared_by_hand():
    r = compare_samples([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    # ranks are the values; rank sums 6, 15, 24; N = 9
    # H = 12/(9*10) * (36/3 + 225/3 + 576/3) - 3*10 = 37.2 - 30 = 7.2
    assert r.statistic == pytest.approx(7.2)
    assert r.effect_size == pytest.approx(7.2 / 8)      # epsilon^2 = H/(N-1)
    assert r.p_value == pytest.approx(stats.kruskal([1, 2, 3], [4, 5, 6], [7, 8, 9]).pvalue)
    assert (r.test, r.effect_size_name) == ("kruskal_wallis", "epsilon_squared")


def test_kruskal_with_ties_against_scipy():
    groups = [[1, 3, 3, 5, 7], [2, 3, 6, 6, 9, 10], [4, 4, 8, 8]]
    r = compare_samples(groups)
    h, p = stats.kruskal(*groups)
    assert (r.statistic, r.p_value) == pytest.approx((h, p))
    assert r.effect_size == pytest.approx(h / (15 - 1))


def test_no_p_value_when_a_group_has_one_answer():
    r = compare_samples([[3, 4, 5], [6]])
    assert r.p_value is None and r.statistic is None and r.effect_size is None
    assert r.exploratory is True
    r3 = compare_samples([[3, 4], [6, 7], [8]])
    assert r3.p_value is None and r3.test == "kruskal_wallis"


def test_all_answers_equal_has_nothing_to_test():
    r = compare_samples([[5, 5, 5], [5, 5]])
    assert r.p_value is None and r.statistic is None and r.effect_size == 0.0


def test_empty_groups_are_dropped_and_missing_answers_ignored():
    r = compare_samples([[1, None, 2, 3], [], [4, 5, float("nan"), 6]])
    assert r.test == "mann_whitney_u" and r.effect_size == -1.0
    assert compare_samples([[1, 2], []]).test is None


def test_exploratory_threshold_is_configurable():
    groups = [[1, 2, 3, 4, 5], [2, 3, 4, 5, 6]]
    assert compare_samples(groups).exploratory is True
    assert compare_samples(groups, exploratory_below=5).exploratory is False


def test_scale_comparisons_on_a_frame():
    rows = [("BE", "female", "eu", "sexual", 30, {"a_scale": v}) for v in (7, 8, 9)]
    rows += [("BE", "male", "eu", "labour", 30, {"a_scale": v}) for v in (2, 3)]
    rows += [("GB", "female", "national", "other", 30, {"a_scale": 5})]
    comparisons = scale_comparisons(victim_frame(rows))
    be_gender = [c for c in comparisons
                 if (c.question_id, c.country, c.grouping) == ("a_scale", "BE", "gender")]
    [c] = be_gender
    assert c.groups == ("gender=female", "gender=male") and c.ns == (3, 2)
    assert c.statistic == 6 and c.effect_size == 1.0  # every female score beats every male one
    assert c.p_value == pytest.approx(stats.mannwhitneyu([7, 8, 9], [2, 3]).pvalue)
    # GB has a single group: no comparison; no answers to b_scale: none either
    assert not [c for c in comparisons if c.country == "GB"]
    assert not [c for c in comparisons if c.question_id == "b_scale"]
    everyone = [c for c in comparisons if c.country is None and c.grouping == "exploitation"]
    [e] = everyone
    assert e.test == "kruskal_wallis" and e.ns == (3, 2, 1) and e.p_value is None
