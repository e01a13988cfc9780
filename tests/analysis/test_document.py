import json

import pytest

from fiit.analysis import DisclosureContext, scale_statistics, stats_document
from fiit.analysis.intervals import PERCENTILE_BOOTSTRAP

from .attacker import pinned
from .frames import policymaker_frame, provider_frame, victim_frame

SCALE_KEYS = {"question_id", "country", "group", "n", "mean", "median", "ci_low", "ci_high",
              "suppressed"}


def victims():
    rows = []
    scores = iter([3, 7, 8, 5, 9, 6, 4, 8, 7, 6, 10, 2] * 3)
    plan = [("BE", "female", "third_country", "sexual", 7), ("BE", "male", "eu", "labour", 5),
            ("FR", "female", "third_country", "sexual", 7),
            ("GB", "female", "eu", "sexual", 4), ("GB", "male", "national", "labour", 5),
            ("HU", "female", "national", "sexual", 3)]
    for country, gender, citizenship, exploitation, count in plan:
        for i in range(count):
            a = next(scores)
            rows.append((country, gender, citizenship, exploitation, 20 + 3 * i,
                         {"a_scale": a, "b_scale": (a + i) % 10 + 1,
                          "f_scale": a if i % 2 else None}))
    return victim_frame(rows)


RANKING = ["housing", "legal_advice", "health_care"]


def providers(everyone_ranks=False):
    rows = ([("BE", RANKING, RANKING)] * 6 + [("FR", RANKING, RANKING[::-1])] * 7
            + [("HU", RANKING, RANKING[1:])] * 2)
    if not everyone_ranks:
        rows += [("FR", RANKING, None)] * 2
    return provider_frame(rows)


def frames():
    return {"victim": victims(), "service_provider": providers(),
            "policymaker": policymaker_frame(["BE"] * 6 + ["FR"] * 5)}


@pytest.fixture(scope="module")
def document():
    return stats_document(frames(), k=5, seed=42)


def _scale(doc, q, country, group):
    [s] = [s for s in doc["scales"] if (s["question_id"], s["country"], s["group"]) == (q, country, group)]
    return s


def test_schema(document):
    assert set(document) == {"scales", "comparisons", "rankings", "counts"}
    assert all(SCALE_KEYS <= set(s) for s in document["scales"])  # extended (issue 12), never narrowed
    json.dumps(document, allow_nan=False)


def test_no_scale_figure_rests_on_fewer_than_k(document):
    for s in document["scales"]:
        if s["suppressed"]:
            assert [s["n"], s["mean"], s["median"], s["ci_low"], s["ci_high"]] == [None] * 5
        else:
            assert s["n"] == 0 or s["n"] >= 5


def test_small_groups_hidden_country_shown(document):
    # GB: 4 women and 5 men answered a_scale, 9 together: the 5 would give the 4 away
    assert _scale(document, "a_scale", "GB", "gender=female")["suppressed"]
    assert _scale(document, "a_scale", "GB", "gender=male")["suppressed"]
    gb = _scale(document, "a_scale", "GB", None)
    assert gb["n"] == 9 and not gb["suppressed"]
    assert _scale(document, "a_scale", "HU", None)["suppressed"]        # 3 victims
    # no one in GB is third-country: n = 0 is shown as such
    none = _scale(document, "a_scale", "GB", "citizenship=third_country")
    assert none["n"] == 0 and not none["suppressed"] and none["mean"] is None


def test_published_numbers_are_the_statistics(document):
    raw = {(s.question_id, s.country, s.group): s
           for s in scale_statistics(frames()["victim"], seed=42)}
    shown = [s for s in document["scales"] if not s["suppressed"] and s["n"]]
    assert shown
    for s in shown:
        r = raw[(s["question_id"], s["country"], s["group"])]
        assert (s["n"], s["mean"], s["median"], s["ci_low"], s["ci_high"]) == (
            r.n, r.mean, r.median, r.ci_low, r.ci_high)


def test_comparisons_only_between_shown_groups(document):
    shown = {(s["question_id"], s["country"], s["group"])
             for s in document["scales"] if not s["suppressed"]}
    assert document["comparisons"]
    for c in document["comparisons"]:
        visible = all((c["question_id"], c["country"], g) in shown for g in c["groups"])
        assert c["suppressed"] == (not visible)
        if c["suppressed"]:
            assert c["p_value"] is None and c["statistic"] is None and c["effect_size"] is None
            assert c["n"] == [None] * len(c["groups"])
    # everyone: 21 women and 10 men
    [c] = [c for c in document["comparisons"]
           if (c["question_id"], c["country"], c["grouping"]) == ("a_scale", None, "gender")]
    assert not c["suppressed"] and c["test"] == "mann_whitney_u" and c["n"] == [21, 10]
    assert c["p_value"] is not None


def test_rankings(document):
    r = {x["country"]: x for x in document["rankings"]}
    assert r["HU"]["suppressed"] and r["HU"]["items"] == [] and r["HU"]["n_raters"] is None
    # HU's 2 could be worked out from the total and the others: the smallest other
    # number of raters, BE's 6, is suppressed with it
    assert r["BE"]["suppressed"]
    assert not r["FR"]["suppressed"] and r["FR"]["n_raters"] == 7
    assert r["FR"]["kendall_w"] == 1.0
    assert [i["item"] for i in r["FR"]["items"]] == ["health_care", "legal_advice", "housing"]
    assert not r[None]["suppressed"] and r[None]["n_raters"] == 15


def test_rankings_when_every_provider_ranked():
    # 15 raters of 15 providers: a reader knows every provider ranked, so the number
    # of raters in a country is its number of providers. The interviews table shows
    # BE's 6 providers and hides FR's 7 (the partner of HU's 2), so the rankings
    # must hide FR's and HU's raters and may show BE's: it is known already.
    context = DisclosureContext(5)
    doc = stats_document({"victim": victims(), "service_provider": providers(True)},
                         n_boot=50, context=context)
    r = {x["country"]: x for x in doc["rankings"]}
    assert r["FR"]["suppressed"] and r["HU"]["suppressed"]
    assert r["BE"]["n_raters"] == 6 and r[None]["n_raters"] == 15
    assert pinned(list(context.inputs), context.tables) == []


def test_counts(document):
    for c in document["counts"]:
        assert c["suppressed"] == (c["n"] is None)
        assert c["n"] is None or c["n"] == 0 or c["n"] >= 5
    keys = [(c["instrument"], c["country"], c["group"]) for c in document["counts"]]
    assert len(keys) == len(set(keys))
    counts = {k: c for k, c in zip(keys, document["counts"])}
    assert counts[("victim", "GB", None)]["n"] == 9
    assert counts[("victim", "HU", None)]["suppressed"]
    assert counts[("policymaker", "BE", None)]["n"] == 6


def test_nothing_published_can_be_worked_back():
    context = DisclosureContext(5)
    stats_document(frames(), seed=1, n_boot=100, context=context)
    assert len(context.tables) > 10
    assert pinned(list(context.inputs), context.tables) == []


def test_public_threshold():
    doc = stats_document(frames(), k=10, n_boot=100)
    assert all(s["n"] is None or s["n"] == 0 or s["n"] >= 10 for s in doc["scales"])
    assert all(c["n"] is None or c["n"] == 0 or c["n"] >= 10 for c in doc["counts"])


def test_k_one_hides_nothing_and_seed_is_used():
    # the seed drives the bootstrap; the default interval (t with a prior) has none
    doc = stats_document(frames(), k=1, seed=3, n_boot=200, interval=PERCENTILE_BOOTSTRAP)
    assert not any(s["suppressed"] for s in doc["scales"])
    assert not any(c["suppressed"] for c in doc["counts"])
    again = stats_document(frames(), k=1, seed=3, n_boot=200, interval=PERCENTILE_BOOTSTRAP)
    assert again == doc
    other = stats_document(frames(), k=1, seed=4, n_boot=200, interval=PERCENTILE_BOOTSTRAP)
    assert [s["ci_low"] for s in other["scales"]] != [s["ci_low"] for s in doc["scales"]]


def test_victims_only():
    doc = stats_document({"victim": victims()}, k=5, n_boot=50)
    assert doc["rankings"] == [] and doc["scales"]


def test_professionals_without_interviews_counted_as_their_empty_frames():
    """`fiit stats` hands a professional instrument without interviews over as its Tallies.without_interviews
    (no pandas needed): every figure is what its empty frame (columns, no rows) gives."""
    from fiit.analysis import study_statistics
    from fiit.analysis.groups import COUNT_GROUPINGS
    from fiit.analysis.tallies import Tallies

    empty = {"service_provider": providers().iloc[0:0], "policymaker": policymaker_frame(["BE"]).iloc[0:0]}
    counted = {i: Tallies.without_interviews(set(frame.columns) - {"interview", "country"}, scale_groupings=())
               for i, frame in empty.items()}
    for i, frame in empty.items():  # what the counts make of the frame
        assert counted[i] == Tallies.of_frame(frame, scale_groupings=(), count_groupings=COUNT_GROUPINGS)
    by_frames = study_statistics({"victim": victims(), **empty}, k=5, n_boot=50)
    by_tallies = study_statistics({"victim": victims(), **counted}, k=5, n_boot=50)
    assert by_tallies == by_frames
    assert by_frames.rankings and all(r.n_raters == 0 and not r.items for r in by_frames.rankings)
    assert json.dumps(by_tallies.as_json()) == json.dumps(by_frames.as_json())
