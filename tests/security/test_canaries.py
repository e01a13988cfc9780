"""Canaries: what an interviewer types into an open answer, and a policymaker's name, never reach the
database files, the write-ahead log or the logs in the clear; sealed answers are bound to their place;
a backup taken before a withdrawal cannot be read for that interview afterwards.

The PostgreSQL variant runs under `make test-postgres` (FIIT_TEST_POSTGRES_DATA names the data folder).
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from tests.capture.support import make_interview, save

CANARY_TEXT = "CANARY-" + secrets.token_hex(8)
CANARY_NAME = "Hendrika Vermeulen-" + secrets.token_hex(4)


@pytest.fixture
def people(db):
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user
    from tests.capture.support import PASSWORD

    sync_frameworks()
    study = Study.objects.create(name="Canary study")
    return study, {
        "interviewer": create_user("canary_interviewer", "interviewer", PASSWORD, country="BE"),
        "lead": create_user("canary_lead", "country_lead", PASSWORD, country="BE"),
    }


def logged_in(client, user):
    from tests.support.otp import verified_login

    verified_login(client, user)
    return client


def database_files() -> list[Path]:
    """The files the database lives in: SQLite's file with its WAL, or PostgreSQL's data folder."""
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        return [p for p in name.parent.glob(name.name + "*") if p.is_file()]
    data = os.environ.get("FIIT_TEST_POSTGRES_DATA")
    if not data:
        pytest.skip("PostgreSQL data folder unknown: run under `make test-postgres` (FIIT_TEST_POSTGRES_DATA)")
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # flush shared buffers and the WAL into the data files
    return [p for p in Path(data).rglob("*") if p.is_file()]


def found_in(files: list[Path], needle: str) -> list[str]:
    hits = []
    for encoded in {needle.encode("utf-8"), needle.encode("utf-16-le")}:
        for path in files:
            if encoded in path.read_bytes():
                hits.append(str(path))
    return hits


@pytest.mark.django_db(transaction=True)
def test_canaries_reach_neither_the_database_files_nor_the_logs(client, people, caplog, capfd):
    study, users = people
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True  # every SQL statement and its parameters go to the log too
    try:
        victim = make_interview(study, users["interviewer"], "victim", "BE", "nl")
        policymaker = make_interview(study, users["interviewer"], "policymaker", "BE", "en")
        interviewer = logged_in(client, users["interviewer"])
        assert save(interviewer, victim, {"a1": f"{CANARY_TEXT} ik was bang.", "a_scale": 4}).json()["saved"]
        assert save(interviewer, policymaker, {"sd_name": CANARY_NAME, "q1": CANARY_TEXT}).json()["saved"]
        assert save(interviewer, victim, {"sd_age": CANARY_TEXT}).json()["rejected"]  # an error message echoes it
        lead = logged_in(client, users["lead"])
        assert CANARY_NAME in lead.get(f"/interviews/{policymaker.uid}/").content.decode()
        assert CANARY_TEXT in lead.get(f"/interviews/{victim.uid}/edit/").content.decode()
    finally:
        connection.force_debug_cursor = False
    files = database_files()
    assert files
    # Positive controls: the scan reads the data (the respondent code is stored in the clear),
    # and the log capture sees the SQL statements.
    assert found_in(files, victim.respondent_code), "the scan found nothing at all: is it reading the data?"
    assert 'INSERT INTO "' in caplog.text and "_answer" in caplog.text
    assert found_in(files, CANARY_TEXT) == []
    assert found_in(files, CANARY_NAME) == []
    out, err = capfd.readouterr()
    for text in (caplog.text, out, err):
        assert CANARY_TEXT not in text and CANARY_NAME not in text


@pytest.mark.django_db
def test_a_ciphertext_moved_to_another_interview_or_question_or_flipped_does_not_decrypt(people):
    from fiit.db.answers import read_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Answer
    from fiit.db.capture import save_answers
    from fiit.db.store import instrument_of
    from fiit.vault import DecryptionError

    study, users = people
    keyfile = current_keyfile()
    first = make_interview(study, users["interviewer"], "victim", "BE", "nl")
    second = make_interview(study, users["interviewer"], "victim", "BE", "nl")
    for interview in (first, second):
        save_answers(interview, {"a1": CANARY_TEXT, "a2": "Buren."}, user=users["interviewer"], keyfile=keyfile)
    instrument = instrument_of(first)
    assert read_answers(first, instrument, keyfile)["a1"] == CANARY_TEXT

    original = bytes(Answer.objects.get(interview=first, question_id="a1").sealed)
    # Moved to another interview (same question).
    Answer.objects.filter(interview=second, question_id="a1").update(sealed=original)
    with pytest.raises(DecryptionError):
        read_answers(second, instrument, keyfile)
    # Moved to another question of the same interview.
    Answer.objects.filter(interview=first, question_id="a2").update(sealed=original)
    with pytest.raises(DecryptionError):
        read_answers(first, instrument, keyfile)
    Answer.objects.filter(interview=first, question_id="a2").delete()
    assert read_answers(first, instrument, keyfile)["a1"] == CANARY_TEXT
    # One flipped byte, anywhere.
    for position in (0, len(original) // 2, len(original) - 1):
        flipped = bytearray(original)
        flipped[position] ^= 0x01
        Answer.objects.filter(interview=first, question_id="a1").update(sealed=bytes(flipped))
        with pytest.raises(DecryptionError):
            read_answers(first, instrument, keyfile)


def read_from_copy(copy: Path, uid: str, keyfile) -> str:
    """Decrypt answer a1 of interview ``uid`` from a copy of the SQLite database, with the key file."""
    from fiit.db.answers import data_key_for
    from fiit.db.models import Answer, Interview
    from fiit.vault import open_field

    db = sqlite3.connect(copy)
    try:
        pk, wrapped, key_id, instrument_pk = db.execute(
            f"SELECT id, wrapped_key, key_id, instrument_id FROM {Interview._meta.db_table} WHERE uid = ?",
            (uid.replace("-", ""),)).fetchone()
        sealed = db.execute(f"SELECT sealed FROM {Answer._meta.db_table} WHERE interview_id = ? AND question_id = 'a1'",
                            (pk,)).fetchone()[0]
    finally:
        db.close()
    del instrument_pk
    ghost = Interview(uid=uid, wrapped_key=wrapped, key_id=key_id)
    data_key = data_key_for(ghost, keyfile)
    from fiit.instruments import get_instrument

    return open_field(data_key, bytes(sealed), interview_id=uid, question_id="a1",
                      instrument_version=get_instrument("victim").key)


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_before_deletion_cannot_be_decrypted_afterwards(client, people, tmp_path):
    from fiit.db.answers import KeyDestroyed
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Interview

    if connection.vendor != "sqlite":
        pytest.skip("the backup copy is taken with SQLite's backup API")
    study, users = people
    victim = make_interview(study, users["interviewer"], "victim", "BE", "nl")
    assert save(logged_in(client, users["interviewer"]), victim, {"a1": CANARY_TEXT}).json()["saved"] == ["a1"]

    copy = tmp_path / "backup.sqlite3"
    source = sqlite3.connect(connection.settings_dict["NAME"])
    target = sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    keyfile = current_keyfile()
    assert read_from_copy(copy, str(victim.uid), keyfile) == CANARY_TEXT  # the backup is readable before

    response = logged_in(client, users["lead"]).post(f"/interviews/{victim.uid}/delete/")
    assert response.status_code == 302 and not Interview.objects.filter(pk=victim.pk).exists()
    with pytest.raises(KeyDestroyed):
        read_from_copy(copy, str(victim.uid), keyfile)


@pytest.mark.django_db(transaction=True)
def test_canaries_in_codings_memos_findings_and_quotes_never_reach_the_database_files_or_logs(
        client, people, caplog, capfd):
    """The qualitative analysis: a canary in an open answer, coded through the workbench (apply, memo),
    written into a finding's statement and frozen as a quote, is found nowhere in the clear."""
    import json as _json

    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Coding, CodingMemo, Finding, FrozenQuote, Interview
    from fiit.db.findings import save_finding, statement_of
    from fiit.db.frozen_quotes import freeze_quote, quote_text

    study, users = people
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    keyfile = current_keyfile()
    victim = make_interview(study, users["interviewer"], "victim", "BE", "nl")
    text = f"{CANARY_TEXT} ik was bang in de opvang."
    save_answers(victim, {"a1": text, "a_scale": 4}, user=users["interviewer"], keyfile=keyfile)
    Interview.objects.filter(pk=victim.pk).update(status="final", consent_quotes=True)
    victim.refresh_from_db()
    connection.force_debug_cursor = True
    try:
        lead = logged_in(client, users["lead"])
        page = lead.get(f"/coding/question/?study={study.pk}&instrument=victim&question=a1")
        assert CANARY_TEXT in page.content.decode()  # positive control: the workbench decrypts it
        end = len(CANARY_TEXT)
        applied = lead.post("/coding/apply/", _json.dumps({"interview": str(victim.uid), "question_id": "a1",
                                                           "code": "shelter_rules", "start": 0, "end": end}),
                            content_type="application/json")
        assert applied.status_code == 200, applied.content
        memo = lead.post("/coding/memo/", _json.dumps({"interview": str(victim.uid), "question_id": "a1",
                                                       "memo": f"memo quoting {CANARY_TEXT}"}),
                         content_type="application/json")
        assert memo.status_code == 200
        finding = save_finding(study, theme="accommodation", country="BE", keyfile=keyfile, actor="lead",
                               statement={"en": f"Respondents said: {CANARY_TEXT}"},
                               passages=Coding.objects.values_list("pk", flat=True))
        quote = freeze_quote(users["lead"], str(victim.uid), "a1", 0, end, theme="accommodation", keyfile=keyfile)
        assert lead.get(f"/coding/findings/?study={study.pk}").content.decode().count(CANARY_TEXT) >= 2
    finally:
        connection.force_debug_cursor = False
    # Positive controls: each sealed thing opens to the canary.
    assert CANARY_TEXT in statement_of(Finding.objects.get(pk=finding.pk), keyfile)["en"]
    assert quote_text(FrozenQuote.objects.get(pk=quote.pk), keyfile) == CANARY_TEXT
    assert CodingMemo.objects.count() == 1
    files = database_files()
    assert found_in(files, victim.respondent_code)
    assert found_in(files, CANARY_TEXT) == []
    out, err = capfd.readouterr()
    for logged in (caplog.text, out, err):
        assert CANARY_TEXT not in logged
