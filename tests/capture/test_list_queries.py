"""The interview list's statements compiled once per access filter (fiit.web.capture.list_queries) list
what the ORM's scoped queryset lists: the same interviews, in the same order, on every page, with the
same filter options and count, for every role, before and after a role or country changes."""

from __future__ import annotations

import itertools

import pytest

from tests.capture.support import make_interview

pytestmark = pytest.mark.django_db


def expected(user) -> tuple[list[int], set[str], set[str]]:
    from fiit.db.access import interviews_for

    visible = interviews_for(user, "view_interview")
    order = list(visible.order_by("-updated_at", "-pk").values_list("pk", flat=True))
    return (order, set(visible.values_list("instrument__instrument_id", flat=True)),
            set(visible.exclude(interviewer=None).values_list("interviewer__username", flat=True)))


def listed(client) -> tuple[list[int], set[str], set[str], int]:
    pks, instruments, interviewers, count = [], set(), set(), None
    for number in itertools.count(1):
        response = client.get(f"/interviews/?page={number}")
        assert response.status_code == 200
        page = response.context["page"]
        pks += [row["pk"] for row in response.context["rows"]]
        instruments = {iid for iid, _ in response.context["instruments"]}
        interviewers = set(response.context["interviewers"])
        count = page.paginator.count
        if not page.has_next():
            return pks, instruments, interviewers, count


@pytest.fixture
def many(study, users):
    """63 interviews over two countries, three interviewers and three instruments (two pages for a coordinator)."""
    made = []
    for k in range(63):
        who = ("interviewer_be", "interviewer_be2", "interviewer_fr")[k % 3]
        country = "FR" if who == "interviewer_fr" else "BE"
        made.append(make_interview(study, users[who], ("victim", "policymaker", "service_provider")[k % 3 if k % 7 else 0],
                                   country, "nl"))
    return made


def test_every_role_lists_what_its_scoped_queryset_holds(as_user, users, many):
    from fiit.web.capture import list_queries

    list_queries._STATEMENTS.clear()
    for name in ("interviewer_be", "interviewer_fr", "lead_be", "lead_fr", "analyst", "coordinator"):
        order, instruments, interviewers = expected(users[name])
        for _ in range(2):  # compiled on the first visit, run again on the second
            assert listed(as_user(name)) == (order, instruments, interviewers, len(order)), name
    assert len(expected(users["coordinator"])[0]) == 63 and len(list_queries._STATEMENTS) > 6


def test_a_changed_country_or_role_lists_what_the_new_filter_allows(as_user, users, many):
    from fiit.db.models import Profile

    lead = users["lead_be"]
    before = listed(as_user("lead_be"))
    Profile.objects.filter(user=lead).update(country="FR")
    lead.refresh_from_db()
    after = listed(as_user("lead_be"))
    assert after[0] == expected(lead)[0] and set(after[0]).isdisjoint(before[0])
    Profile.objects.filter(user=lead).update(role="interviewer")
    lead = type(lead).objects.get(pk=lead.pk)
    as_interviewer = listed(as_user("lead_be"))[0]
    assert as_interviewer == expected(lead)[0]
    assert 0 < len(as_interviewer) < len(after[0])  # no one else's victim interviews any more


def test_a_filtered_list_is_the_orms_own_query(as_user, users, many):
    from fiit.db.access import interviews_for

    client = as_user("coordinator")
    response = client.get("/interviews/?instrument=victim")
    victims = interviews_for(users["coordinator"]).filter(instrument__instrument_id="victim")
    assert [row["pk"] for row in response.context["rows"]] == \
        list(victims.order_by("-updated_at", "-pk").values_list("pk", flat=True))[:50]
    assert response.context["page"].paginator.count == victims.count()


def test_two_users_with_as_many_interviews_each_list_their_own(as_user, study, users):
    """The same page of the same length, under two access filters: two statements, each user's rows."""
    from fiit.web.capture import list_queries

    list_queries._STATEMENTS.clear()
    for k in range(10):
        make_interview(study, users["interviewer_be"], "policymaker", "BE", "nl")
        make_interview(study, users["interviewer_fr"], "policymaker", "FR", "fr")
    be, fr = listed(as_user("lead_be")), listed(as_user("lead_fr"))
    assert len(be[0]) == len(fr[0]) == 10 and set(be[0]).isdisjoint(fr[0])
    assert (be[0], fr[0]) == (expected(users["lead_be"])[0], expected(users["lead_fr"])[0])
