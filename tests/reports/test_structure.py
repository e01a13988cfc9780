"""The report follows the FIIT study's own plan, every element in order (issue 12)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from fiit.reports import build_report
from fiit.reports.render_html import render_html
from tests.reports.test_disclosure import _inputs

# The seed's plan, written out by hand: aim; method (teams and fieldwork, the sample, its limits); per
# theme the frameworks, the professionals, the victims, good practices; the groups compared; conclusions;
# recommendations; Annex 1 (instruments); Annex 2 (country tables); and the methods annex.
THEMES = ("status", "safety", "accommodation", "work", "welfare")
PLAN = ["aim", "method", "method-fieldwork", "method-sample", "method-limits"]
for _t in THEMES:
    PLAN += [f"theme-{_t}", f"theme-{_t}-facts", f"theme-{_t}-professionals", f"theme-{_t}-victims",
             f"theme-{_t}-practices"]
PLAN += ["groups", "conclusions", "recommendations", "annex-instruments", "frameworks", "methods"]

HEADINGS_EN = [
    "Aim and research question", "Method", "Teams, fieldwork and languages", "The sample", "Limits of the selection",
    "Legal status", "What the country frameworks say", "What policymakers and service providers said", "What victims said",
    "Good practices",
]


@pytest.fixture(scope="module")
def reports():
    inputs = _inputs()
    return {"comparative": build_report(inputs, n_boot=200), "country": build_report(inputs, country="BE", n_boot=200)}


def _ids(report):
    return [section.id for _, section in report.walk()]


@pytest.mark.parametrize("kind", ["comparative", "country"])
def test_every_element_of_the_seed_plan_in_order(reports, kind):
    ids = _ids(reports[kind])
    positions = [ids.index(i) for i in PLAN]       # every element is there …
    assert positions == sorted(positions)           # … in the seed's order


def test_the_html_headings_follow_the_plan(reports):
    html = render_html(reports["comparative"])
    headings = [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h[2-4]>(.*?)</h[2-4]>", html)]
    found = [h for h in headings if h in HEADINGS_EN]
    assert found[:len(HEADINGS_EN)] == HEADINGS_EN
    order = [headings.index(h) for h in ("Aim and research question", "Method", "Conclusions", "Recommendations",
                                          "Annex 1: the instruments as used", "Annex 2: country frameworks",
                                          "Annex 3: methods note")]
    assert order == sorted(order)


def test_design_counts_are_published_and_the_rule_is_documented():
    from tests.analysis.frames import policymaker_frame

    inputs = _inputs()
    inputs.frames = {**inputs.frames, "policymaker": policymaker_frame(["BE"] * 5 + ["HU"] * 2 + ["IT"])}
    report = build_report(inputs, n_boot=200)
    table = next(t for t in report.blocks() if getattr(t, "id", "") == "tab-interviews")
    column = table.header.index("Policymakers")
    # counted by hand from the frame above: 5, 0, 2, 1, 0; below k = 5 and published all the same
    assert {r[0]: r[column] for r in table.rows} == {"Belgium": "5", "France": "0", "Hungary": "2", "Italy": "1",
                                                     "United Kingdom": "0", "Total": "8"}
    methods = next(s for s in report.sections if s.id == "methods")
    text = " ".join(p.text for p in methods.blocks if hasattr(p, "text"))
    assert "Design counts" in text and "at least 3" in text


def test_no_p_value_outside_the_methods_annex(reports):
    report = reports["comparative"]
    for section in report.sections:
        if section.id == "methods":
            continue
        for _, sub in section.walk():
            for block in sub.blocks:
                assert not re.search(r"\bp [=<] ", getattr(block, "text", "") or ""), (sub.id, block)


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "it", "hu"])
def test_the_fiit_2013_recommendations_as_a_labelled_baseline(lang):
    from fiit.reports.model import Recommendation

    inputs = _inputs()
    inputs.baseline = True
    report = build_report(inputs, lang=lang, n_boot=200)
    baseline = next(s for _, s in report.walk() if s.id == "recommendations-baseline")
    assert [s.id for _, s in report.walk()].index("recommendations-baseline") == \
        [s.id for _, s in report.walk()].index("recommendations") + 1
    recs = [b for b in baseline.blocks if isinstance(b, Recommendation)]
    assert len(recs) == 5                                   # the seed's five "Aanbeveling" blocks
    assert "2013" in baseline.title
    sources = [b.text for b in baseline.blocks if not isinstance(b, Recommendation)][1:]
    assert len(sources) == 5 and all(s.startswith(("FIIT", "Rapport FIIT", "Rapporto FIIT", "FIIT-")) for s in sources)
    assert not any(s.id == "recommendations-baseline" for _, s in build_report(_inputs(), lang=lang, n_boot=200).walk())
