"""Pages whose cost does not grow with the study (issue 16): the same number of SQL
queries at two study sizes, for the pages a team uses all day.

The number at the small size is measured, then pinned for the large one with
pytest-django's ``django_assert_num_queries``; a ceiling keeps it small too.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.capture.support import COMPLETE_VICTIM, PASSWORD, make_interview, save

pytestmark = pytest.mark.django_db

#: No page of the list should need more than this (it ran 13-32 before issue 16).
CEILING = 25
# An autosave also re-reads its rows under the write lock (a save planned outside it) and renews the
# interview's seal (issue 14 L9). 14 queries, the same at every study size (26 before issue 13's speed
# work: the seal is now computed with the plan and stored in the one update of the interview, and the
# audit append reads the last entry and the chain identity in one query, without savepoints; 15 before
# issue 16's: the save plans on the row the lookup read instead of reading it again).
AUTOSAVE_CEILING = 14


@pytest.fixture
def team(db):
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    sync_frameworks()
    study = Study.objects.create(name="Query count study")
    users = {
        "interviewer_be": create_user("interviewer_be", "interviewer", PASSWORD, country="BE", language="nl"),
        "coordinator": create_user("coordinator", "coordinator", PASSWORD),
    }
    return study, users


def grow(study, user, count: int, client) -> list:
    interviews = [make_interview(study, user, "victim", "BE", "nl") for _ in range(count)]
    save(client, interviews[0], COMPLETE_VICTIM)
    return interviews


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = {
    "home": lambda first: "/",
    "interview list": lambda first: "/interviews/",
    "interview list, page 2": lambda first: "/interviews/?page=2",
    "interview detail": lambda first: f"/interviews/{first.uid}/",
    "interview form": lambda first: f"/interviews/{first.uid}/edit/",
    "interview review": lambda first: f"/interviews/{first.uid}/review/",
    "report index": lambda first: "/reports/",
    "instruments": lambda first: "/instruments/",
    "frameworks": lambda first: "/frameworks/",
}


@pytest.mark.parametrize("who", ["interviewer_be", "coordinator"])
def test_pages_run_the_same_queries_at_two_study_sizes(client, team, who, django_assert_num_queries):
    from tests.support.otp import verified_login

    study, users = team
    verified_login(client, users[who])
    first = grow(study, users["interviewer_be"], 3, client)[0]
    small = {name: queries(client, url(first)) for name, url in PAGES.items() if name != "interview list, page 2"}
    assert max(small.values()) <= CEILING, small
    grow(study, users["interviewer_be"], 57, client)  # 60 interviews: the list has more than one page
    for name, url in PAGES.items():
        expected = small.get(name, small["interview list"])
        with django_assert_num_queries(expected):
            response = client.get(url(first))
        assert response.status_code == 200, name


def test_the_list_never_loads_instrument_definitions(client, team):
    from tests.support.otp import verified_login

    study, users = team
    verified_login(client, users["coordinator"])
    grow(study, users["interviewer_be"], 3, client)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/interviews/").status_code == 200
    fetched = " ".join(q["sql"] for q in context.captured_queries)
    assert '"definition"' not in fetched  # the 60 KB JSON column stays in the database


def test_autosave_runs_the_same_queries_at_two_study_sizes(client, team, django_assert_num_queries):
    from tests.support.otp import verified_login

    study, users = team
    verified_login(client, users["interviewer_be"])
    first = grow(study, users["interviewer_be"], 3, client)[0]
    with CaptureQueriesContext(connection) as context:
        assert save(client, first, {"a_scale": 3}).status_code == 200
    small = len(context.captured_queries)
    assert small <= AUTOSAVE_CEILING
    grow(study, users["interviewer_be"], 57, client)
    with django_assert_num_queries(small):
        assert save(client, first, {"a_scale": 4}).status_code == 200
