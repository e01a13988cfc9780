"""The home page: the study, interviews counted by country and instrument, and the synthetic-data banner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fiit.db.models import Study
from tests.web.html import table

BANNER = b'id="synthetic-banner"'


@pytest.mark.django_db
def test_home_counts_the_interviews_by_country_and_instrument(logged_in, make_interviews):
    study = Study.objects.create(name="Pilot 2012")
    make_interviews(study, "victim", "BE", 3)
    make_interviews(study, "policymaker", "BE", 1)
    make_interviews(study, "victim", "FR", 2)
    make_interviews(study, "service_provider", "HU", 4)
    other = Study.objects.create(name="Another study")
    make_interviews(other, "victim", "BE", 5)  # must not be counted in the pilot's table

    html = logged_in.get(reverse("home")).content.decode()
    rows = table(html, "Pilot 2012")
    assert rows[0] == ["Country", "Policymakers", "Service providers", "Victims", "Total"]
    assert rows[1:] == [
        ["Belgium", "1", "0", "3", "4"],
        ["France", "0", "0", "2", "2"],
        ["Hungary", "0", "4", "0", "4"],
        ["All countries", "1", "4", "5", "10"],
    ]
    assert table(html, "Another study")[1] == ["Belgium", "0", "0", "5", "5"]
    assert "10 interviews recorded in this study." in html


@pytest.mark.django_db
def test_home_table_is_accessible(logged_in, make_interviews):
    make_interviews(Study.objects.create(name="Pilot"), "victim", "BE", 1)
    html = logged_in.get(reverse("home")).content.decode()
    assert "<caption" in html
    assert '<th scope="col">Country</th>' in html and '<th scope="row">' in html


@pytest.mark.django_db
def test_home_without_a_study_says_how_to_make_one(logged_in):
    html = logged_in.get(reverse("home")).content.decode()
    assert "No study yet" in html and "fiit demo" in html


@pytest.mark.django_db
def test_home_links_to_instruments_and_frameworks(logged_in, store_framework):
    store_framework("BE")
    html = logged_in.get(reverse("home")).content.decode()
    assert f'href="{reverse("instrument-list")}"' in html
    assert f'href="{reverse("framework-compare")}"' in html
    assert f'href="{reverse("framework-country", args=["BE"])}"' in html
    # France has no framework stored: no link that would lead to a 404
    assert f'href="{reverse("framework-country", args=["FR"])}"' not in html


@pytest.mark.django_db
def test_no_banner_when_no_study_is_synthetic(logged_in, make_interviews):
    make_interviews(Study.objects.create(name="Real study", synthetic=False), "victim", "BE", 2)
    for path in (reverse("home"), reverse("instrument-list"), reverse("framework-compare")):
        assert BANNER not in logged_in.get(path).content, path


@pytest.mark.django_db
def test_banner_on_every_page_when_a_study_is_synthetic(client, user, store_framework, otp_login):
    Study.objects.create(name="Real study", synthetic=False)
    Study.objects.create(name="Demo", synthetic=True)
    store_framework("BE")
    # before login
    assert BANNER in client.get(reverse("login")).content
    otp_login(client, user)
    paths = [reverse("home"), reverse("instrument-list"), reverse("instrument-detail", args=["victim"]),
             reverse("framework-compare"), reverse("framework-country", args=["BE"]), "/no-such-page/"]
    for path in paths:
        response = client.get(path)
        assert BANNER in response.content, path
        assert b"Synthetic demo data" in response.content, path


@pytest.mark.django_db
def test_banner_when_synthetic_interviews_sit_in_a_real_study(logged_in, make_interviews):
    make_interviews(Study.objects.create(name="Mixed"), "victim", "BE", 1, synthetic=True)
    assert BANNER in logged_in.get(reverse("home")).content


@pytest.mark.django_db
@pytest.mark.parametrize("role, country", [("viewer", None), ("interviewer", "BE")])
def test_home_shows_no_raw_counts_to_roles_that_do_not_analyse(client, make_user, otp_login, make_interviews,
                                                               role, country):
    study = Study.objects.create(name="Pilot 2012")
    make_interviews(study, "victim", "BE", 3)
    otp_login(client, make_user(username=role, role=role, country=country))
    html = client.get(reverse("home")).content.decode()
    assert "Pilot 2012" in html
    assert "<table" not in html and "interviews recorded" not in html
    assert "The published figures, after disclosure control, are in the reports." in html
    assert f'href="{reverse("report-index")}"' in html


@pytest.mark.django_db
def test_home_shows_a_country_lead_their_own_country_only(client, make_user, otp_login, make_interviews):
    study = Study.objects.create(name="Pilot 2012")
    make_interviews(study, "victim", "BE", 3)
    make_interviews(study, "victim", "FR", 2)
    otp_login(client, make_user(username="lead_fr", role="country_lead", country="FR"))
    html = client.get(reverse("home")).content.decode()
    rows = table(html, "Pilot 2012")
    assert rows[1:] == [["France", "0", "0", "2", "2"]]  # no Belgium, and no all-countries total
    assert "2 interviews recorded in this study." in html


@pytest.mark.django_db
def test_the_banner_is_one_query_that_reads_no_real_interview(make_interviews, django_assert_num_queries):
    """Every page asks: one query, whose interview half reads the partial index of synthetic interviews
    (migration 0013), not every interview of a real study."""
    from django.db import connection

    from fiit.db.studies import synthetic_data_present

    study = Study.objects.create(name="Real study")
    make_interviews(study, "victim", "BE", 3)
    with django_assert_num_queries(1):
        assert synthetic_data_present() is False
    make_interviews(study, "victim", "BE", 1, synthetic=True)
    assert synthetic_data_present() is True
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute('EXPLAIN QUERY PLAN SELECT 1 FROM "fiit_interview" WHERE "synthetic"')
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "INDEX interview_synthetic" in plan, plan  # a pass over the index, which holds synthetic rows only


@pytest.mark.django_db
def test_a_framework_stored_after_a_visit_shows_at_the_next(logged_in, store_framework):
    """The "Read more" cards are kept as a template fragment, keyed on the countries read on each visit:
    a framework stored meanwhile (by another process too) shows at once, and a removed one goes."""
    from fiit.db.models import Framework

    store_framework("BE")
    link = f'href="{reverse("framework-country", args=["FR"])}"'
    assert link not in logged_in.get(reverse("home")).content.decode()
    store_framework("FR")
    assert link in logged_in.get(reverse("home")).content.decode()
    Framework.objects.filter(country_id="FR").delete()
    assert link not in logged_in.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_signed_in_page_reads_the_banner_with_the_user_and_sees_new_synthetic_data_on_the_next_page(
        logged_in, make_interviews):
    """The user's query answers the banner's question (fiit.web.sign_in_backend): no query of its own,
    and asked again at each request, so data made synthetic meanwhile shows on the next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    study = Study.objects.create(name="Real study")
    make_interviews(study, "victim", "BE", 2)
    with CaptureQueriesContext(connection) as queries:
        page = logged_in.get(reverse("home")).content
    assert BANNER not in page
    asked = [q["sql"] for q in queries.captured_queries if "synthetic" in q["sql"] and "EXISTS" in q["sql"]]
    assert len(asked) == 1 and "auth_user" in asked[0], asked  # the user's own statement
    Study.objects.filter(pk=study.pk).update(synthetic=True)  # as another process loading a demo would
    assert BANNER in logged_in.get(reverse("home")).content
    Study.objects.filter(pk=study.pk).update(synthetic=False)
    assert BANNER not in logged_in.get(reverse("home")).content
