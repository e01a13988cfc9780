"""Saves at the same time lose nothing and double nothing (issue 13: twenty interviewers saving at once).

``save_answers`` prepares a save outside the write lock (unsealing, validating, sealing) and writes the
plan only if the stored rows are still the ones it was made from; otherwise it plans again under the lock.
These tests run real threads against the SQLite file (its write lock, WAL, busy wait), and force the
"another save came first" case deterministically.
"""

from __future__ import annotations

import threading

import pytest

from tests.capture.support import make_interview

pytestmark = pytest.mark.django_db(transaction=True)


def _changes_of(interview):
    from fiit.db.models import AuditEvent

    return list(AuditEvent.objects.filter(action="change_interview", record_id=str(interview.pk))
                .order_by("seq").values_list("details", flat=True))


def _stored(interview):
    from fiit.db.answers import read_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.store import instrument_of

    return read_answers(interview, instrument_of(interview), current_keyfile())


def test_interviewers_saving_at_once_lose_and_double_nothing(study, users):
    from django.db import connection

    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.users import create_user
    from tests.capture.support import PASSWORD

    people = [create_user(f"at_once_{i}", "interviewer", PASSWORD, country="BE") for i in range(6)]
    own = [(user, make_interview(study, user)) for user in people]
    shared = make_interview(study, users["interviewer_be"])
    keyfile = current_keyfile()
    acknowledged: dict[int, list[int]] = {}
    failures: list[str] = []
    start = threading.Barrier(len(own) + 2)

    def own_saves(user, interview):
        try:
            start.wait()
            for value in (10, 2, 9, 3, 8, 4, 7, 5):  # each differs from the one before: each is a change
                result = save_answers(interview, {"a_scale": value}, user=user, keyfile=keyfile)
                if result.saved == ["a_scale"]:
                    acknowledged.setdefault(interview.pk, []).append(value)
                else:
                    failures.append(f"{interview.pk}: saved {result.saved} for {value}")
        except Exception as exc:  # noqa: BLE001 - a "database is locked" is the failure this test is for
            failures.append(repr(exc))
        finally:
            connection.close()

    def shared_saves(question, texts):
        try:
            start.wait()
            for text in texts:
                save_answers(shared, {question: text}, user=users["interviewer_be"], keyfile=keyfile)
        except Exception as exc:  # noqa: BLE001
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=own_saves, args=pair) for pair in own]
    threads += [threading.Thread(target=shared_saves, args=("a1", [f"Eerste {n}." for n in range(6)])),
                threading.Thread(target=shared_saves, args=("b_scale", [2, 3, 4, 5, 6, 7]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    for _user, interview in own:
        values = acknowledged[interview.pk]
        assert len(values) == 8
        assert _stored(interview)["a_scale"] == values[-1]                    # nothing lost
        changes = _changes_of(interview)
        assert [d["clear_changes"]["a_scale"][1] for d in changes] == values  # each change once, in order
    # Two savers on one interview, on different questions: both last answers stand, each change audited once.
    assert {k: v for k, v in _stored(shared).items() if k in ("a1", "b_scale")} == {"a1": "Eerste 5.", "b_scale": 7}
    changes = _changes_of(shared)
    assert sum(d["questions"] == ["a1"] for d in changes) == 6
    assert [d["clear_changes"]["b_scale"][1] for d in changes if d["questions"] == ["b_scale"]] == [2, 3, 4, 5, 6, 7]


def test_a_save_that_another_overtakes_is_planned_again_under_the_lock(victim_nl, users, monkeypatch):
    """Between the plan (no lock) and the write (lock), another save changes the interview: the first save
    must not write its stale plan (it would undo the other's answer, or record a wrong 'old' value)."""
    from fiit.db import capture
    from fiit.db.keys import current_keyfile

    keyfile = current_keyfile()
    user = users["interviewer_be"]
    capture.save_answers(victim_nl, {"d1": "yes", "a_scale": 4}, user=user, keyfile=keyfile)
    real_plan = capture._plan_save
    calls = []

    def overtaken(interview, *args):
        plan = real_plan(interview, *args)
        if not calls:
            calls.append("first")
            # Another interviewer's save lands now: D1 becomes "no", so D2 no longer applies.
            monkeypatch.setattr(capture, "_plan_save", real_plan)
            capture.save_answers(victim_nl, {"d1": "no", "a_scale": 9}, user=user, keyfile=keyfile)
            monkeypatch.setattr(capture, "_plan_save", overtaken)
        else:
            calls.append("again")
        return plan

    monkeypatch.setattr(capture, "_plan_save", overtaken)
    result = capture.save_answers(victim_nl, {"d2": "Elke week.", "a_scale": 5}, user=user, keyfile=keyfile)

    assert calls == ["first", "again"]        # the stale plan was dropped and made again under the lock
    stored = _stored(victim_nl)
    assert stored["d1"] == "no" and stored["a_scale"] == 5
    assert "d2" not in stored and result.saved == ["a_scale"]  # D2 does not apply after the other save
    last = _changes_of(victim_nl)[-1]
    assert last["clear_changes"] == {"a_scale": [9, 5]}       # the old value is the other save's, not the stale 4
    from fiit.db.interview_seal import check

    assert check(keyfile).ok  # the seal stored is the one planned again under the lock, not the stale plan's
