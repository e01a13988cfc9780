"""A signed-in page reads its session, its user and their profile in one statement (fiit.web.sessions, issue 16).

The session row's user column is only a hint for the join: the signed session data decide who is signed
in. Each test checks what Django's own path (the user read on their own, then the session's hash checked)
would give: the same user, or nobody.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fiit.db.models import Profile, WebSession
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def signed_in(client, world, name="viewer"):
    """``name`` signed in with their password (a viewer needs no second factor, so no device is read)."""
    client.post(reverse("login"), {"username": name, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(world.users[name].pk)
    return world.users[name]


def ping(client):
    """The smallest page, its statements and the user it ran as."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("ping"))
    assert response.status_code == 200
    return response.wsgi_request.user, [q["sql"] for q in context.captured_queries]


def test_the_session_row_names_its_user_and_the_page_reads_both_at_once(client, world):
    viewer = signed_in(client, world)
    assert WebSession.objects.get(session_key=client.session.session_key).user_id == viewer.pk
    user, statements = ping(client)
    assert len(statements) == 1 and '"auth_user"' in statements[0] and '"fiit_profile"' in statements[0]
    assert user.pk == viewer.pk and user.is_authenticated
    assert fields(user) == fields(get_user_model().objects.get(pk=viewer.pk))  # the ORM's own read
    assert fields(user.fiit_profile) == fields(Profile.objects.get(user=viewer))


def test_the_signed_data_decide_when_the_column_names_someone_else(client, world):
    viewer = signed_in(client, world)
    other = world.users["coordinator"]
    WebSession.objects.filter(session_key=client.session.session_key).update(user_id=other.pk)
    user, statements = ping(client)
    assert user.pk == viewer.pk  # not the coordinator the column names
    assert len(statements) == 2  # the joined row is not used: the user is read on their own


def test_a_session_without_the_column_is_read_as_before(client, world):
    """As the sessions copied at the upgrade (migration 0015) are until they are next written."""
    viewer = signed_in(client, world)
    WebSession.objects.filter(session_key=client.session.session_key).update(user_id=None)
    user, statements = ping(client)
    assert user.pk == viewer.pk and len(statements) == 2


def test_a_deactivated_user_is_signed_out_through_the_join(client, world):
    viewer = signed_in(client, world)
    get_user_model().objects.filter(pk=viewer.pk).update(is_active=False)
    user, statements = ping(client)
    assert not user.is_authenticated and len(statements) == 1


def test_a_changed_password_ends_the_session_through_the_join(client, world):
    viewer = signed_in(client, world)
    key = client.session.session_key
    changed = get_user_model().objects.get(pk=viewer.pk)
    changed.set_password("another password of some length")
    changed.save()
    user, _ = ping(client)
    assert not user.is_authenticated  # Django's session hash check ran against the joined user
    assert not WebSession.objects.filter(session_key=key).exists()  # and flushed the session


def test_a_deleted_user_leaves_a_session_that_signs_in_nobody(client, world):
    viewer = signed_in(client, world)
    Profile.objects.filter(user=viewer).delete()
    get_user_model().objects.filter(pk=viewer.pk).delete()
    user, _ = ping(client)
    assert not user.is_authenticated


def test_the_joined_user_does_not_outlive_the_request(client, world):
    """A session whose backend Django no longer accepts signs in nobody, and its joined row is dropped at the
    end of the sign-in rather than left for a later request of the same thread."""
    from fiit.web.sessions import NOT_JOINED, take_joined_user

    viewer = signed_in(client, world)
    session = client.session
    session[BACKEND_SESSION_KEY] = "some.removed.Backend"
    session.save()
    assert WebSession.objects.get(session_key=session.session_key).user_id == viewer.pk
    user, _ = ping(client)
    assert not user.is_authenticated
    assert take_joined_user(viewer.pk) is NOT_JOINED


def test_the_joined_user_is_given_once_and_only_for_its_id(client, world):
    from fiit.web.sessions import NOT_JOINED, SessionStore, take_joined_user

    viewer = signed_in(client, world)
    store = SessionStore(client.session.session_key)
    store.load()
    assert take_joined_user(viewer.pk + 1000) is NOT_JOINED  # another id: not given (and dropped)
    store.load()
    user, profile, synthetic = take_joined_user(str(viewer.pk))  # as the session data hold it
    assert user.pk == viewer.pk and profile.user_id == viewer.pk and synthetic is False
    assert take_joined_user(viewer.pk) is NOT_JOINED


def test_the_banner_answer_comes_with_the_session(client, world):
    from fiit.db.models import Interview, Study
    from fiit.db.studies import synthetic_data_present

    signed_in(client, world)
    Study.objects.update(synthetic=False)
    Interview.objects.update(synthetic=False)
    assert synthetic_data_present() is False
    user, _ = ping(client)
    assert user.fiit_synthetic_data is False
    Study.objects.create(name="Synthetic for the banner", synthetic=True)
    assert synthetic_data_present() is True
    user, _ = ping(client)
    assert user.fiit_synthetic_data is True


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_open_sessions():
    from django.db.migrations.executor import MigrationExecutor

    before = [("fiit", "0014_interview_study_status_index")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state([*before, ("sessions", "0001_initial")]).apps
    Session = old.get_model("sessions", "Session")
    from django.utils import timezone

    end = timezone.now().replace(microsecond=0) + timezone.timedelta(minutes=20)
    # more than the migration's batch of 1,000
    open_sessions = {(f"key{i:05d}", f"data-{i}", end + timezone.timedelta(seconds=i)) for i in range(1001)}
    Session.objects.bulk_create([Session(session_key=k, session_data=d, expire_date=e) for k, d, e in open_sessions])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = {(s.session_key, s.session_data, s.expire_date) for s in WebSession.objects.all()}
    assert kept == open_sessions
    assert not WebSession.objects.exclude(user_id=None).exists()  # read as before until next written
    with connection.cursor() as cursor:  # moved, not copied: Django's table is left empty
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] == 0
