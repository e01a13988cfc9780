"""A small world for the accounts tests: the seed countries, one user per role, interviews in BE and IT.

Users (password ``PASSWORD``): coordinator, lead_be (country lead BE), int_be and int_be2
(interviewers BE), int_it (interviewer IT), analyst, analyst_be_fr (an analyst limited to BE and FR), viewer.
Interviews (draft, consent recorded): victim interviews ``own`` by int_be in BE, ``colleague`` by
int_be2 in BE, ``other`` by int_it in IT; and ``colleague_policymaker``, a policymaker interview
by int_be2 in BE.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

PASSWORD = "a-test-password-of-some-length"


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """The .mo files, compiled from the .po files when missing or older (as tests/web does)."""
    from fiit.web.compile_messages import compile_all, po_files

    stale = [p for p in po_files() if not p.with_suffix(".mo").exists()
             or p.with_suffix(".mo").stat().st_mtime < p.stat().st_mtime]
    if stale:
        compile_all()


@dataclass
class World:
    users: dict = field(default_factory=dict)
    interviews: dict = field(default_factory=dict)


@pytest.fixture
def world(db, keyfile, monkeypatch, settings):
    from fiit.db.models import Study
    from fiit.db.store import create_interview, sync_frameworks
    from fiit.db.users import create_user
    from fiit.instruments import get_instrument

    settings.KEY_FILE = str(keyfile.path)  # the web app's key file
    sync_frameworks()
    w = World()
    for username, role, country in [
        ("coordinator", "coordinator", None), ("lead_be", "country_lead", "BE"), ("int_be", "interviewer", "BE"),
        ("int_be2", "interviewer", "BE"), ("int_it", "interviewer", "IT"), ("analyst", "analyst", None),
        ("viewer", "viewer", None),
    ]:
        w.users[username] = create_user(username, role, PASSWORD, country=country)
    # An analyst limited to several countries (issue 14): BE and FR, so BE targets are theirs, IT ones are not.
    w.users["analyst_be_fr"] = create_user("analyst_be_fr", "analyst", PASSWORD, countries=["BE", "FR"])
    study = Study.objects.create(name="Matrix study")
    now = dt.datetime.now(dt.timezone.utc)
    for key, country, who, instrument in [("own", "BE", "int_be", "victim"), ("colleague", "BE", "int_be2", "victim"),
                                          ("other", "IT", "int_it", "victim"),
                                          ("colleague_policymaker", "BE", "int_be2", "policymaker")]:
        interview = create_interview(study=study, instrument=get_instrument(instrument), country=country, language="en",
                                     respondent_code=f"V-{key}", interview_date=dt.date(2013, 1, 1), answers={},
                                     keyfile=keyfile, interviewer=w.users[who])
        interview.consent_text_version = "test"
        interview.consent_research_use = True
        interview.consent_recorded_by = w.users[who]
        interview.consent_recorded_at = now
        interview.save()
        w.interviews[key] = interview
    return w
