"""Answer states read from the database (issue 13 item 5), checked against an independent reading.

The reference reads each final interview's answers with the key file
(``read_answers``), walks the questions in order deciding relevance with
``fiit.instruments.conditions.evaluate`` (the interpreter, not the compiled
rules the product uses), and names each state by hand. It runs on the demo and
on interviews written by hand, with declined answers and an older form.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import Counter

import pytest

from fiit.analysis import DisclosureContext, study_statistics
from fiit.db.answer_states import answer_state_frame, answer_state_frames
from fiit.instruments import DECLINED, get_instrument, load_instrument_data
from fiit.instruments.conditions import evaluate
from tests.analysis.attacker import pinned

pytestmark = pytest.mark.django_db
INSTRUMENTS = ("policymaker", "service_provider", "victim")


def reference_states(study, instrument, keyfile):
    from fiit.db.answers import read_answers
    from fiit.db.models import Interview

    rows = []
    for interview in Interview.objects.filter(study=study, status="final",
                                              instrument__instrument_id=instrument.id).order_by("pk"):
        answers = read_answers(interview, instrument, keyfile)
        had = {q["id"] for s in interview.instrument.definition["sections"] for q in s["questions"]}
        seen, states = {}, {}
        for q in instrument.questions():
            value = answers.get(q.id)
            if q.id not in had:
                state = "not_asked"
            elif not evaluate(q.relevant, seen):
                state = "not_applicable"
            else:
                seen[q.id] = value
                state = ("unanswered" if value in (None, "", []) else
                         "declined" if value == DECLINED else "answered")
            if not q.is_sensitive:
                states[q.id] = state
        rows.append((interview.country_id, states))
    return rows


def check(study, keyfile):
    for iid in INSTRUMENTS:
        instrument = get_instrument(iid)
        frame = answer_state_frame(study, instrument)
        expected = reference_states(study, instrument, keyfile)
        assert frame["country"].tolist() == [c for c, _ in expected]
        for column in frame.columns[2:]:
            assert frame[column].tolist() == [s[column] for _, s in expected], (iid, column)


def older_victim_form():
    """Victim 1.0.9: the shipped definition without sd_education and sd_occupation."""
    data = copy.deepcopy(dict(get_instrument("victim").raw))
    data["version"] = "1.0.9"
    for section in data["sections"]:
        section["questions"] = [q for q in section["questions"] if q["id"] not in ("sd_education", "sd_occupation")]
    result = load_instrument_data(data)
    assert result.valid, result.problems
    return result.instrument


def test_states_on_the_demo(tmp_path, demo_template):
    demo = demo_template.copy_into(tmp_path)  # what build_demo writes (tests/support/demo_copy.py)
    study, keyfile = demo.study, demo.keyfile
    check(study, keyfile)
    frames = answer_state_frames(study)
    seen = Counter(v for f in frames.values() for c in f.columns[2:] for v in f[c])
    assert seen["answered"] and seen["not_applicable"] and seen["unanswered"]

    # Published: every number shown is the true count (worked out above), none below k.
    from fiit.db.columns import instrument_frame

    context = DisclosureContext(5)
    figures = study_statistics({i: instrument_frame(study, get_instrument(i)) for i in INSTRUMENTS},
                               context=context, states=frames)
    truth = {}
    for iid in INSTRUMENTS:
        for country, states in reference_states(study, get_instrument(iid), keyfile):
            for qid, state in states.items():
                for where in (country, None):
                    truth[iid, qid, where, state] = truth.get((iid, qid, where, state), 0) + 1
    shown = 0
    for a in figures.answer_states:
        for state, n in a.counts.items():
            if n is not None:
                assert n == truth.get((a.instrument, a.question_id, a.country, state), 0)
                assert n == 0 or n >= 5
                shown += n > 0
    assert shown > 50
    assert pinned(context.inputs, context.tables) == []


def test_states_of_hand_written_interviews_and_their_published_counts(keyfile, tmp_path):
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.writer import write_interviews
    from fiit.interviews import Consent, InterviewRecord

    sync_frameworks()  # the countries
    victim, old = get_instrument("victim"), older_victim_form()
    study = Study.objects.create(name="States (synthetic)", synthetic=True)
    consent = Consent(text_version="1.0", research_use=True, recorded_at=dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc))
    base = {"a_scale": 6, "b_scale": 7, "c_scale": 5, "d1": "no", "d_scale": 4, "e_scale": 8,
            "f_location": "abroad", "f1": "no", "sd_gender": "female", "sd_citizenship": "third_country",
            "sd_exploitation": "sexual", "sd_education": "secondary"}
    # 14 interviews in BE: 6 declined a_scale, 1 left it blank; 5 of the 14 on the older form
    # (sd_education not asked); 3 declined f_location (f1 then does not apply), 2 said "origin".
    plan = []
    for i in range(14):
        answers = dict(base)
        if i < 6:
            answers["a_scale"] = DECLINED
        elif i == 6:
            del answers["a_scale"]
        if i >= 9:
            del answers["sd_education"]
        if i in (1, 7, 11):
            answers["f_location"] = DECLINED
            del answers["f1"]
        if i in (2, 8):
            answers["f_location"] = "origin"
            del answers["f1"]
            answers["f_scale"] = 5
        plan.append((old if i >= 9 else victim, answers))
    records = [InterviewRecord(instrument=form, country="BE", language="nl", respondent_code=f"BE-V-{i:03d}",
                               interview_date=dt.date(2024, 3, 1), answers=answers, consent=consent,
                               status="final", source="demo", synthetic=True)
               for i, (form, answers) in enumerate(plan)]
    write_interviews(records, study=study, keyfile=keyfile, actor="test")
    check(study, keyfile)

    frame = answer_state_frame(study, victim)
    by_hand = {
        "a_scale": {"answered": 7, "declined": 6, "unanswered": 1},
        "sd_education": {"answered": 9, "not_asked": 5},
        "f_location": {"answered": 11, "declined": 3},
        "f1": {"answered": 9, "not_applicable": 5},
        "f_scale": {"answered": 2, "not_applicable": 12},
    }
    for question, expected in by_hand.items():
        assert dict(Counter(frame[question])) == expected, question

    # Published (k = 5): the states of a question in BE, the only country; below 5 withheld.
    from fiit.db.columns import instrument_frame

    context = DisclosureContext(5)
    figures = study_statistics({"victim": instrument_frame(study, victim)}, k=5, states={"victim": frame},
                               context=context)
    doc = figures.as_json()
    rows = {(r["question_id"], r["country"]): r for r in doc["answer_states"]}
    # a_scale: the 1 unanswered is withheld, and the 6 declined with it (else 14 - 7 - 6 gives it away)
    a_scale = rows["a_scale", "BE"]
    assert (a_scale["answered"], a_scale["declined"], a_scale["unanswered"]) == (7, None, None)
    assert (a_scale["not_applicable"], a_scale["not_asked"], a_scale["suppressed"]) == (0, 0, True)
    assert rows["sd_education", "BE"]["not_asked"] == 5 and rows["sd_education", "BE"]["answered"] == 9
    # f_scale: 2 answered (below k); 14 interviews are published, so the 12 not applicable go too
    assert (rows["f_scale", "BE"]["answered"], rows["f_scale", "BE"]["not_applicable"]) == (None, None)
    assert pinned(context.inputs, context.tables) == []
    for r in doc["answer_states"]:
        assert all(r[s] is None or r[s] == 0 or r[s] >= 5 for s in ("answered", "declined", "not_applicable",
                                                                  "unanswered", "not_asked"))
    scale = [s for s in doc["scales"] if (s["question_id"], s["country"], s["group"]) == ("a_scale", "BE", None)]
    assert scale[0]["n"] == 7 and scale[0]["statistics_over"] == "answered"

    # The data package: each state its own code in the question's column, declared as a missing value.
    import csv

    import frictionless

    from fiit.db.tables import interview_records
    from fiit.interop.opendata.datapackage import build_table, write_datapackage

    table = build_table(victim, interview_records(study, victim), ["BE"])
    assert table.rows_dropped == 0
    path = write_datapackage(tmp_path / "pkg", [table], study_name=study.name, synthetic=True)
    with (tmp_path / "pkg" / "victim.csv").open(newline="", encoding="utf-8") as handle:
        cells = list(csv.DictReader(handle))
    code = {"answered": None, "declined": "declined", "not_applicable": "not_applicable", "unanswered": "",
            "not_asked": "not_asked"}
    for question, expected in by_hand.items():
        if question not in cells[0]:  # sd_education is not published
            continue
        got = Counter(c[question] for c in cells)
        for state, n in expected.items():
            if state == "answered":
                assert sum(v for k, v in got.items() if k not in code.values()) == n, question
            else:
                assert got[code[state]] == n, (question, state)
    assert Counter(c["a_scale"] for c in cells)["declined"] == 6
    assert Counter(c["f1"] for c in cells)["not_applicable"] == 5
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    declared = {m["value"] for m in descriptor["resources"][0]["schema"]["missingValues"]}
    assert {"", "declined", "not_applicable", "not_asked", "suppressed"} <= declared
    assert set(descriptor["fiit"]["answer_states"]) == {"(empty)", "declined", "not_applicable", "not_asked",
                                                        "suppressed"}
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    rows = frictionless.Package(str(path)).get_resource("victim").read_rows()
    assert [r["a_scale"] for r in rows].count(None) == 7  # 6 declined + 1 unanswered read as missing

    # The command prints the same states (in-process, on the test database).

    from tests.support.cli import invoke

    ran = invoke("--key-file", str(keyfile.path), "stats", "--json", "--study", study.name)
    assert ran.returncode == 0, ran.stderr
    printed = json.loads(ran.stdout)
    victim_rows = [r for r in printed["answer_states"] if r["instrument"] == "victim"]
    assert victim_rows == [r for r in doc["answer_states"]]
    text = invoke("--key-file", str(keyfile.path), "stats", "--study", study.name)
    assert "answered only" in text.stdout
