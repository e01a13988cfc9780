"""The status chapter counts what victims said about their status (victim instrument 1.2.0), not a scale.

Every published cell is checked against counts made here by hand from the demo's victim frame, which
holds interviews on 1.1.0 (not asked) and 1.2.0 (issue 12).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from fiit.analysis import SUPPRESSED_SYMBOL
from fiit.reports import build_report
from fiit.reports.model import Figure, TableBlock
from fiit.vocabulary import vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def victims(demo_data):
    frame = demo_data.inputs.frames["victim"]
    assert set(frame["instrument_version"]) == {"1.1.0", "1.2.0"}  # the mixed-version path
    return frame


def _group(row) -> str:
    if row["instrument_version"] == "1.1.0":
        return "not_asked"
    status = row["residence_status"]
    if status is None or pd.isna(status) or status == "declined":
        return "not_stated"
    return {s.code: s.group for s in vocabulary().residence_statuses}[status]


def _band(row) -> str:
    if row["instrument_version"] == "1.1.0":
        return "not_asked"
    year = row["identification_year"]
    if year is None or pd.isna(year) or year == "declined":
        return "not_stated"
    gap = int(row["interview_year"]) - int(year)
    return "years_0_1" if gap <= 1 else "years_2_3" if gap <= 3 else "years_4_plus"


def _table(report, id) -> TableBlock:
    return next(t for t in report.blocks(TableBlock) if t.id == id)


def _check(table: TableBlock, expected: dict[str, Counter], labels: dict[str, str], names: dict[str, str]):
    header = list(table.header)
    published = 0
    for row in table.rows[:-1] if table.total_row else table.rows:
        code = names[row[0]]
        for column, cell in zip(header[1:-1], row[1:-1]):
            if cell != SUPPRESSED_SYMBOL:
                assert int(cell) == expected[code][labels[column]], (row[0], column)
                published += 1
        assert int(row[-1]) == sum(expected[code].values())  # the design count of victims there
    return published


def test_residence_status_and_years_since_identification_by_country(demo_data, victims):
    report = build_report(demo_data.inputs, lang="en")
    countries = {vocabulary().country_name(c, "en"): c for c in vocabulary().country_codes}
    by_group = {c: Counter(_group(r) for _, r in victims[victims["country"] == c].iterrows())
                for c in countries.values()}
    by_band = {c: Counter(_band(r) for _, r in victims[victims["country"] == c].iterrows())
               for c in countries.values()}
    group_labels = {g.label["en"]: g.code for g in vocabulary().residence_status_groups}
    group_labels.update({"Not stated": "not_stated", "Not asked (earlier instrument version)": "not_asked"})
    band_labels = {"0-1 years": "years_0_1", "2-3 years": "years_2_3", "4 years or more": "years_4_plus",
                   "Not stated": "not_stated", "Not asked (earlier instrument version)": "not_asked"}
    assert _check(_table(report, "tab-residence-group"), by_group, group_labels, countries) >= 3
    assert _check(_table(report, "tab-years-since-identification"), by_band, band_labels, countries) >= 1
    detail = _table(report, "tab-residence-status")
    statuses = Counter(victims.loc[victims["instrument_version"] == "1.2.0", "residence_status"].dropna())
    labels = {s.label["en"]: s.code for s in vocabulary().residence_statuses}
    shown = 0
    for _group_label, status_label, cell in detail.rows[:-1]:
        if status_label in labels and cell != SUPPRESSED_SYMBOL:
            assert int(cell) == statuses[labels[status_label]]
            shown += 1
    assert shown >= 1 and detail.rows[-1][-1] == str(len(victims))


def test_the_status_chapter_holds_no_scale_and_the_overall_scale_moved_to_the_conclusions(demo_data):
    report = build_report(demo_data.inputs, lang="nl")
    sections = {s.id: s for _, s in report.walk()}
    status = sections["theme-status-victims"]
    assert not [b for b in status.blocks if isinstance(b, Figure)]
    assert {b.id for b in status.blocks if isinstance(b, TableBlock)} == {
        "tab-residence-group", "tab-residence-status", "tab-years-since-identification"}
    assert any("Verblijfsstatus en het jaar van identificatie" in getattr(b, "text", "") for b in status.blocks)
    assert [b.id for b in sections["conclusions-overall"].blocks if isinstance(b, Figure)] == ["fig-a_scale"]


def test_a_report_without_1_2_0_interviews_says_the_status_was_not_asked(demo_data):
    from dataclasses import replace

    frames = dict(demo_data.inputs.frames)
    frames["victim"] = frames["victim"].drop(columns=["instrument_version", "interview_year"])
    report = build_report(replace(demo_data.inputs, frames=frames), lang="en")
    status = next(s for _, s in report.walk() if s.id == "theme-status-victims")
    assert any("cannot say anything about it" in getattr(b, "text", "") for b in status.blocks)
