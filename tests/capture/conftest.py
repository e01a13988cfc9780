"""Fixtures for the capture tests: countries, a study, users of each role, interviews with consent."""

from __future__ import annotations

import pytest

from tests.capture.support import PASSWORD, make_interview


@pytest.fixture
def study(db):
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks

    sync_frameworks()
    return Study.objects.create(name="Capture test study")


@pytest.fixture
def users(study):
    from fiit.db.users import create_user

    return {
        "interviewer_be": create_user("interviewer_be", "interviewer", PASSWORD, country="BE", language="nl"),
        "interviewer_be2": create_user("interviewer_be2", "interviewer", PASSWORD, country="BE"),
        "interviewer_fr": create_user("interviewer_fr", "interviewer", PASSWORD, country="FR", language="fr"),
        "lead_be": create_user("lead_be", "country_lead", PASSWORD, country="BE"),
        "lead_fr": create_user("lead_fr", "country_lead", PASSWORD, country="FR"),
        "analyst": create_user("analyst", "analyst", PASSWORD),
        "coordinator": create_user("coordinator", "coordinator", PASSWORD),
        "viewer": create_user("viewer", "viewer", PASSWORD),
    }


@pytest.fixture
def as_user(client, users):
    """as_user(name): the test client logged in as that user (second factor verified where needed)."""
    from tests.support.otp import verified_login

    def login(name):
        verified_login(client, users[name])
        return client

    return login


@pytest.fixture
def victim_nl(study, users):
    """A Dutch victim interview in Belgium by interviewer_be, consent recorded, no answers yet."""
    return make_interview(study, users["interviewer_be"], "victim", "BE", "nl")
