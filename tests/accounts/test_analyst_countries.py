"""Analysts limited to several countries (issue 14): what each page lists, the CLI, the migration.

Every URL's status for such an analyst is pinned by tests/accounts/test_matrix.py (role
``analyst_be_fr``: an analyst limited to BE and FR; targets in BE and IT). Here: what list pages show.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.support.otp import verified_login

pytestmark = pytest.mark.django_db


def test_scope_and_countries_of_an_analyst_limited_to_two_countries(world):
    from fiit.db.access import can, countries_for, interviews_for, scope

    analyst = world.users["analyst_be_fr"]
    assert scope(analyst, "view_interview") == "country" and scope(analyst, "view_reports") == "all"
    assert countries_for(analyst, "code_answers") == ["BE", "FR"]
    assert countries_for(analyst, "view_frameworks") is None
    seen = {i.country_id for i in interviews_for(analyst)}
    assert seen == {"BE"}  # the world has interviews in BE and IT only
    assert can(analyst, "export", country="FR") and not can(analyst, "export", country="IT")
    assert not can(analyst, "view_interview", interview=world.interviews["other"])
    assert can(analyst, "view_interview", interview=world.interviews["own"])


def test_the_interview_list_shows_only_their_countries(client, world):
    verified_login(client, world.users["analyst_be_fr"])
    html = client.get(reverse("capture-list")).content.decode()
    for key in ("own", "colleague", "colleague_policymaker"):
        assert str(world.interviews[key].uid) in html, key
    assert str(world.interviews["other"].uid) not in html
    # the unlimited analyst, as a control, sees the IT interview on the same page
    verified_login(client, world.users["analyst"])
    assert str(world.interviews["other"].uid) in client.get(reverse("capture-list")).content.decode()


def test_the_home_page_counts_only_their_countries(client, world):
    verified_login(client, world.users["analyst_be_fr"])
    html = client.get(reverse("home")).content.decode()
    rows = re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)<', html)
    assert rows == ["Belgium", "France"], rows


def test_recommendations_of_other_countries_are_neither_listed_nor_editable(client, world):
    from fiit.db.models import Recommendation

    study = world.interviews["own"].study
    made = {code: Recommendation.objects.create(study=study, country_id=code, theme="work",
                                                text={"en": f"Recommendation for {code}."}, evidence=[])
            for code in ("BE", "FR", "IT")}
    verified_login(client, world.users["analyst_be_fr"])
    html = client.get(reverse("editorial-recommendations")).content.decode()
    assert "Recommendation for BE." in html and "Recommendation for FR." in html
    assert "Recommendation for IT." not in html
    assert client.get(reverse("editorial-recommendation-edit", kwargs={"pk": made["FR"].pk})).status_code == 200
    assert client.get(reverse("editorial-recommendation-edit", kwargs={"pk": made["IT"].pk})).status_code == 404


def test_the_report_download_of_a_country_outside_their_limits_is_refused(client, world):
    verified_login(client, world.users["analyst_be_fr"])
    it = client.get(reverse("report-download-country", kwargs={"code": "IT", "fmt": "html"}))
    comparative = client.get(reverse("report-download-comparative", kwargs={"fmt": "html"}))
    assert it.status_code == 404 and comparative.status_code == 403


def test_cli_limits_an_analyst_to_several_countries_and_refuses_two_for_a_national_role(world, keyfile):
    from functools import partial

    from tests.support.cli import invoke

    invoke = partial(invoke, "--key-file", str(keyfile.path))

    added = invoke("user", "add", "--username", "ana", "--role", "analyst", "--country", "be", "--country", "IT",
                   "--password-stdin", input="an analyst password of length\n")
    assert added.returncode == 0, added.stderr
    assert "for BE, IT" in added.stdout
    listed = {line.split()[0]: line.split()[1:] for line in invoke("user", "list").stdout.splitlines()}
    assert listed["ana"][:2] == ["analyst", "BE,IT"]
    assert listed["analyst"][:2] == ["analyst", "-"]  # unlimited
    changed = invoke("user", "role", "ana", "--role", "analyst", "--country", "FR")
    assert changed.returncode == 0
    from fiit.db.access import countries_for
    from django.contrib.auth import get_user_model

    assert countries_for(get_user_model().objects.get(username="ana"), "view_interview") == ["FR"]
    refused = invoke("user", "role", "ana", "--role", "country_lead", "--country", "BE", "--country", "IT")
    assert refused.returncode != 0 and "one country" in refused.stderr


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_an_analysts_one_country_into_their_one_limit():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("fiit", "0008_sealed_totp_secrets")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Country = old.get_model("fiit", "Country")
    for code in ("BE", "IT"):
        Country.objects.get_or_create(code=code, defaults={"names": {"en": code}})
    User, Profile = old.get_model("auth", "User"), old.get_model("fiit", "Profile")
    Profile.objects.create(user=User.objects.create(username="old_analyst"), role="analyst", country_id="IT")
    Profile.objects.create(user=User.objects.create(username="old_lead"), role="country_lead", country_id="BE")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from fiit.db.access import countries_for
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert countries_for(users.get(username="old_analyst"), "view_interview") == ["IT"]
    assert users.get(username="old_analyst").fiit_profile.country_id is None
    assert countries_for(users.get(username="old_lead"), "view_interview") == ["BE"]
