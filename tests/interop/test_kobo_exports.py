"""KoboToolbox exports as formpack (KoboToolbox's exporter) writes them import exactly (tests/data/kobo)."""

import datetime as dt
import json
from pathlib import Path

import pytest

from fiit.instruments import get_instrument
from fiit.interop.submissions.rows import normalise_submission_id

from .support import import_with_list

DATA = Path(__file__).resolve().parent.parent / "data" / "kobo"
FIXTURES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".csv", ".xlsx"))
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


def test_every_variant_is_here():
    assert FIXTURES == ["kobo-default.xlsx", "kobo-labels-fr-groups-dot.xlsx", "kobo-labels-hu-groups-dash.xlsx",
                        "kobo-labels-it.csv", "kobo-labels-nl-groups.csv", "kobo-xml-groups.csv"]


@pytest.mark.parametrize("name", FIXTURES)
def test_a_formpack_export_imports_exactly(victim, name):
    report, store = import_with_list(DATA / name, victim, "kobo")
    assert (report.imported, report.rejected) == (len(EXPECTED), [])
    stored = {s.external_id: s for s in store.stored}
    for expected in EXPECTED:
        submission = stored[normalise_submission_id(expected["uuid"])]
        assert submission.answers == expected["answers"]
        assert (submission.country, submission.language) == (expected["country"], expected["language"])
        started = dt.datetime.fromisoformat(expected["started"])
        # The consent time is the interview's start, right in UTC whether or not the export kept its offset.
        assert submission.consent["recorded_at"] == started
        assert submission.consent["recorded_at"].astimezone(dt.timezone.utc) == started.astimezone(dt.timezone.utc)
        assert submission.interview_date == started.date()
        assert submission.consent["research_use"] is True
        assert (submission.consent["quotes"], submission.consent["follow_up"]) == \
            (expected["quotes"], expected["follow_up"])


def test_the_default_export_says_how_it_was_read(victim):
    report, _ = import_with_list(DATA / "kobo-default.xlsx", victim, "kobo")
    messages = " ".join(w["message"] for w in report.warnings)
    assert "named by their labels in English (en)" in messages
    # The default XLSX drops the UTC offset: the summary says which zones the starts were read in.
    zones = {e["country"] for e in EXPECTED}
    assert f"{len(EXPECTED)} interview start time(s) had no UTC offset" in messages
    assert "Europe/London" in messages and "Europe/Brussels" in messages and len(zones) == 5


def test_the_default_export_keeps_answers_that_begin_with_equals_as_text(victim):
    texts = [v for e in EXPECTED for v in e["answers"].values() if isinstance(v, str) and v.startswith("=")]
    assert texts, "the fixture has answers beginning with '='"
    report, store = import_with_list(DATA / "kobo-default.xlsx", victim, "kobo")
    stored = [v for s in store.stored for v in s.answers.values() if isinstance(v, str) and v.startswith("=")]
    assert sorted(stored) == sorted(texts)
    assert any(f"{len(texts)} cell(s) of the workbook are stored as formulas" in w["message"]
               for w in report.warnings)


def test_an_offset_in_the_export_wins_over_the_country_zone(victim):
    report, store = import_with_list(DATA / "kobo-xml-groups.csv", victim, "kobo")
    assert not any("had no UTC offset" in w["message"] for w in report.warnings)
    assert all(s.read_in_zone == "" for s in store.stored)


@pytest.mark.parametrize("name", ["kobo-default.xlsx", "kobo-labels-nl-groups.csv"])
def test_label_exports_read_the_same_in_the_reader_process(victim, name):
    inline, inline_store = import_with_list(DATA / name, victim, "kobo", read_beside=False)
    beside, beside_store = import_with_list(DATA / name, victim, "kobo", read_beside=True)
    assert inline.to_dict() == beside.to_dict()
    assert [s.answers for s in inline_store.stored] == [s.answers for s in beside_store.stored]
