"""The interview lookup of the capture pages (``find``, ``find_editable``: a statement compiled once per access
filter, fiit.web.capture.lookup) finds exactly what the ORM's scoped query finds, for every role, every action
and every kind of interview: the same row with the same fields loaded, and 404 where it answers 404.

The reference is built here as the pages built it before (issue 16): ``get_object_or_404`` over
``interviews_for`` / ``interviews_for_any``. Run on SQLite and PostgreSQL (``make test-postgres``).
"""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404

from fiit.db.access import ACTIONS, interviews_for, interviews_for_any, remember_profile
from fiit.web.capture.lookup import find, find_editable
from tests.accounts.test_allows import interviews  # noqa: F401 - the fixture: the world's interviews and one imported

pytestmark = pytest.mark.django_db

RELATED = ("instrument", "country", "study")
EDITABLE = ("edit_interview", "edit_final_interview")


def as_request_loads(username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    remember_profile(user)
    return user


def outcome(lookup):
    try:
        return lookup()
    except Http404:
        return None


def loaded(instance) -> dict:
    deferred = instance.get_deferred_fields()
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields
            if f.attname not in deferred}


def same(got, expected) -> bool:
    if got is None or expected is None:
        return got is None and expected is None
    from fiit.db.models import Interview

    return (loaded(got) == loaded(expected) and got.get_deferred_fields() == expected.get_deferred_fields()
            and all(Interview._meta.get_field(name).is_cached(got)
                    and loaded(getattr(got, name)) == loaded(getattr(expected, name))
                    and getattr(got, name).get_deferred_fields() == getattr(expected, name).get_deferred_fields()
                    for name in RELATED))


def test_the_lookup_finds_what_the_scoped_query_finds(world, interviews, django_assert_max_num_queries):  # noqa: F811
    uids = {key: interview.uid for key, interview in interviews.items()}
    uids["unknown"] = uuid.uuid4()
    compared = found = 0
    disagreements = []
    for username in world.users:
        for key, uid in uids.items():
            for actions in [(action,) for action in ACTIONS] + [EDITABLE]:
                user = as_request_loads(username)
                if len(actions) == 1:
                    reference = interviews_for(user, actions[0])
                    mine = (lambda: find(user, actions[0], uid))
                else:
                    reference = interviews_for_any(user, actions)
                    mine = (lambda: find_editable(user, uid))
                expected = outcome(lambda: get_object_or_404(
                    reference.select_related(*RELATED).defer("instrument__definition"), uid=uid))
                with django_assert_max_num_queries(1):
                    got = outcome(mine)
                compared += 1
                found += expected is not None
                if not same(got, expected):
                    disagreements.append((username, actions, key))
    assert disagreements == []
    assert compared == len(world.users) * len(uids) * (len(ACTIONS) + 1)
    assert 0 < found < compared  # both answers were compared


def test_the_lookup_as_a_string_uid_and_each_kind_of_scope(world, interviews):  # noqa: F811
    own, colleague = interviews["own"], interviews["colleague"]
    int_be = as_request_loads("int_be")
    assert find(int_be, "view_interview", str(own.uid)).pk == own.pk
    assert find_editable(int_be, own.uid).pk == own.pk
    with pytest.raises(Http404):
        find(int_be, "view_interview", colleague.uid)  # another interviewer's victim interview
    assert find(int_be, "view_interview", interviews["colleague_policymaker"].uid).interviewer_id != int_be.pk
    analyst = as_request_loads("analyst_be_fr")
    assert find(analyst, "view_interview", own.uid).pk == own.pk
    with pytest.raises(Http404):
        find(analyst, "view_interview", interviews["other"].uid)  # IT: outside the analyst's countries


def test_a_changed_role_or_country_applies_at_the_next_request(world, interviews):  # noqa: F811
    from fiit.db.models import Country, Profile

    own, colleague, other = interviews["own"], interviews["colleague"], interviews["other"]
    assert find_editable(as_request_loads("int_be"), own.uid).pk == own.pk
    with pytest.raises(Http404):
        find_editable(as_request_loads("int_be"), colleague.uid)
    Profile.objects.filter(user__username="int_be").update(role="country_lead")
    assert find_editable(as_request_loads("int_be"), colleague.uid).pk == colleague.pk  # now the lead
    Profile.objects.filter(user__username="int_be").update(role="viewer")
    with pytest.raises(Http404):
        find_editable(as_request_loads("int_be"), own.uid)  # a viewer edits nothing, not even what they made
    Profile.objects.filter(user__username="int_be").update(role="country_lead", country_id="IT")
    assert find_editable(as_request_loads("int_be"), other.uid).pk == other.pk
    with pytest.raises(Http404):
        find_editable(as_request_loads("int_be"), own.uid)  # moved to Italy: Belgium is no longer theirs
    # an analyst's countries are read on each request too (another table: data, never kept between requests)
    analyst = Profile.objects.get(user__username="analyst_be_fr")
    with pytest.raises(Http404):
        find(as_request_loads("analyst_be_fr"), "view_interview", other.uid)
    analyst.countries.add(Country.objects.get(code="IT"))
    assert find(as_request_loads("analyst_be_fr"), "view_interview", other.uid).pk == other.pk
    analyst.countries.remove(Country.objects.get(code="IT"))
    with pytest.raises(Http404):
        find(as_request_loads("analyst_be_fr"), "view_interview", other.uid)


def test_a_deactivated_user_finds_nothing(world, interviews):  # noqa: F811
    from django.contrib.auth import get_user_model

    user = as_request_loads("coordinator")
    assert find(user, "view_interview", interviews["own"].uid).pk == interviews["own"].pk
    get_user_model().objects.filter(username="coordinator").update(is_active=False)
    with pytest.raises(Http404):
        find(as_request_loads("coordinator"), "view_interview", interviews["own"].uid)
