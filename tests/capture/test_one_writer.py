"""Web capture, a Kobo import and the demo store an interview through one writer: the same answers
give the same stored rows and, decrypted, the same answers. Numbers typed as "7.0" are 7 everywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.capture.support import save
from tests.interop.samples import sample_submissions
from tests.interop.support import edited_export

pytestmark = pytest.mark.django_db


def _numeric(instrument) -> set[str]:
    return {q.id for q in instrument.questions() if q.type in ("scale", "integer")}


def _rows(interview):
    from fiit.db.models import Answer

    return sorted((a.question_id, a.value, a.sealed is None) for a in Answer.objects.filter(interview=interview))


def test_the_same_answers_are_stored_alike_through_web_import_and_demo(as_user, users, victim_nl, tmp_path):
    from fiit.db.answers import read_answers
    from fiit.db.imports import run_import
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Interview, Study
    from fiit.db.writer import write_interviews
    from fiit.instruments import get_instrument
    from fiit.interviews import Consent, InterviewRecord

    keyfile = current_keyfile()
    victim = get_instrument("victim")
    sample = next(sample_submissions(victim, 1, seed=11, countries=("BE",), decline=0.0))
    numeric = _numeric(victim)
    assert numeric & set(sample.answers)  # the sample has numbers to type as "7.0"
    assert any(victim.question(q).is_sensitive for q in sample.answers)  # and answers to seal

    # Web capture: the browser sends numbers as text, one of them written as "N.0".
    typed = {q: (f"{v}.0" if q in numeric else v) for q, v in sample.answers.items()}
    body = save(as_user("interviewer_be"), victim_nl, typed).json()
    assert body["rejected"] == {} and body["problems"] == {}
    web = Interview.objects.get(pk=victim_nl.pk)

    # A Kobo export whose number cells read "N.0", as spreadsheets write them.
    def as_decimals(header, rows):
        for row in rows:
            for column, cell in row.items():
                if column.rsplit("/", 1)[-1] in numeric and str(cell).isdigit():
                    row[column] = f"{cell}.0"

    path = edited_export(tmp_path, victim, [sample], as_decimals)
    assert ".0" in path.read_text()
    report = run_import(path, victim, "kobo", keyfile=keyfile, study=Study.objects.create(name="Imported"))
    assert (report.imported, report.rejected) == (1, [])
    imported = Interview.objects.get(source="kobo")

    # The demo's way: a record with typed answers, straight to the writer.
    demo_study = Study.objects.create(name="Synthetic", synthetic=True)
    [pk] = write_interviews([InterviewRecord(
        instrument=victim, country="BE", language="nl", respondent_code="BE-V-DEMO01",
        interview_date=dt.date(2024, 3, 1), answers=sample.answers, status="final", source="demo", synthetic=True,
        consent=Consent(text_version="1.0", research_use=True, recorded_at=dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc),
                        recorded_by="interviewer_be"),
        interviewer="interviewer_be")], study=demo_study, keyfile=keyfile, actor="test")
    demo = Interview.objects.get(pk=pk)

    stored = {name: read_answers(i, victim, keyfile) for name, i in (("web", web), ("import", imported), ("demo", demo))}
    assert stored["web"] == stored["import"] == stored["demo"] == sample.answers
    assert _rows(web) == _rows(imported) == _rows(demo)
    sealed = {q for q, _value, clear in _rows(web) if not clear}
    assert sealed == {q for q in sample.answers if victim.question(q).is_sensitive}
    for interview in (web, imported, demo):
        assert interview.wrapped_key and interview.key_id == keyfile.current_id
    assert demo.interviewer == users["interviewer_be"] and demo.consent_recorded_by == users["interviewer_be"]


def test_an_autosave_rewrites_only_the_changed_answers_and_unwraps_the_key_once(as_user, victim_nl, monkeypatch):
    from fiit.db.models import Answer
    import fiit.db.answers as answers_module

    client = as_user("interviewer_be")
    save(client, victim_nl, {"a_scale": 6, "a1": "Eerste antwoord.", "b1": "Tweede antwoord."})
    before = {a.question_id: (a.pk, bytes(a.sealed) if a.sealed is not None else a.value)
              for a in Answer.objects.filter(interview=victim_nl)}
    assert set(before) == {"a_scale", "a1", "b1"}

    unwraps = []
    real = answers_module.unwrap_data_key
    monkeypatch.setattr(answers_module, "unwrap_data_key", lambda *a, **k: unwraps.append(1) or real(*a, **k))
    body = save(client, victim_nl, {"a1": "Gewijzigd antwoord."}).json()
    assert body["saved"] == ["a1"]
    after = {a.question_id: (a.pk, bytes(a.sealed) if a.sealed is not None else a.value)
             for a in Answer.objects.filter(interview=victim_nl)}
    assert after["b1"] == before["b1"] and after["a_scale"] == before["a_scale"]  # same rows, same sealed bytes
    assert after["a1"] != before["a1"]
    assert len(unwraps) == 1
