"""Published findings with their support, and frozen quotes, reach the report's theme chapters."""

from __future__ import annotations

import pytest

from tests.coding.conftest import TEXTS

pytestmark = pytest.mark.django_db


def test_a_published_finding_and_a_frozen_quote_reach_the_theme_chapter(interviews, users):
    from fiit.db.coding import apply_code
    from fiit.db.findings import publish_finding, save_finding
    from fiit.db.frozen_quotes import freeze_quote
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Coding
    from fiit.db.report_data import build_study_report
    from fiit.reports.render_html import render_body

    keyfile = current_keyfile()
    be = interviews["be_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 12, keyfile)
    finding = save_finding(be.study, theme="accommodation", country="BE", keyfile=keyfile, actor="analyst",
                           statement={"en": "Shelter rules weigh on residents.",
                                      "nl": "De regels in de opvang wegen op de bewoners."},
                           passages=Coding.objects.values_list("pk", flat=True))
    publish_finding(finding, True, actor="lead_be")
    freeze_quote(users["lead_be"], be.uid, "a1", 0, len(TEXTS["be_victim"]), theme="accommodation", keyfile=keyfile)
    html = render_body(build_study_report(be.study, country="BE", lang="nl", keyfile=keyfile))
    assert "De regels in de opvang wegen op de bewoners." in html
    assert "aangehaald door enkele van de 2 slachtoffers in België" in html
    assert TEXTS["be_victim"] in html
    # The theme chapter holds it: the statement comes after the accommodation heading.
    assert html.index("Opvang") < html.index("De regels in de opvang wegen op de bewoners.")


def test_a_published_conclusion_goes_to_the_conclusions_chapter_not_the_theme(interviews, users):
    from fiit.db.coding import apply_code
    from fiit.db.findings import publish_finding, save_finding
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Coding
    from fiit.db.report_data import build_study_report
    from fiit.reports.render_html import render_body

    keyfile = current_keyfile()
    be = interviews["be_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 12, keyfile)
    finding = save_finding(be.study, theme="accommodation", country="BE", keyfile=keyfile, actor="analyst",
                           kind="conclusion", statement={"en": "Shelter rules shape the first year."},
                           passages=Coding.objects.values_list("pk", flat=True))
    publish_finding(finding, True, actor="lead_be")
    html = render_body(build_study_report(be.study, country="BE", lang="en", keyfile=keyfile))
    conclusions = html.index('id="conclusions"')
    assert html.index("Accommodation — Shelter rules shape the first year.") > conclusions
    assert html.count("Shelter rules shape the first year.") == 1      # not repeated in the theme chapter
