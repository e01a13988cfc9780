"""The prepared one-row reads (fiit.db.row_reads) give what the ORM gives for the same row.

Each read is compared field by field with the ORM's read of that row (the ORM is
the independent check: it builds its own SQL and applies its own converters).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from fiit.db.models import Country, Profile
from fiit.db.row_reads import RowRead, UserWithProfileRead

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.fixture
def people(db):
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    sync_frameworks()
    lead = create_user("lead_be", "country_lead", "a long password 1", country="BE", language="nl")
    lead.last_login = timezone.now() - dt.timedelta(days=2, microseconds=17)
    lead.save(update_fields=["last_login"])
    bare = get_user_model().objects.create_user("no_profile", password="a long password 2", is_active=False)
    return lead, bare


def test_a_user_and_their_profile_read_in_one_query_equal_the_orms(people, django_assert_num_queries):
    lead, _ = people
    read = UserWithProfileRead(get_user_model(), Profile)
    with django_assert_num_queries(1):
        user, profile = read.get(lead.pk)
    expected = get_user_model().objects.get(pk=lead.pk)
    assert fields(user) == fields(expected) and user.last_login == lead.last_login
    assert isinstance(user.is_active, bool) and isinstance(user.is_superuser, bool)
    assert fields(profile) == fields(Profile.objects.get(user=lead))
    assert (profile.role, profile.country_id, profile.language) == ("country_lead", "BE", "nl")
    assert not user._state.adding and user._state.db == "default"  # as loaded by the ORM: saving updates
    user.first_name = "Saved"
    user.save(update_fields=["first_name"])
    assert get_user_model().objects.get(pk=lead.pk).first_name == "Saved"


def test_a_user_without_a_profile_and_an_unknown_id(people):
    _, bare = people
    read = UserWithProfileRead(get_user_model(), Profile)
    user, profile = read.get(bare.pk)
    assert fields(user) == fields(get_user_model().objects.get(pk=bare.pk)) and profile is None
    assert user.is_active is False
    assert read.get(10_000) == (None, None)


def test_a_json_column_is_decoded_as_the_orm_decodes_it(people):
    read = RowRead(Country, "t.code = %s")
    assert fields(read.one("BE")) == fields(Country.objects.get(code="BE"))
    assert isinstance(read.one("BE").names, dict) and read.one("XX") is None


def test_a_session_is_read_only_before_it_ends(client, people):
    lead, _ = people
    client.force_login(lead)
    key = client.session.session_key
    read = RowRead(Session, "t.session_key = %s AND t.expire_date > %s")
    found = read.one(key, read.datetime_param(timezone.now()))
    assert fields(found) == fields(Session.objects.get(session_key=key))
    ended = timezone.now() - dt.timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=ended)
    assert read.one(key, read.datetime_param(timezone.now())) is None
    assert read.one(key, read.datetime_param(ended - dt.timedelta(seconds=1))) is not None
    assert client.get("/").status_code == 302  # the page sends the ended session to the login
