"""Fixtures for the editorial pages: a study with final interviews in BE and FR, users of each role.

Interviews (``interviews`` fixture, by key): ``be_victim`` (final, consented to quotes, open answer a1 and
scale answers), ``be_victim_no_consent`` (final, no consent to quotes), ``be_draft`` (consented, draft),
``be_policymaker`` (final, consented, open answer q1 and the name sd_name), ``fr_victim`` (final, consented).
Every open answer carries a marker from ``TEXTS`` so a test can look for it anywhere.
"""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from tests.web.conftest import compiled_messages  # noqa: F401  (session fixture: the .mo files)

PASSWORD = "a-test-password-of-some-length"
_token = secrets.token_hex(4)
TEXTS = {
    "be_victim": f"QUOTE-BE-{_token} Ik voelde me eindelijk veilig in de opvang.",
    "be_victim_no_consent": f"NOCONSENT-{_token} Dit mag nooit geciteerd worden.",
    "be_draft": f"DRAFT-{_token} Nog niet afgerond.",
    "be_policymaker": f"POLICY-{_token} Integration is two-way.",
    "be_policymaker_name": f"Hendrika Vermeulen-{_token}",
    "fr_victim": f"QUOTE-FR-{_token} Enfin un travail stable.",
}


@pytest.fixture
def study(db):
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks

    sync_frameworks()
    return Study.objects.create(name="Editorial study")


@pytest.fixture
def users(study):
    from fiit.db.users import create_user

    return {
        "coordinator": create_user("coordinator", "coordinator", PASSWORD),
        "lead_be": create_user("lead_be", "country_lead", PASSWORD, country="BE"),
        "lead_fr": create_user("lead_fr", "country_lead", PASSWORD, country="FR", language="fr"),
        "interviewer_be": create_user("interviewer_be", "interviewer", PASSWORD, country="BE"),
        "analyst": create_user("analyst", "analyst", PASSWORD),
        "viewer": create_user("viewer", "viewer", PASSWORD),
    }


@pytest.fixture
def as_user(client, users):
    """as_user(name): the test client logged in as that user (second factor verified)."""
    from tests.support.otp import verified_login

    def login(name):
        client.logout()
        verified_login(client, users[name])
        return client

    return login


def _interview(study, interviewer, key, instrument_id, country, answers, *, quotes=True, status="final"):
    from fiit.db.keys import current_keyfile
    from fiit.db.store import create_interview
    from fiit.instruments import get_instrument

    return create_interview(
        study=study, instrument=get_instrument(instrument_id), country=country, language="nl",
        respondent_code=f"R-{key}-{_token}", interview_date=dt.date(2013, 3, 1), answers=answers,
        keyfile=current_keyfile(), interviewer=interviewer, status=status,
        consent={"research_use": True, "quotes": quotes, "text_version": "test"})


@pytest.fixture
def interviews(study, users):
    who = users["interviewer_be"]
    scales = {"a_scale": 7, "b_scale": 6, "c_scale": 8}
    return {
        "be_victim": _interview(study, who, "be_victim", "victim", "BE", {"a1": TEXTS["be_victim"], **scales}),
        "be_victim_no_consent": _interview(study, who, "be_victim_no_consent", "victim", "BE",
                                           {"a1": TEXTS["be_victim_no_consent"], **scales}, quotes=False),
        "be_draft": _interview(study, who, "be_draft", "victim", "BE", {"a1": TEXTS["be_draft"]}, status="draft"),
        "be_policymaker": _interview(study, who, "be_policymaker", "policymaker", "BE",
                                     {"q1": TEXTS["be_policymaker"], "sd_name": TEXTS["be_policymaker_name"]}),
        "fr_victim": _interview(study, None, "fr_victim", "victim", "FR", {"a1": TEXTS["fr_victim"], **scales}),
    }
