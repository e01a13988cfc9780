"""Round trip: exported form → synthetic submissions in KoboToolbox and ODK Central export formats
→ import → the stored answers equal the generated ones; a second import adds nothing."""

import datetime as dt
from pathlib import Path

import pytest

from fiit.db.answers import read_answers
from fiit.db.audit import verify
from fiit.db.imports import choose_study, run_import
from fiit.db.models import Answer, AuditEvent, Interview, Study
from fiit.db.store import create_interview, sync_frameworks
from fiit.instruments import BUILTIN_IDS, get_instrument
from fiit.interop.submissions.rows import normalise_submission_id, respondent_code
from tests.interop.samples import sample_submissions, write_kobo_csv, write_kobo_xlsx, write_odk_csv
from fiit.interop.forms.texts import XLSFORM_CONSENT_VERSION

pytestmark = pytest.mark.django_db

FORMATS = {
    "kobo-csv-semicolon": ("kobo", lambda p, i, s: write_kobo_csv(p.with_suffix(".csv"), i, s, delimiter=";")),
    "kobo-csv-comma": ("kobo", lambda p, i, s: write_kobo_csv(p.with_suffix(".csv"), i, s, delimiter=",")),
    "kobo-csv-option-columns-only": (
        "kobo", lambda p, i, s: write_kobo_csv(p.with_suffix(".csv"), i, s, multiple_select="details")),
    "kobo-xlsx": ("kobo", lambda p, i, s: write_kobo_xlsx(p.with_suffix(".xlsx"), i, s)),
    "odk-csv": ("odk", lambda p, i, s: write_odk_csv(p.with_suffix(".csv"), i, s)),
    "odk-csv-split-select-multiples": (
        "odk", lambda p, i, s: write_odk_csv(p.with_suffix(".csv"), i, s, split_select_multiples=True)),
}


@pytest.fixture
def study():
    sync_frameworks()
    return Study.objects.create(name="Round trip")


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip(tmp_path: Path, keyfile, study, instrument_id, fmt):
    instrument = get_instrument(instrument_id)
    source, write = FORMATS[fmt]
    generated = list(sample_submissions(instrument, 10, seed=sum(map(ord, fmt + instrument_id))))
    path = write(tmp_path / "export", instrument, generated)

    report = run_import(path, instrument, source, keyfile=keyfile, study=study)
    assert (report.imported, report.duplicates, report.rejected, report.warnings) == (10, 0, [], [])

    for sample in generated:
        external_id = normalise_submission_id(sample.uuid)
        interview = Interview.objects.get(external_id=external_id)
        assert read_answers(interview, instrument, keyfile) == sample.answers
        assert interview.country_id == sample.country and interview.language == sample.language
        assert interview.interview_date == sample.started.date()
        assert interview.respondent_code == respondent_code(source, external_id)
        assert (interview.source, interview.status, interview.synthetic) == (source, "final", False)
        assert interview.consent_research_use
        assert (interview.consent_quotes, interview.consent_follow_up) == (sample.quotes, sample.follow_up)
        assert interview.consent_text_version == XLSFORM_CONSENT_VERSION
        assert interview.consent_recorded_at == sample.started

    again = run_import(path, instrument, source, keyfile=keyfile, study=study)
    assert (again.imported, again.duplicates, again.rejected_rows) == (0, 10, 0)
    assert Interview.objects.count() == 10


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_declined_to_answer_makes_the_round_trip(tmp_path: Path, keyfile, study, fmt):
    """Recorded on the form as a ticked box (scales) or the extra choice (single choices), stored as 'declined'."""
    from fiit.instruments import DECLINED

    instrument = get_instrument("victim")
    source, write = FORMATS[fmt]
    generated = list(sample_submissions(instrument, 12, seed=41, decline=0.5))
    declined = {qid for s in generated for qid, value in s.answers.items() if value == DECLINED}
    assert {"a_scale", "sd_citizenship"} <= declined  # both ways of recording it are in the file
    report = run_import(write(tmp_path / "export", instrument, generated), instrument, source,
                        keyfile=keyfile, study=study)
    assert (report.imported, report.rejected, report.warnings) == (12, [], [])
    for sample in generated:
        interview = Interview.objects.get(external_id=normalise_submission_id(sample.uuid))
        assert read_answers(interview, instrument, keyfile) == sample.answers


@pytest.mark.parametrize("fmt", ["kobo-csv-semicolon", "kobo-xlsx", "odk-csv"])
def test_round_trip_reading_and_sealing_in_a_second_process(tmp_path: Path, keyfile, study, fmt):
    """What large files go through: rows read, checked and sealed in a reader process, stored by this one."""
    from fiit.vault.shares import share_store_for

    instrument = get_instrument("victim")
    source, write = FORMATS[fmt]
    generated = list(sample_submissions(instrument, 40, seed=31))
    path = write(tmp_path / "export", instrument, generated[:30])
    report = run_import(path, instrument, source, keyfile=keyfile, study=study, read_beside=True)
    assert (report.imported, report.duplicates, report.rejected) == (30, 0, [])
    shares = share_store_for(keyfile.path)
    assert shares.count() == 30
    # The export grows; importing it again stores only the new rows and issues keys only for them.
    path = write(tmp_path / "grown", instrument, generated)
    again = run_import(path, instrument, source, keyfile=keyfile, study=study, read_beside=True)
    assert (again.imported, again.duplicates, again.rejected_rows) == (10, 30, 0)
    assert shares.count() == Interview.objects.count() == 40
    for sample in generated:
        interview = Interview.objects.get(external_id=normalise_submission_id(sample.uuid))
        assert read_answers(interview, instrument, keyfile) == sample.answers
    assert verify(keyfile).ok


def test_open_answers_are_sealed_as_web_capture_seals_them(tmp_path, keyfile, study):
    """An imported interview stores the same rows as one saved through create_interview."""
    instrument = get_instrument("service_provider")
    sample = next(sample_submissions(instrument, 1, seed=3))
    path = write_kobo_csv(tmp_path / "one.csv", instrument, [sample])
    run_import(path, instrument, "kobo", keyfile=keyfile, study=study)
    imported = Interview.objects.get(source="kobo")
    captured = create_interview(
        study=study, instrument=instrument, country=sample.country, language=sample.language,
        respondent_code="R-WEB", interview_date=dt.date(2024, 3, 1), answers=sample.answers, keyfile=keyfile,
    )

    def shape(interview):
        return sorted((a.question_id, a.value, a.sealed is None) for a in Answer.objects.filter(interview=interview))

    assert shape(imported) == shape(captured)
    sealed = [a for a in Answer.objects.filter(interview=imported) if a.sealed is not None]
    assert {a.question_id for a in sealed} == {q.id for q in instrument.questions()
                                               if q.is_sensitive and q.id in sample.answers}
    for answer in sealed:
        assert sample.answers[answer.question_id].encode() not in bytes(answer.sealed)
    assert read_answers(imported, instrument, keyfile) == read_answers(captured, instrument, keyfile)
    assert read_answers(imported, instrument, None).keys() == {
        qid for qid in sample.answers if not instrument.question(qid).is_sensitive}


def test_the_import_is_audited(tmp_path, keyfile, study):
    instrument = get_instrument("victim")
    path = write_kobo_csv(tmp_path / "kobo.csv", instrument, sample_submissions(instrument, 4, seed=8))
    report = run_import(path, instrument, "kobo", keyfile=keyfile, study=study, actor="tester")
    events = list(AuditEvent.objects.filter(action="import").order_by("seq"))
    batch, summary = events
    ids = sorted(Interview.objects.values_list("pk", flat=True))
    assert batch.actor == "tester" and batch.details["interviews"] == ids
    assert batch.details["file_sha256"] == report.file_sha256
    assert summary.details["imported"] == 4 and summary.record_id == str(study.pk)
    assert verify(keyfile).ok
    text = str([e.details for e in events])
    assert all(s not in text for s in ("caseworker listened", "meant it, twice", "kobo.csv"))


def test_a_dry_run_writes_nothing(tmp_path, keyfile):
    instrument = get_instrument("policymaker")
    path = write_odk_csv(tmp_path / "odk.csv", instrument, sample_submissions(instrument, 3, seed=2))
    study, created = choose_study(None, create=True, save=False)
    report = run_import(path, instrument, "odk", keyfile=keyfile, study=study, dry_run=True)
    assert report.imported == 3 and created
    assert not Study.objects.exists() and not Interview.objects.exists() and not AuditEvent.objects.exists()


def test_real_submissions_never_go_into_the_synthetic_demo_study(tmp_path, keyfile):
    from fiit.interop.errors import InteropError

    demo = Study.objects.create(name="FIIT demo study (synthetic data)", synthetic=True)
    instrument = get_instrument("policymaker")
    path = write_odk_csv(tmp_path / "odk.csv", instrument, sample_submissions(instrument, 1))
    with pytest.raises(InteropError, match="holds synthetic demo data"):
        run_import(path, instrument, "odk", keyfile=keyfile, study=demo)


def test_the_study_is_the_only_real_one_or_named(keyfile):
    from fiit.db.imports import StudyChoiceError

    first, created = choose_study(None, create=True)
    assert created and first.name == "FIIT study"
    assert choose_study(None, create=True) == (first, False)
    Study.objects.create(name="Second")
    with pytest.raises(StudyChoiceError, match="several studies"):
        choose_study(None, create=True)
    assert choose_study("Second", create=False)[0].name == "Second"


def test_the_losing_one_of_two_concurrent_imports_reports_duplicates_not_rejections(tmp_path, keyfile, study):
    """Another import stored one submission meanwhile: the batch falls back to row by row, and the row
    the other import stored is counted as already present (issue 14 L5: it was reported as rejected)."""
    from fiit.db.imports import DatabaseStore
    from fiit.interop.submissions.importing import import_file
    from fiit.vault.shares import share_store_for

    class Racing(DatabaseStore):
        checks = 0

        def stored_ids(self):
            return frozenset()  # as if the other import committed after this import began ...

        def existing(self, external_ids):
            self.checks += 1
            if self.checks == 1:
                return set()  # ... and after this import's check before writing
            return super().existing(external_ids)

    instrument = get_instrument("victim")
    subs = list(sample_submissions(instrument, 5, seed=13))
    path = write_kobo_csv(tmp_path / "kobo.csv", instrument, subs)
    run_import(write_kobo_csv(tmp_path / "first.csv", instrument, subs[2:3]), instrument, "kobo",
               keyfile=keyfile, study=study)
    shares = share_store_for(keyfile.path)
    before = shares.count()
    store = Racing(study=study, instrument=instrument, keyfile=keyfile, source="kobo")
    report = import_file(path, instrument, "kobo", store, known_countries=frozenset(["BE", "FR", "HU", "IT", "GB"]))
    assert (report.imported, report.duplicates, report.rejected_rows, report.rejected) == (4, 1, 0, [])
    assert "5 row(s) read: imported 4, 1 already imported (skipped), 0 rejected" in report.summary()
    assert Interview.objects.count() == 5
    assert shares.count() == before + 4
    for sample in subs:
        interview = Interview.objects.get(external_id=normalise_submission_id(sample.uuid))
        assert read_answers(interview, instrument, keyfile) == sample.answers


def test_a_row_that_cannot_be_stored_leaves_the_others_stored_and_no_key_share_behind(tmp_path, keyfile, study):
    """A row whose respondent code another interview holds (a different submission) is rejected, alone."""
    from fiit.db.imports import DatabaseStore
    from fiit.interop.submissions.importing import import_file
    from fiit.vault.shares import share_store_for

    instrument = get_instrument("victim")
    subs = list(sample_submissions(instrument, 5, seed=13))
    path = write_kobo_csv(tmp_path / "kobo.csv", instrument, subs)
    run_import(write_kobo_csv(tmp_path / "first.csv", instrument, subs[2:3]), instrument, "kobo",
               keyfile=keyfile, study=study)
    # The stored interview keeps row 4's respondent code under another submission id: not a duplicate, a clash.
    Interview.objects.filter(external_id=normalise_submission_id(subs[2].uuid)).update(external_id="uuid:another")
    shares = share_store_for(keyfile.path)
    before = shares.count()
    store = DatabaseStore(study=study, instrument=instrument, keyfile=keyfile, source="kobo")
    report = import_file(path, instrument, "kobo", store, known_countries=frozenset(["BE", "FR", "HU", "IT", "GB"]))
    assert (report.imported, report.duplicates, report.rejected_rows) == (4, 0, 1)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (4, "The row could not be stored: the database already holds an interview with its submission id or "
            "respondent code (was the same file imported twice at the same time?)."),
    ]
    assert Interview.objects.count() == 5
    assert shares.count() == before + 4


def test_an_interrupted_import_keeps_what_it_stored_and_says_so(tmp_path, keyfile, study):
    """Ctrl-C part-way: the batches already stored stay, the audit trail says so, a second run adds the rest."""
    from fiit.interop.submissions.importing import BATCH_SIZE, ImportInterrupted

    instrument = get_instrument("policymaker")
    generated = list(sample_submissions(instrument, BATCH_SIZE + 100, seed=17))
    path = write_kobo_csv(tmp_path / "kobo.csv", instrument, generated)

    def stop_after_the_first_batch(rows, total):
        if Interview.objects.exists():
            raise KeyboardInterrupt

    with pytest.raises(ImportInterrupted) as info:
        run_import(path, instrument, "kobo", keyfile=keyfile, study=study, progress=stop_after_the_first_batch)
    stored = Interview.objects.count()
    assert stored == info.value.report.imported == BATCH_SIZE
    assert f"{BATCH_SIZE} were imported and stay stored" in str(info.value)
    summary = AuditEvent.objects.filter(action="import", record_type="study").get()
    assert summary.details["interrupted"] is True and summary.details["imported"] == BATCH_SIZE
    assert verify(keyfile).ok

    again = run_import(path, instrument, "kobo", keyfile=keyfile, study=study)
    assert (again.imported, again.duplicates) == (100, BATCH_SIZE)
    assert Interview.objects.count() == len(generated)


def test_a_withdrawn_respondent_is_not_imported_again(tmp_path, keyfile, study, django_user_model):
    """Withdrawal deletes the interview; the same export imported again must not bring it back."""
    from fiit.db.capture import withdraw
    from fiit.db.models import WithdrawnSubmission

    instrument = get_instrument("victim")
    generated = list(sample_submissions(instrument, 3, seed=29))
    path = write_odk_csv(tmp_path / "odk.csv", instrument, generated)
    run_import(path, instrument, "odk", keyfile=keyfile, study=study)
    gone = normalise_submission_id(generated[1].uuid)
    lead = django_user_model.objects.create_user("lead")
    withdraw(Interview.objects.get(external_id=gone), user=lead, keyfile=keyfile)

    again = run_import(path, instrument, "odk", keyfile=keyfile, study=study)
    assert (again.imported, again.duplicates, again.withdrawn, again.rejected_rows) == (0, 2, 1, 0)
    assert "1 row(s) not imported again: the respondent withdrew" in again.summary()
    assert again.to_dict()["withdrawn"] == 1
    assert not Interview.objects.filter(external_id=gone).exists() and Interview.objects.count() == 2
    # What is kept recognises the submission without holding its id.
    mark = WithdrawnSubmission.objects.get().mark
    assert gone not in mark and generated[1].uuid not in mark and len(mark) == 64
    summary = AuditEvent.objects.filter(action="import", record_type="study").order_by("seq").last()
    assert summary.details["withdrawn"] == 1


@pytest.mark.parametrize("instrument_id", BUILTIN_IDS)
@pytest.mark.parametrize("fmt", ["kobo-csv-semicolon", "kobo-csv-option-columns-only", "odk-csv-split-select-multiples"])
def test_every_kind_of_question_declined_makes_the_round_trip_with_its_state(tmp_path: Path, keyfile, study,
                                                                             instrument_id, fmt):
    """Issue 13 item 5: declined comes back as declined (box, single or multiple choice), a question skipped by
    routing as not applicable, one left empty as unanswered; counted from the stored interviews."""
    from collections import Counter

    from fiit.db.answer_states import answer_state_frame
    from fiit.instruments import DECLINED
    from fiit.instruments.conditions import evaluate

    instrument = get_instrument(instrument_id)
    source, write = FORMATS[fmt]
    generated = list(sample_submissions(instrument, 16, seed=sum(map(ord, fmt + instrument_id)), decline=0.4))
    kinds = {instrument.question(q).type for s in generated for q, v in s.answers.items() if v == DECLINED}
    assert kinds == {q.type for q in instrument.questions()}  # every kind of question declined at least once
    report = run_import(write(tmp_path / "export", instrument, generated), instrument, source,
                        keyfile=keyfile, study=study)
    assert (report.imported, report.rejected, report.warnings) == (16, [], [])
    for sample in generated:
        interview = Interview.objects.get(external_id=normalise_submission_id(sample.uuid))
        assert read_answers(interview, instrument, keyfile) == sample.answers

    # The states, worked out from the generated answers with the condition interpreter.
    expected: dict[str, Counter] = {q.id: Counter() for q in instrument.questions() if not q.is_sensitive}
    Interview.objects.filter(study=study).update(status="final")
    by_uid = {normalise_submission_id(s.uuid): s for s in generated}
    order = Interview.objects.filter(study=study).order_by("pk").values_list("external_id", flat=True)
    for external_id in order:
        answers, seen = by_uid[external_id].answers, {}
        for q in instrument.questions():
            if not evaluate(q.relevant, seen):
                state = "not_applicable"
            else:
                seen[q.id] = answers.get(q.id)
                state = ("unanswered" if q.id not in answers else
                         "declined" if answers[q.id] == DECLINED else "answered")
            if q.id in expected:
                expected[q.id][state] += 1
    frame = answer_state_frame(study, instrument)
    for question_id, counts in expected.items():
        assert Counter(frame[question_id]) == counts, question_id
    assert sum(c["declined"] for c in expected.values()) and sum(c["not_applicable"] for c in expected.values()) \
        or instrument_id == "policymaker"


def test_a_multiple_choice_declined_with_an_answer_is_refused(tmp_path: Path, keyfile, study):
    from tests.interop.support import edited_export, import_with_list

    victim = get_instrument("victim")
    mc = next(q for q in victim.questions() if q.type == "multiple_choice")
    submissions = [s for s in sample_submissions(victim, 12, seed=5, countries=("IT",), decline=0.0)
                   if isinstance(s.answers.get(mc.id), list)][:3]
    assert len(submissions) == 3

    def edit(header, rows):
        [column] = [c for c in header if c.endswith(f"/{mc.id}")]
        assert rows[0][column]
        rows[0][column] += " declined"

    report, store = import_with_list(edited_export(tmp_path, victim, submissions, edit), victim)
    assert report.rejected_rows == 1 and report.imported == 2
    assert any("'declined' is ticked together with an answer" in r.reason for r in report.rejected)


def test_an_import_of_many_refreshes_postgresqls_planner_statistics(tmp_path: Path, keyfile, study, monkeypatch):
    """After a bulk import PostgreSQL plans with fresh statistics (fiit.db.bulk.refresh_statistics): the
    interview table's row estimate is its row count at once, not whenever autovacuum comes by."""
    from django.db import connection

    from fiit.db import bulk, imports

    calls = []

    def spy(imported):
        calls.append((imported, bulk.refresh_statistics(imported)))
        return calls[-1][1]

    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 5)
    monkeypatch.setattr(imports, "refresh_statistics", spy)
    instrument = get_instrument("victim")
    small = write_kobo_csv(tmp_path / "small.csv", instrument, sample_submissions(instrument, 4, seed=3))
    run_import(small, instrument, "kobo", keyfile=keyfile, study=study)
    many = write_kobo_csv(tmp_path / "many.csv", instrument, sample_submissions(instrument, 6, seed=4))
    run_import(many, instrument, "kobo", keyfile=keyfile, study=study)
    postgres = connection.vendor == "postgresql"
    assert calls == [(4, False), (6, postgres)]  # below the threshold, or not PostgreSQL: nothing to do
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Interview._meta.db_table])
            assert cursor.fetchone()[0] == Interview.objects.count() == 10
