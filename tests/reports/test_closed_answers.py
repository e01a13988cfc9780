"""Professionals' closed answers by country: shown when N >= 3 and no answer was everyone's (issue 12)."""

from __future__ import annotations

from fiit.analysis import SUPPRESSED_SYMBOL
from fiit.reports import TableBlock, build_report
from fiit.reports.closed_answers import publishable
from tests.analysis.frames import policymaker_frame
from tests.reports.test_disclosure import _inputs


def test_the_rule():
    assert publishable([2, 1, 0, 0])          # three answered, two answers given
    assert not publishable([3, 0, 0, 0])      # unanimous: each person's answer is known
    assert not publishable([1, 1, 0, 0])      # fewer than three
    assert publishable([1, 1, 1, 0])


def test_a_status_question_by_country_in_the_status_chapter():
    frame = policymaker_frame(["BE"] * 3 + ["FR"] * 3 + ["IT"] * 2)
    # q8 "Can victims obtain a residence permit on the basis of these rights?" (yes / partly / no / don't know)
    frame["q8"] = ["yes", "yes", "no"] + ["partly"] * 3 + ["yes", "no"]
    inputs = _inputs()
    inputs.frames = {**inputs.frames, "policymaker": frame}
    report = build_report(inputs, n_boot=200)
    status = next(s for _, s in report.walk() if s.id == "theme-status-professionals")
    table = next(b for b in status.blocks if isinstance(b, TableBlock) and b.id.endswith("policymaker-q8"))
    rows = {r[0]: r[1:] for r in table.rows}
    assert table.header[1:] == ("Yes", "Partly", "No", "Don't know", "Answered")
    assert rows["Belgium"] == ("2", "0", "1", "0", "3")
    assert rows["France"] == (SUPPRESSED_SYMBOL,) * 4 + ("3",)   # all three said "partly"
    assert rows["Italy"] == (SUPPRESSED_SYMBOL,) * 4 + ("2",)    # only two answered
    assert "Total" not in rows
