"""Rankings among the services each provider says exist where they work (question 11), checked by hand.

Service-provider instrument 1.1.0 offers the helpline and assisted voluntary return in every country
(issue 12); a provider who did not tick the helpline in q11 could not rank it (q12 takes its choices
from q11), so their ranking must not push it down.
"""

import pandas as pd
import pytest

from fiit.analysis.design import default_design
from fiit.analysis.rankings import service_rankings

ORDER = ["housing", "legal_advice", "helpline"]


def frame():
    return pd.DataFrame({
        "country": ["BE", "BE", "BE"],
        "q11": [["housing", "legal_advice", "helpline"], ["housing", "legal_advice"], ["housing", "legal_advice"]],
        "q12": [["helpline", "housing"], ["housing", "legal_advice"], ["legal_advice", "housing"]],
    })


def test_each_provider_ranks_among_what_they_ticked():
    [overall, be] = service_rankings(frame(), countries=["BE"], item_order=ORDER, available_from="q11")
    items = {i.item: i for i in overall.items}
    # rater 1: helpline 1, housing 2, legal_advice tied at (2 + 1 + 3) / 2 = 3; raters 2 and 3 never had the helpline
    assert items["helpline"].mean_rank == pytest.approx(1.0) and items["helpline"].offered_to == 1
    assert items["housing"].mean_rank == pytest.approx((2 + 1 + 2) / 3)
    assert items["legal_advice"].mean_rank == pytest.approx((3 + 2 + 1) / 3)
    # Borda with N = the services offered to each rater (3, 2, 2): helpline 3-1; housing (3-2)+(2-1)+(2-2)
    assert (items["helpline"].borda, items["housing"].borda, items["legal_advice"].borda) == (2, 2, 1)
    assert [i.item for i in overall.items] == ["helpline", "housing", "legal_advice"]
    assert [i.item for i in be.items] == ["helpline", "housing", "legal_advice"]


def test_without_the_providers_own_list_the_helpline_sinks():
    [overall, _] = service_rankings(frame(), countries=["BE"], item_order=ORDER)
    items = {i.item: i for i in overall.items}
    assert items["helpline"].mean_rank == pytest.approx((1 + 3 + 3) / 3)
    assert overall.items[-1].item == "helpline"


def test_the_shipped_design_names_question_11():
    assert default_design(["BE"]).availability_question == "q11"
