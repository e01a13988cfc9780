"""The framework pages: every fact with its source and note, totals computed beside printed, checks shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fiit.frameworks import check_totals, framework_from_dict
from tests.web.html import table, text

pytestmark = pytest.mark.django_db


def country_page(client, code="BE"):
    response = client.get(reverse("framework-country", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_country_page_shows_every_fact_with_its_source(logged_in, store_framework):
    row = store_framework("BE")
    framework = framework_from_dict(row.data)
    body = text(country_page(logged_in))
    for path, fact in framework.facts():
        assert fact.source in body, path
        if fact.note:
            assert fact.note in body, path


def test_unknown_values_read_unknown_with_their_note(logged_in, store_framework):
    store_framework("BE")
    rows = table(country_page(logged_in), "Reflection period: Belgium")
    applied = next(r for r in rows if r[0] == "Applied in practice")
    assert applied[1].startswith("unknown")
    assert "BE: practice not described." in applied[1]
    assert "BE applied source" in applied[1]


def test_an_unknown_without_a_note_is_never_blank(logged_in, store_framework, countries):
    row = store_framework("BE")
    row.data["reflection_period"]["applied"]["note"] = None
    row.save()
    rows = table(country_page(logged_in), "Reflection period: Belgium")
    applied = next(r for r in rows if r[0] == "Applied in practice")
    assert applied[1].startswith("unknown") and "no note explains why" in applied[1]


def test_known_values_are_shown_in_words(logged_in, store_framework):
    store_framework("BE")
    html = country_page(logged_in)
    reflection = table(html, "Reflection period: Belgium")
    assert reflection[1][0] == "Length" and reflection[1][1].startswith("45 days")
    permit = table(html, "Residence permit: Belgium")
    assert permit[1][0] == "Temporary permit" and permit[1][1].startswith("6 months")
    renewal = next(r for r in permit if r[0] == "Renewal")
    assert renewal[1].startswith("Yes Every six months.")


def test_count_table_shows_computed_total_beside_printed_total(logged_in, store_framework):
    store_framework("BE")
    rows = table(country_page(logged_in), "Residence permits issued, by year and category: Belgium")
    assert rows[0] == ["Period", "Specific legislation"]
    assert rows[1] == ["2009", "10"]
    assert rows[2] == ["2010", "20"]
    assert rows[3] == ["2011", "unknown Not printed."]
    # 10 + 20, the unknown 2011 left out and said so; 31 printed; they differ
    assert rows[4] == ["Computed total (sum of the rows)", "30 without 2011"]
    assert rows[5] == ["Printed total", "31"]
    assert rows[6] == ["Check", "does not match"]


def test_every_check_of_the_totals_is_listed_with_mismatches_first(logged_in, store_framework):
    row = store_framework("BE")
    row.data["permits_issued"][0]["printed_total"] = 30  # now matches
    row.data["victims_by_gender"][1]["printed_total"] = 6  # male: 5 in the rows, 6 printed
    row.save()
    checks = check_totals(framework_from_dict(row.data))
    assert [c.ok for c in checks][:3] == [True, True, False]  # the core lists the mismatch third
    html = country_page(logged_in)
    rows = table(html, "Checks of the totals: Belgium")[1:]
    assert len(rows) == len(checks)
    for check in checks:
        assert any(check.message in r[-1] for r in rows), check.message
    mismatch = checks[2]
    assert rows[0] == ["does not match", "all periods", "5", "6", mismatch.message]
    assert [r[0] for r in rows[1:]] == ["matches"] * (len(rows) - 1)
    assert "1 check of the totals does not match." in text(html)


def test_gender_table_sums_each_column(logged_in, store_framework):
    store_framework("BE")
    rows = table(country_page(logged_in), "Victims by gender: Belgium")
    assert rows[0] == ["Period", "Female", "Male"]
    assert rows[1] == ["2010", "7", "5"]
    assert rows[2] == ["Computed total (sum of the rows)", "7", "5"]
    assert rows[4] == ["Check", "matches", "matches"]


def test_country_page_in_dutch_uses_dutch_labels(logged_in, store_framework):
    store_framework("BE")
    logged_in.cookies["django_language"] = "nl"
    html = country_page(logged_in)
    assert "Kader van België" in html
    assert "Tijdelijke vergunning" in text(html)
    assert table(html, "Verblijfsvergunning: België")


def test_unknown_country_is_404(logged_in, store_framework):
    store_framework("BE")
    assert logged_in.get(reverse("framework-country", args=["XX"])).status_code == 404
    # a country in the database without a stored framework
    assert logged_in.get(reverse("framework-country", args=["FR"])).status_code == 404


def test_country_code_is_case_insensitive(logged_in, store_framework):
    store_framework("BE")
    assert logged_in.get(reverse("framework-country", args=["be"])).status_code == 200


def test_compare_page_puts_the_countries_side_by_side(logged_in, store_framework):
    store_framework("BE")
    changed = {"reflection_period": {
        "days": {"value": 30, "source": "FR days source", "note": None, "text": {}},
        "formal": {"value": True, "source": "FR formal", "note": None, "text": {}},
        "applied": {"value": True, "source": "FR applied", "note": None, "text": {}},
    }}
    store_framework("FR", **changed)
    html = logged_in.get(reverse("framework-compare")).content.decode()
    rows = table(html, "Legal status and return in the FIIT countries")
    assert rows[0] == ["", "Belgium", "France"]
    length = next(r for r in rows if r[0] == "Length")
    assert length[1].startswith("45 days") and length[2].startswith("30 days")
    assert "BE reflection source, line 857" in length[1] and "FR days source" in length[2]
    labels = [r[0] for r in rows]
    for label in ("EU Directive 2004/81/EC", "Refugee status", "Duration", "Renewal",
                  "Conversion to a long-term permit", "Victims from third countries", "Victims who are EU citizens"):
        assert label in labels
    avr = next(r for r in rows if r[0] == "Victims from third countries")
    assert avr[1].startswith("unknown") and "the table's AVR mark is unreadable." in avr[1]


def test_a_stored_framework_that_does_not_load_is_reported_not_hidden(logged_in, store_framework):
    row = store_framework("BE")
    row.data["reflection_period"]["days"]["source"] = ""
    row.save()
    response = logged_in.get(reverse("framework-country", args=["BE"]))
    assert response.status_code == 200
    body = text(response.content.decode())
    assert "The stored framework cannot be read" in body and "reflection_period.days.source" in body
    body = text(logged_in.get(reverse("framework-compare")).content.decode())
    assert "The stored framework of Belgium cannot be read" in body
