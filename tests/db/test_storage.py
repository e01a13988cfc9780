"""Storage on SQLite (default) and PostgreSQL (make test-postgres runs this file again there)."""

import datetime as dt

import pytest
from django.db import connection

from fiit.db.answers import KeyDestroyed, data_key_for, destroy_interview, read_answers
from fiit.db.models import Answer, Country, Framework, Interview, InstrumentVersion, Study
from fiit.db.queries import interview_counts, study_summary
from fiit.db.store import create_interview, store_instrument, sync_frameworks, sync_instruments
from fiit.instruments import get_instrument, load_instrument_data
from fiit.vault import DecryptionError

pytestmark = pytest.mark.django_db

VICTIM_ANSWERS = {
    "a1": "CANARY-7f3a I felt alone at first.",
    "a_scale": 6, "b_scale": 7, "c_scale": 8, "d_scale": 5, "e_scale": 4,
    "b2": ["housing", "legal_advice"],
    "d1": "yes",
    "f_location": "abroad", "f1": "no",
    "sd_gender": "female", "sd_age": 29, "sd_citizenship": "third_country", "sd_exploitation": "sexual",
}


@pytest.fixture
def study():
    sync_frameworks()
    return Study.objects.create(name="Test study")


def make_interview(study, keyfile, code="R-1", country="BE", answers=None, instrument_id="victim"):
    return create_interview(
        study=study, instrument=get_instrument(instrument_id), country=country, language="nl",
        respondent_code=code, interview_date=dt.date(2013, 1, 15), answers=answers or VICTIM_ANSWERS,
        keyfile=keyfile,
    )


def test_backend_is_the_one_asked_for():
    import os

    url = os.environ.get("FIIT_TEST_DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_instruments_are_stored_once_per_version():
    rows = sync_instruments()
    assert sorted(rows) == ["policymaker", "service_provider", "victim"]
    sync_instruments()
    assert InstrumentVersion.objects.count() == 3
    victim = get_instrument("victim")
    changed = dict(victim.raw)
    changed["title"] = {lang: "Changed" for lang in victim.languages}
    altered = load_instrument_data(changed).instrument
    with pytest.raises(ValueError, match="needs a new version number"):
        store_instrument(altered)


def test_frameworks_and_countries_are_stored():
    sync_frameworks()
    assert list(Country.objects.values_list("code", flat=True)) == ["BE", "FR", "HU", "IT", "GB"]
    assert Framework.objects.count() == 5
    assert Country.objects.get(code="BE").name("nl") == "België"


def test_answers_round_trip_and_sensitive_ones_are_sealed(study, keyfile):
    interview = make_interview(study, keyfile)
    stored = {a.question_id: a for a in Answer.objects.filter(interview=interview)}
    assert stored["a_scale"].value == 6 and stored["a_scale"].sealed is None
    assert stored["b2"].value == ["housing", "legal_advice"]
    assert stored["a1"].value is None and stored["a1"].sealed is not None
    assert b"CANARY-7f3a" not in bytes(stored["a1"].sealed)
    back = read_answers(interview, get_instrument("victim"), keyfile)
    assert back == VICTIM_ANSWERS
    without_key = read_answers(interview, get_instrument("victim"), None)
    assert "a1" not in without_key and without_key["a_scale"] == 6


def test_open_text_is_not_in_the_database_in_the_clear(study, keyfile):
    make_interview(study, keyfile)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM fiit_answer WHERE CAST(value AS TEXT) LIKE %s", ["%CANARY-7f3a%"])
        assert cursor.fetchone()[0] == 0


def test_sealed_answer_moved_to_another_interview_does_not_open(study, keyfile):
    first = make_interview(study, keyfile, code="R-1")
    second = make_interview(study, keyfile, code="R-2", answers={**VICTIM_ANSWERS, "a1": "other text"})
    blob = Answer.objects.get(interview=first, question_id="a1").sealed
    Answer.objects.filter(interview=second, question_id="a1").update(sealed=blob)
    second.refresh_from_db()
    with pytest.raises(DecryptionError):
        read_answers(second, get_instrument("victim"), keyfile)


def test_destroyed_interview_cannot_be_read_from_an_earlier_copy(study, keyfile):
    interview = make_interview(study, keyfile)
    # A "backup": the interview row with its wrapped key and the sealed answers, as they were.
    backup = Interview.objects.get(pk=interview.pk)
    backup_answers = {a.question_id: bytes(a.sealed) for a in Answer.objects.filter(interview=interview) if a.sealed}
    assert read_answers(backup, get_instrument("victim"), keyfile)["a1"] == VICTIM_ANSWERS["a1"]
    destroy_interview(interview, keyfile)
    assert not Interview.objects.filter(pk=backup.pk).exists()
    assert not Answer.objects.filter(interview_id=backup.pk).exists()
    assert backup.wrapped_key  # the copy still holds its wrapped key ...
    with pytest.raises(KeyDestroyed):  # ... but the key share outside the database is gone
        data_key_for(backup, keyfile)
    assert backup_answers["a1"]


def test_key_rotation_rewraps_data_keys_and_keeps_answers_readable(study, keyfile):
    from fiit.db.rotation import rotate_keys
    from fiit.vault import load_key_file

    first = make_interview(study, keyfile, code="R-1")
    second = make_interview(study, keyfile, code="R-2")
    sealed_before = sorted(bytes(a.sealed) for a in Answer.objects.exclude(sealed=None))
    old_id = keyfile.current_id
    rotated, count = rotate_keys(keyfile)
    assert count == 2 and rotated.current_id != old_id
    # Issue 14 (H1): rotation keeps the old key, for reading only, until 'fiit keys retire' drops it.
    assert sorted(load_key_file(keyfile.path).keys) == sorted([old_id, rotated.current_id])
    assert load_key_file(keyfile.path).current_id == rotated.current_id
    for interview in (first, second):
        interview.refresh_from_db()
        assert interview.key_id == rotated.current_id
        assert read_answers(interview, get_instrument("victim"), rotated)["a1"] == VICTIM_ANSWERS["a1"]
    assert sorted(bytes(a.sealed) for a in Answer.objects.exclude(sealed=None)) == sealed_before


def test_respondent_code_is_unique_within_a_study(study, keyfile):
    from django.db import IntegrityError, transaction

    make_interview(study, keyfile, code="R-9")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_interview(study, keyfile, code="R-9")


def test_interview_counts_by_instrument_and_country(study, keyfile):
    for i, country in enumerate(["BE", "BE", "IT"]):
        make_interview(study, keyfile, code=f"V{i}", country=country)
    make_interview(study, keyfile, code="P1", country="FR", instrument_id="policymaker",
                   answers={"q1": "A definition.", "sd_name": "Synthetic Name"})
    assert interview_counts() == {
        "policymaker": {"FR": 1},
        "service_provider": {},
        "victim": {"BE": 2, "IT": 1},
    }
    summary = study_summary()
    assert summary["interviews"]["victim"] == {"BE": 2, "IT": 1}
    assert summary["frameworks"]["HU"]["identified_victims_total"] == 181
