"""Each kind of bad row is rejected with its row number, column and reason; the other rows are imported."""

import pytest

from fiit.instruments import get_instrument, get_instrument_version
from fiit.interop.submissions import importing
from tests.interop.samples import sample_submissions, write_kobo_csv

from .support import edited_export, import_with_list, kobo_table, write_rows

EDITED_ROW = 1  # the second data row ...
EDITED_ROW_NUMBER = 3  # ... is row 3 of the file (the header is row 1)


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def submissions(victim):
    # No "declined to answer" here: each test edits answers that must be there (see test_declined_* below).
    return list(sample_submissions(victim, 3, seed=21, countries=("IT",), decline=0))


def rejected_row(tmp_path, instrument, submissions, changes, **options):
    """Import with ``changes`` made to the second row; that row alone must be rejected."""
    def edit(header, rows):
        for column, value in changes.items():
            assert column in header, column
            rows[EDITED_ROW][column] = value

    path = edited_export(tmp_path, instrument, submissions, edit)
    report, store = import_with_list(path, instrument, **options)
    assert report.imported == 2 and report.rejected_rows == 1
    assert [s.row for s in store.stored] == [2, 4]
    assert {r.row for r in report.rejected} == {EDITED_ROW_NUMBER}
    return [(r.column, r.reason) for r in report.rejected]


def test_scale_outside_1_to_10(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"a/a_scale": "11"}) == [
        ("a/a_scale", "The answer must be a whole number from 1 to 10; 11 is outside that range."),
    ]


def test_scale_that_is_not_a_number(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"a/a_scale": "seven"}) == [
        ("a/a_scale", "The answer must be a whole number; 'seven' is not."),
    ]


def test_unknown_choice(tmp_path, victim, submissions):
    changes = {"d/d1": "maybe", "d/d2": "", "d/d3": "", "d/d4": ""}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("d/d1", "'maybe' is not one of the answers this question offers."),
    ]


def test_missing_required_answer(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"c/c_scale": ""}) == [
        ("c/c_scale", "This question needs an answer before the interview can be finalised."),
    ]


def test_declined_with_a_ticked_box(tmp_path, victim, submissions):
    """The box just before a scale records "declined to answer"; Kobo leaves the skipped scale empty."""
    changes = {"a/fiit_declined_a_scale": "declined", "a/fiit_declined_a_scale/declined": "1", "a/a_scale": ""}
    edited = {**submissions[EDITED_ROW].answers, "a_scale": "declined"}

    def edit(header, rows):
        rows[EDITED_ROW].update(changes)

    report, store = import_with_list(edited_export(tmp_path, victim, submissions, edit), victim)
    assert report.imported == 3 and report.rejected == []
    assert store.stored[EDITED_ROW].answers == edited


def test_declined_box_ticked_and_the_question_answered(tmp_path, victim, submissions):
    changes = {"a/fiit_declined_a_scale": "declined", "a/fiit_declined_a_scale/declined": "1", "a/a_scale": "7"}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("a/a_scale", "The question has an answer and is also marked 'declined to answer' in "
                      "a/fiit_declined_a_scale; keep one of the two."),
    ]


def test_declined_box_with_something_else_in_it(tmp_path, victim, submissions):
    changes = {"a/fiit_declined_a_scale": "maybe", "a/fiit_declined_a_scale/declined": "0"}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("a/fiit_declined_a_scale", "'maybe' is not a choice of this box; it holds only 'declined' or nothing."),
    ]


def test_declined_box_and_its_option_column_disagree(tmp_path, victim, submissions):
    changes = {"a/fiit_declined_a_scale": "", "a/fiit_declined_a_scale/declined": "1", "a/a_scale": ""}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("a/fiit_declined_a_scale", "The box and its 0/1 option column disagree about: declined."),
    ]


def test_bad_date(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"start": "31/02/2024 10:00"}) == [
        ("start", "'31/02/2024 10:00' is not a date and time such as 2024-03-01T10:15:00."),
    ]


def test_answer_to_a_question_that_is_not_relevant(tmp_path, victim, submissions):
    changes = {"d/d1": "no", "d/d2": "I had help", "d/d3": "", "d/d4": ""}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("d/d2", "This question does not apply given the earlier answers, so it should have no answer."),
    ]


def _b2(chosen, ticked=None, instrument=None):
    ticked = chosen if ticked is None else ticked
    options = [o.value for o in (instrument or get_instrument("victim")).question("b2").options]
    cells = {f"b/b2/{o}": "1" if o in ticked else "0" for o in options}
    return {"b/b2": " ".join(chosen), **cells}


def test_option_not_offered_in_the_country(tmp_path):
    # victim 1.1.0 offered the helpline only in HU and IT (1.2.0 offers it everywhere)
    earlier = get_instrument_version("victim", "1.1.0")
    submissions = list(sample_submissions(earlier, 3, seed=21, countries=("IT",), decline=0))
    changes = {"fiit_country": "BE", **_b2(["housing", "helpline"], instrument=earlier)}
    assert rejected_row(tmp_path, earlier, submissions, changes) == [
        ("b/b2", "'helpline' is not offered in BE, so it cannot be chosen in this interview."),
    ]


def test_option_columns_that_disagree_with_the_answer(tmp_path, victim, submissions):
    changes = _b2(["housing"], ticked=["legal_advice"])
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("b/b2", "The answer and its 0/1 option columns disagree about: housing, legal_advice."),
    ]


def test_option_column_that_is_not_0_or_1(tmp_path, victim, submissions):
    changes = {**_b2(["housing"]), "b/b2/housing": "yes"}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("b/b2/housing", "An option column holds 0 or 1, not 'yes'."),
    ]


def test_no_consent(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"fiit_consent": "no"}) == [
        ("fiit_consent", "The respondent's consent is not recorded as 'yes', so this interview cannot be imported."),
    ]


def test_unknown_country(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"fiit_country": "DE"}) == [
        ("fiit_country", "'DE' is not one of the study's countries (BE, FR, GB, HU, IT)."),
    ]


def test_no_country_and_no_default(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"fiit_country": ""}) == [
        ("fiit_country", "The row does not say in which country the interview took place; give --country."),
    ]


def test_country_that_contradicts_the_option(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"fiit_country": "FR"}, country="IT") == [
        ("fiit_country", "The row says the interview took place in FR, but --country IT was given."),
    ]


def test_language_the_instrument_does_not_have(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"fiit_language": "de"}) == [
        ("fiit_language", "'de' is not a language of this instrument (en, nl, fr, it, hu)."),
    ]


def test_no_submission_id(tmp_path, victim, submissions):
    assert rejected_row(tmp_path, victim, submissions, {"_uuid": ""}) == [
        ("_uuid", "The row has no submission id, so it cannot be imported once and only once."),
    ]


def test_submission_rejected_in_review(tmp_path, victim, submissions):
    changes = {"_validation_status": "validation_status_not_approved"}
    assert rejected_row(tmp_path, victim, submissions, changes) == [
        ("_validation_status", "The submission was marked 'validation_status_not_approved' in review, so it is not imported."),
    ]


def test_every_problem_of_a_row_is_listed(tmp_path, victim, submissions):
    problems = rejected_row(tmp_path, victim, submissions, {"a/a_scale": "0", "b/b_scale": "12", "fiit_consent": ""})
    assert [column for column, _ in problems] == ["fiit_consent", "a/a_scale", "b/b_scale"]


def test_ranking_of_a_service_not_ticked_before(tmp_path):
    provider = get_instrument("service_provider")
    subs = list(sample_submissions(provider, 3, seed=5, countries=("IT",)))
    options = [o.value for o in provider.question("q11").options]
    changes = {"services/q11": "housing", "services/q12": "housing legal_advice",
               **{f"services/q11/{o}": "1" if o == "housing" else "0" for o in options}}
    assert rejected_row(tmp_path, provider, subs, changes) == [
        ("services/q12", "'legal_advice' can only be ranked if it was ticked in question q11."),
    ]


def test_the_same_submission_twice_in_a_file_is_imported_once(tmp_path, victim, submissions):
    def edit(header, rows):
        rows[2]["_uuid"] = rows[0]["_uuid"].upper()

    report, store = import_with_list(edited_export(tmp_path, victim, submissions, edit), victim)
    assert (report.imported, report.duplicates, report.rejected_rows) == (2, 1, 0)


def test_a_second_import_adds_nothing(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "kobo.csv", victim, submissions)
    report, store = import_with_list(path, victim)
    again, store = import_with_list(path, victim, store=store)
    assert (report.imported, again.imported, again.duplicates) == (3, 0, 3)
    assert len(store.stored) == 3


def test_unknown_columns_are_reported_not_dropped_silently(tmp_path, victim, submissions):
    def edit(header, rows):
        header.append("remarks")
        rows[0]["remarks"] = "checked by the supervisor"

    report, _ = import_with_list(edited_export(tmp_path, victim, submissions, edit), victim)
    assert report.imported == 3
    assert report.warnings == [{
        "column": "remarks",
        "message": f"Column 'remarks' is not part of instrument {victim.key}; its values were not imported.",
    }]


def test_the_country_option_fills_in_a_missing_country_column(tmp_path, victim, submissions):
    header, rows = kobo_table(victim, submissions)
    header.remove("fiit_country")
    path = write_rows(tmp_path / "nocountry.csv", header, rows)
    report, store = import_with_list(path, victim, country="IT")
    assert report.imported == 3 and {s.country for s in store.stored} == {"IT"}
    assert {s.language for s in store.stored} == {"it"}


def test_a_dry_run_stores_nothing(tmp_path, victim, submissions):
    path = write_kobo_csv(tmp_path / "kobo.csv", victim, submissions)
    report, store = import_with_list(path, victim, dry_run=True)
    assert report.imported == 3 and report.dry_run
    assert store.writes == 0 and store.stored == []


def test_the_summary_has_the_documented_json_shape(tmp_path, victim, submissions):
    path = edited_export(tmp_path, victim, submissions, lambda h, rows: rows[1].update({"a/a_scale": "11"}))
    data, _ = import_with_list(path, victim)
    data = data.to_dict()
    assert {"imported", "duplicates", "rejected"} <= set(data)
    assert data["imported"] == 2 and data["duplicates"] == 0
    assert data["rejected"] == [{"row": 3, "column": "a/a_scale",
                                 "reason": "The answer must be a whole number from 1 to 10; 11 is outside that range."}]


def test_a_flood_of_bad_rows_is_counted_not_listed_without_end(tmp_path, victim, submissions, monkeypatch):
    monkeypatch.setattr(importing, "MAX_LISTED_REJECTIONS", 2)

    def edit(header, rows):
        for row in rows:
            row["a/a_scale"] = "99"

    report, _ = import_with_list(edited_export(tmp_path, victim, submissions, edit), victim)
    assert report.rejected_rows == 3 and len(report.rejected) == 2 and report.not_listed == 1
    assert report.to_dict()["rejections_not_listed"] == 1


def test_progress_is_reported(tmp_path, victim, submissions):
    calls = []
    path = write_kobo_csv(tmp_path / "kobo.csv", victim, submissions)
    import_with_list(path, victim, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)


def test_a_row_already_imported_is_skipped_unread(tmp_path, victim, submissions):
    """Importing a grown export again: rows imported before are not checked again (edits there are not taken)."""
    from fiit.interop.submissions.rows import normalise_submission_id

    from .support import ListStore

    before = normalise_submission_id(submissions[EDITED_ROW].uuid)

    def edit(header, rows):
        rows[EDITED_ROW]["a/a_scale"] = "11"  # would be rejected if it were read

    path = edited_export(tmp_path, victim, submissions, edit)
    report, store = import_with_list(path, victim, store=ListStore(stored={before}))
    assert (report.imported, report.duplicates, report.rejected_rows) == (2, 1, 0)
    assert [s.row for s in store.stored] == [2, 4]
    fresh, _ = import_with_list(path, victim)  # the same file into an empty store: that row is read, and rejected
    assert (fresh.imported, fresh.rejected_rows) == (2, 1)
