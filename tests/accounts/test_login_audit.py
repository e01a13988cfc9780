"""Every login, failed login and logout is in the audit trail: who, what, when; never a password."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fiit.db.audit import verify
from fiit.db.models import AuditEvent
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def actions(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("seq").values_list("action", "actor", "details"))


def test_login_and_logout_are_recorded(client, world):
    client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    client.post(reverse("logout"))
    assert actions(actor="viewer") == [
        ("login", "viewer", {"method": "password", "second_factor": "not_required"}),
        ("logout", "viewer", {}),
    ]
    login = AuditEvent.objects.get(action="login", actor="viewer")
    assert login.record_type == "user" and login.record_id == str(world.users["viewer"].pk)
    assert login.at.tzinfo is not None
    assert verify().ok


def test_a_failed_login_names_an_existing_user_but_never_the_password(client, world):
    client.post(reverse("login"), {"username": "lead_be", "password": "Secret-Guess-123"})
    assert actions(action="login_failed") == [
        ("login_failed", "lead_be", {"method": "password", "locked": False}),
    ]
    assert "Secret-Guess-123" not in repr(list(AuditEvent.objects.values()))


def test_a_failed_login_for_an_unknown_username_records_unknown(client, world):
    """What was typed into the username box may be a password or a person's name: it is not kept."""
    client.post(reverse("login"), {"username": "Maria Rossi typed-her-password", "password": "x"})
    event = AuditEvent.objects.get(action="login_failed")
    assert event.actor == "unknown" and event.record_id == ""
    assert "Maria" not in repr(list(AuditEvent.objects.values()))


def test_a_second_factor_login_is_recorded_as_pending_then_verified(client, world):
    from tests.support.otp import code, make_device

    device = make_device(world.users["int_be"])
    client.post(reverse("login"), {"username": "int_be", "password": PASSWORD})
    client.post(reverse("otp-verify"), {"token": code(device)})
    assert [d for _, _, d in actions(actor="int_be")] == [
        {"method": "password", "second_factor": "pending"},
        {"method": "totp", "second_factor": "verified"},
    ]
