"""Statements compiled once (fiit.db.prepared_queries) give what the ORM gives when it builds them each time.

The ORM is the independent check: for the same rows it builds its own SQL and
applies its own converters. Run on SQLite and PostgreSQL (``make test-postgres``).
"""

from __future__ import annotations

import pytest
from django.db import transaction

from fiit.db.answers import SENTINEL_ID, stored_rows
from fiit.db.models import Answer, Interview
from fiit.db.prepared_queries import PreparedQuery, as_get
from tests.capture.support import make_interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviews(db):
    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    sync_frameworks()
    study = Study.objects.create(name="Prepared")
    user = create_user("interviewer_be", "interviewer", "a long password 1", country="BE", language="nl")
    first = make_interview(study, user)
    # clear answers (a scale, a choice, a multiple choice) and a sealed open answer
    save_answers(first, {"a_scale": 6, "d1": "no", "a1": "Stap voor stap.", "sd_gender": "female"}, user=user,
                 keyfile=current_keyfile())
    second = make_interview(study, user, instrument_id="policymaker")
    return first, second


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields
            if f.attname not in instance.get_deferred_fields()}


def test_the_rows_of_an_interview_equal_the_orms(interviews):
    first, second = interviews
    for interview in (first, second):
        orm = tuple((qid, value, bytes(sealed) if sealed is not None else None) for qid, value, sealed in
                    Answer.objects.filter(interview=interview).order_by("question_id", "pk")
                    .values_list("question_id", "value", "sealed"))
        assert stored_rows(interview) == orm
    assert any(sealed for _, _, sealed in stored_rows(first)) and any(v == 6 for _, v, _ in stored_rows(first))
    assert stored_rows(second) == ()


def test_the_row_read_under_the_lock_equals_the_orms(interviews, django_assert_num_queries):
    first, _ = interviews
    locked = PreparedQuery(lambda pk: as_get(Interview.objects.select_for_update().filter(pk=pk)),
                           [(Interview._meta.pk, SENTINEL_ID)])
    with transaction.atomic():
        with django_assert_num_queries(1):
            mine = locked.get(first.pk)
        orm = Interview.objects.select_for_update().get(pk=first.pk)
        assert fields(mine) == fields(orm) and not mine.get_deferred_fields()
        assert not mine._state.adding and mine._state.db == "default"
        with pytest.raises(Interview.DoesNotExist):
            locked.get(first.pk + 1000)
        mine.status = "draft"
        mine.save(update_fields=["status", "updated_at"])  # an instance the ORM can save


def test_related_objects_and_deferred_fields_as_the_orm_makes_them(interviews):
    first, second = interviews
    build = (lambda uid: as_get(Interview.objects.select_related("instrument", "country", "study")
                                .defer("instrument__definition").filter(uid=uid)))
    read = PreparedQuery(build, [(Interview._meta.get_field("uid"), "00000000-0000-4000-8000-00000000f11e")])
    for interview in (first, second):
        mine = read.get(interview.uid)
        orm = build(interview.uid).get()
        assert fields(mine) == fields(orm)
        for name in ("instrument", "country", "study"):
            assert fields(getattr(mine, name)) == fields(getattr(orm, name))
            assert Interview._meta.get_field(name).is_cached(mine)  # no query to reach it
        assert mine.instrument.get_deferred_fields() == orm.instrument.get_deferred_fields() == {"definition"}
    assert read.get(str(first.uid)).pk == first.pk  # as the URL or a test passes it
    with pytest.raises(Interview.DoesNotExist):
        read.get("00000000-0000-4000-8000-000000000001")


def test_a_query_that_can_match_nothing_asks_nothing(interviews, django_assert_num_queries):
    read = PreparedQuery(lambda pk: Interview.objects.filter(pk=pk, country_id__in=[]), [(Interview._meta.pk, -1)])
    with django_assert_num_queries(0):
        assert read.instances(interviews[0].pk) == []


def test_a_sentinel_missing_from_the_statement_is_refused(interviews):
    read = PreparedQuery(lambda pk: Interview.objects.filter(pk=1), [(Interview._meta.pk, SENTINEL_ID)])
    with pytest.raises(ValueError):
        read.rows(interviews[0].pk)


def test_an_autosaves_write_of_rows_stores_what_the_orms_delete_and_bulk_create_store(interviews):
    """fiit.db.answers.write_answer_rows (one DELETE, fiit.db.bulk.insert_answers) against the ORM's
    delete and bulk_create of the same rows, each on the same stored interview (the ORM's rolled back)."""
    from fiit.db.answers import data_key_for, write_answer_rows
    from fiit.db.keys import current_keyfile
    from fiit.db.store import instrument_of
    from fiit.vault.sealing import answer_rows

    first, _ = interviews
    keyfile = current_keyfile()
    changed = {"a_scale": 9, "a1": "Anders.", "d1": None, "sd_exploitation": "labour", "sd_gender": None}
    rows = answer_rows(str(first.uid), instrument_of(first), changed, data_key_for(first, keyfile))
    questions = sorted(changed)

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        Answer.objects.filter(interview=first, question_id__in=questions).delete()
        Answer.objects.bulk_create([Answer(interview=first, question_id=q, value=v, sealed=s) for q, v, s in rows])
        by_orm = stored_rows(first)
        raise RolledBack
    with transaction.atomic():
        write_answer_rows(first, questions, rows, keyfile, seal="x")
    assert stored_rows(first) == by_orm
    assert {q for q, _, _ in by_orm} >= {"a_scale", "a1", "sd_exploitation"} and "d1" not in {q for q, _, _ in by_orm}
