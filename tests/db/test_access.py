"""Scoping of interviews by role and country, decided in the query."""

import datetime as dt

import pytest

from fiit.db.access import (ACTIONS, PERMISSIONS, allowed_on, can, countries_for, interviews_for, interviews_for_any,
                            remember_profile)
from fiit.db.models import Study
from fiit.db.store import create_interview, sync_frameworks
from fiit.db.users import create_user
from fiit.instruments import get_instrument

pytestmark = pytest.mark.django_db
PW = "a-long-test-password"


@pytest.fixture
def world(keyfile):
    sync_frameworks()
    study = Study.objects.create(name="S")
    users = {
        "coord": create_user("coord", "coordinator", PW),
        "lead_be": create_user("lead_be", "country_lead", PW, country="BE"),
        "int_be": create_user("int_be", "interviewer", PW, country="BE"),
        "int_be2": create_user("int_be2", "interviewer", PW, country="BE"),
        "int_it": create_user("int_it", "interviewer", PW, country="IT"),
        "analyst": create_user("analyst", "analyst", PW),
        "viewer": create_user("viewer", "viewer", PW),
    }

    def interview(code, country, who, instrument="victim"):
        answers = {"q1": "x"} if instrument == "policymaker" else {}
        return create_interview(study=study, instrument=get_instrument(instrument), country=country, language="en",
                                respondent_code=code, interview_date=dt.date(2013, 1, 1), answers=answers,
                                keyfile=keyfile, interviewer=users[who])

    items = {
        "v_be_1": interview("v1", "BE", "int_be"),
        "v_be_2": interview("v2", "BE", "int_be2"),
        "p_be_2": interview("p2", "BE", "int_be2", "policymaker"),
        "v_it": interview("v3", "IT", "int_it"),
    }
    return users, items


def visible(user, action="view_interview"):
    return sorted(i.respondent_code for i in interviews_for(user, action))


def test_each_role_sees_what_its_scope_allows(world):
    users, _ = world
    assert visible(users["coord"]) == ["p2", "v1", "v2", "v3"]
    assert visible(users["lead_be"]) == ["p2", "v1", "v2"]
    # An interviewer: own interviews, and colleagues' non-victim interviews in the same country.
    assert visible(users["int_be"]) == ["p2", "v1"]
    assert visible(users["int_it"]) == ["v3"]
    assert visible(users["analyst"]) == ["p2", "v1", "v2", "v3"]
    assert visible(users["viewer"]) == []


def test_editing_and_identifying_fields_are_narrower(world):
    users, items = world
    assert visible(users["int_be"], "edit_interview") == ["v1"]
    assert visible(users["int_be"], "view_identifying") == ["v1"]
    assert visible(users["analyst"], "view_identifying") == []
    assert visible(users["analyst"], "view_respondent_code") == []
    assert visible(users["int_be"], "edit_final_interview") == []
    assert visible(users["lead_be"], "edit_final_interview") == ["p2", "v1", "v2"]
    assert can(users["lead_be"], "delete_interview", items["v_be_2"])
    assert not can(users["lead_be"], "delete_interview", items["v_it"])


def test_deny_by_default(world):
    users, items = world
    assert not can(users["int_be"], "export")
    assert not can(users["viewer"], "view_interview", items["v_be_1"])
    assert countries_for(users["viewer"], "create_interview") == []
    assert countries_for(users["int_be"], "create_interview") == ["BE"]
    assert countries_for(users["coord"], "create_interview") is None
    users["int_be"].is_active = False
    users["int_be"].save()
    assert visible(users["int_be"]) == []
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == []
    with pytest.raises(ValueError):
        can(users["coord"], "launch_rockets")


def test_the_permission_table_only_names_known_actions_and_roles():
    from fiit.db.models import ROLES

    assert set(PERMISSIONS) == {r for r, _ in ROLES}
    for table in PERMISSIONS.values():
        assert set(table) <= set(ACTIONS)
        assert set(table.values()) <= {"all", "country", "own", "own_or_nonvictim"}


def test_several_actions_asked_at_once_get_the_answers_of_can(world):
    users, items = world
    for user in users.values():
        for interview in items.values():
            expected = {action for action in ACTIONS if can(user, action, interview)}
            assert allowed_on(user, ACTIONS, interview) == expected, (user.username, interview.respondent_code)
    assert allowed_on(users["int_be"], ("view_identifying", "edit_final_interview"), items["v_be_1"]) == \
        {"view_identifying"}


def test_several_actions_cost_one_query_per_scope(world, django_assert_num_queries):
    users, items = world
    form = ("view_identifying", "view_respondent_code", "finalise_interview", "edit_final_interview")
    remember_profile(users["int_be"])
    with django_assert_num_queries(1):  # all "own" (edit_final_interview: refused without asking)
        assert allowed_on(users["int_be"], form, items["v_be_1"]) == set(form) - {"edit_final_interview"}
    remember_profile(users["viewer"])
    with django_assert_num_queries(0):
        assert allowed_on(users["viewer"], form, items["v_be_1"]) == set()


def test_interviews_for_any_action_is_the_union_of_each(world):
    users, _ = world
    pairs = [("edit_interview", "edit_final_interview"), ("view_interview", "view_identifying"),
             ("view_identifying", "export"), ("export", "import"), ("view_reports",)]
    for user in users.values():
        for actions in pairs:
            union = {i.pk for action in actions for i in interviews_for(user, action)}
            found = list(interviews_for_any(user, actions))
            assert {i.pk for i in found} == union and len(found) == len(union), (user.username, actions)
