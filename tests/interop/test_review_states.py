"""Review states and KoboToolbox's legacy CSV (issue 15, item 6)."""

import csv

import pytest

from fiit.instruments import get_instrument
from tests.interop.samples import sample_submissions, write_odk_csv

from .support import edited_export, import_with_list


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def submissions(victim):
    return list(sample_submissions(victim, 4, seed=31))


def flag_kobo(states):
    def edit(header, rows):
        for row, state in zip(rows, states):
            row["_validation_status"] = state
    return edit


@pytest.mark.parametrize("state", ["validation_status_on_hold", "On Hold"])
def test_kobo_on_hold_is_imported_with_a_warning_per_row(tmp_path, victim, submissions, state):
    path = edited_export(tmp_path, victim, submissions, flag_kobo(["", state, "validation_status_approved", state]))
    report, store = import_with_list(path, victim)
    assert (report.imported, report.flagged, report.held_back, report.rejected) == (4, 2, 0, [])
    warned = [w["message"] for w in report.warnings if "in review" in w["message"]]
    assert warned == [f"Row 3 is marked '{state}' in review; it was imported: check it.",
                      f"Row 5 is marked '{state}' in review; it was imported: check it."]
    assert "2 imported row(s) were flagged" in report.summary()


def test_kobo_on_hold_is_held_back_when_asked_and_imported_later(tmp_path, victim, submissions):
    path = edited_export(tmp_path, victim, submissions, flag_kobo(["", "validation_status_on_hold", "", ""]))
    report, store = import_with_list(path, victim, hold_flagged=True)
    assert (report.imported, report.held_back, report.flagged) == (3, 1, 0)
    assert submissions[1].uuid not in {s.external_id.removeprefix("uuid:") for s in store.stored}
    assert "1 row(s) flagged in review (On Hold / hasIssues) were held back" in report.summary()
    again, store = import_with_list(path, victim, store=store)
    assert (again.imported, again.duplicates, again.flagged) == (1, 3, 1)


@pytest.mark.parametrize("state", ["Not Approved", "validation_status_not_approved"])
def test_kobo_not_approved_is_refused_in_labels_too(tmp_path, victim, submissions, state):
    path = edited_export(tmp_path, victim, submissions, flag_kobo([state, "", "", ""]))
    report, _ = import_with_list(path, victim)
    assert report.imported == 3
    assert [(r.row, r.column) for r in report.rejected] == [(2, "_validation_status")]


def _odk_with_states(tmp_path, victim, submissions, states):
    path = write_odk_csv(tmp_path / "central.csv", victim, submissions)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("ReviewState")
    for row, state in zip(rows[1:], states):
        row[column] = state
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_central_has_issues_is_warned_or_held_back(tmp_path, victim, submissions):
    path = _odk_with_states(tmp_path, victim, submissions, ["hasIssues", "", "approved", "edited"])
    report, _ = import_with_list(path, victim, "odk")
    assert (report.imported, report.flagged) == (4, 1)
    assert any(w["message"] == "Row 2 is marked 'hasIssues' in review; it was imported: check it."
               for w in report.warnings)
    held, store = import_with_list(path, victim, "odk", hold_flagged=True)
    assert (held.imported, held.held_back) == (3, 1)


def test_kobo_legacy_csv_n_a_cells_are_read_as_empty(tmp_path, victim, submissions):
    def legacy(header, rows):
        for row in rows:
            for column in header:
                if row.get(column, "") == "":
                    row[column] = "n/a"
    plain, plain_store = import_with_list(edited_export(tmp_path, victim, submissions, lambda h, r: None, "a.csv"),
                                          victim)
    path = edited_export(tmp_path, victim, submissions, legacy, "legacy.csv")
    cells = sum(1 for line in csv.reader(path.open(encoding="utf-8"), delimiter=";") for c in line if c == "n/a")
    report, store = import_with_list(path, victim)
    assert (report.imported, report.rejected) == (4, [])
    assert [s.answers for s in store.stored] == [s.answers for s in plain_store.stored]
    [warning] = [w["message"] for w in report.warnings if "n/a" in w["message"]]
    assert warning.startswith(f"{cells} cell(s) in 4 row(s) held 'n/a'") and "'CSV (legacy)'" in warning


def test_legacy_cells_are_read_as_empty_in_the_reader_process_too(tmp_path, victim, submissions):
    def legacy(header, rows):
        rows[0]["a/a1"] = "n/a" if not rows[0].get("a/a1") else rows[0]["a/a1"]
        rows[1]["_notes"] = "n/a"
    path = edited_export(tmp_path, victim, submissions, legacy, "legacy.csv")
    inline, _ = import_with_list(path, victim, read_beside=False)
    beside, _ = import_with_list(path, victim, read_beside=True)
    assert inline.to_dict() == beside.to_dict()
    assert any("n/a" in w["message"] for w in beside.warnings)
