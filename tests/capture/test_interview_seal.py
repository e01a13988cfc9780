"""Issue 14 L9: clear answers, consent, status and country changed in the database outside fiit are detected.

Each test changes one field with SQL on the database (what a SQLite editor
does), and checks that the seal check names that interview and no other.
"""

from __future__ import annotations

import pytest
from django.db import connection

from tests.capture.support import COMPLETE_VICTIM, make_interview, save


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def two_final(as_user, study, users):
    """Two complete, final victim interviews made through the web app (autosave, finalise)."""
    from fiit.db.capture import finalise
    from fiit.db.keys import current_keyfile

    client = as_user("interviewer_be")
    interviews = []
    for _ in range(2):
        interview = make_interview(study, users["interviewer_be"], "victim", "BE", "nl")
        assert save(client, interview, {**COMPLETE_VICTIM, "a1": "an open answer"}).status_code == 200
        assert finalise(interview, user=users["interviewer_be"], keyfile=current_keyfile()).finalised
        interviews.append(interview)
    return interviews


def _check():
    from fiit.db.interview_seal import check
    from fiit.db.keys import current_keyfile

    return check(current_keyfile())


def test_data_written_by_fiit_verifies(two_final):
    result = _check()
    assert result.ok and result.checked == 2
    assert result.message() == "2 interview(s): answers, consent, status and country as fiit wrote them"


@pytest.mark.parametrize("statement", [
    "UPDATE fiit_interview SET consent_quotes = TRUE WHERE id = %s",
    "UPDATE fiit_interview SET status = 'draft' WHERE id = %s",
    "UPDATE fiit_interview SET country_id = 'FR' WHERE id = %s",
    "UPDATE fiit_answer SET value = '9' WHERE question_id = 'a_scale' AND interview_id = %s",
    "DELETE FROM fiit_answer WHERE question_id = 'sd_gender' AND interview_id = %s",
    "DELETE FROM fiit_answer WHERE question_id = 'a1' AND interview_id = %s",
    "INSERT INTO fiit_answer (interview_id, question_id, value) VALUES (%s, 'b2', '[\"health\"]')",
])
def test_a_change_outside_fiit_is_detected_and_names_the_interview(two_final, statement):
    target, other = two_final
    _sql(statement, target.pk)
    result = _check()
    assert not result.ok
    assert result.changed == [(target.pk, str(target.uid))]
    assert f"interview {target.pk} ({target.uid})" in result.message()
    assert f"interview {other.pk} " not in result.message()


def test_a_removed_seal_is_reported_too(two_final):
    target, _other = two_final
    _sql("UPDATE fiit_interview SET fields_seal = '' WHERE id = %s", target.pk)
    result = _check()
    assert result.unsealed == [(target.pk, str(target.uid))] and result.changed == []
    assert "fiit audit seal-fields" in result.message()


def test_a_seal_copied_from_another_interview_does_not_match(two_final):
    target, other = two_final
    _sql("UPDATE fiit_interview SET consent_quotes = TRUE WHERE id = %s", target.pk)
    _sql("UPDATE fiit_interview SET fields_seal = (SELECT fields_seal FROM fiit_interview WHERE id = %s) "
         "WHERE id = %s", other.pk, target.pk)
    assert _check().changed == [(target.pk, str(target.uid))]


def test_every_write_path_keeps_the_seal(as_user, study, users):
    """Consent, autosave (also a change after finalising, by the lead), the form without JavaScript."""
    from fiit.db.capture import finalise
    from fiit.db.keys import current_keyfile

    interview = make_interview(study, users["interviewer_be"], "victim", "BE", "nl")
    assert _check().ok
    client = as_user("interviewer_be")
    assert save(client, interview, COMPLETE_VICTIM).status_code == 200
    assert _check().ok
    assert save(client, interview, {"a_scale": None, "b2": ["health"]}).status_code == 200
    assert _check().ok
    assert save(client, interview, {"a_scale": 6}).status_code == 200
    finalise(interview, user=users["interviewer_be"], keyfile=current_keyfile())
    assert _check().ok
    lead = as_user("lead_be")
    assert save(lead, interview, {"a_scale": 3}, reason="typo").status_code == 200
    assert _check().ok


def test_existing_interviews_are_sealed_once_by_an_audited_step(two_final):
    """Interviews stored before migration 0010 have no seal: reported, until 'fiit audit seal-fields'."""
    from fiit.db.interview_seal import seal_unsealed
    from fiit.db.keys import current_keyfile
    from fiit.db.models import AuditEvent

    _sql("UPDATE fiit_interview SET fields_seal = ''")  # as the migration leaves existing rows
    assert len(_check().unsealed) == 2
    assert sorted(seal_unsealed(current_keyfile(), actor="admin")) == sorted(i.pk for i in two_final)
    assert _check().ok
    event = AuditEvent.objects.get(action="fields_sealed")
    assert event.actor == "admin" and sorted(event.details["interviews"]) == sorted(i.pk for i in two_final)
    assert seal_unsealed(current_keyfile()) == []  # nothing left to seal; no second entry
    assert AuditEvent.objects.filter(action="fields_sealed").count() == 1


def test_an_autosave_stores_the_seal_a_read_back_gives(study, users):
    """Issue 13: the autosave's seal is computed before the write, from the rows it read and the rows it
    writes; it must equal the seal computed from the database afterwards (reseal reads back), for each kind
    of answer: a list, a ranking sent as a tuple, a choice, sealed text, a cleared answer."""
    from fiit.db.capture import save_answers
    from fiit.db.interview_seal import reseal
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Interview

    keyfile = current_keyfile()
    user = users["interviewer_be"]
    interview = make_interview(study, user, "service_provider", "BE", "nl")

    def stored_seal():
        return Interview.objects.values_list("fields_seal", flat=True).get(pk=interview.pk)

    for changes in ({"q11": ["housing", "legal_advice"], "q6": "yes", "q1": "Een open antwoord."},
                    {"q12": ("legal_advice", "housing")},
                    {"q1": None, "q6": "no"},
                    {"q11": ["housing"], "q12": ("housing",)}):
        result = save_answers(interview, changes, user=user, keyfile=keyfile)
        assert result.saved and not result.rejected, (changes, result.rejected)
        written = stored_seal()
        reseal([interview.pk], keyfile)
        assert stored_seal() == written, changes
    assert _check().ok
