"""Statements compiled once (fiit.db.prepared_queries) give what the ORM gives when it builds them each time.

The ORM is the independent check: for the same rows it builds its own SQL and
applies its own converters. Run on SQLite and PostgreSQL (``make test-postgres``).
Beside the capture's reads, the reads every signed-in page makes: its session
(fiit.web.sessions), its user with their profile (fiit.web.sign_in_backend) and
its verified device (fiit.web.second_factor).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from fiit.db.answers import SENTINEL_ID, stored_rows
from fiit.db.models import Answer, Country, Interview, Profile
from fiit.db.models import WebSession as Session
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


def test_a_literal_percent_sign_and_a_pattern_stay_as_the_orm_sends_them(db):
    """The statement runs with named placeholders: a ``%%`` the ORM wrote into it is still one ``%``."""
    from fiit.db.store import sync_frameworks

    sync_frameworks()
    for start in ("B", "N"):
        def build(code, start=start):
            return Country.objects.filter(code__startswith=start, code=code).extra(where=["code LIKE '%%E'"])

        read = PreparedQuery(build, [(Country._meta.get_field("code"), "\x00code")])
        assert "'%%E'" in read._compile(connection).sql and "%(p1)s" in read._compile(connection).sql
        for code in ("BE", "NL", "IT", "XX"):
            assert [c.pk for c in read.instances(code)] == [c.pk for c in build(code)]
    assert [c.pk for c in Country.objects.filter(code="BE").extra(where=["code LIKE '%%E'"])] == ["BE"]


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


def test_the_seal_is_stored_as_save_stores_it_and_the_report_store_hears_of_it(interviews):
    """write_answer_rows' one UPDATE of updated_at and the seal against Model.save(update_fields=…) on the
    same interview (rolled back); post_save is sent as save sends it (the report store listens); with a
    pre_save receiver the interview goes through save after all."""
    from django.db.models.signals import post_save, pre_save
    from django.utils import timezone

    from fiit.db.answers import _update_seal

    first, _ = interviews

    class RolledBack(Exception):
        pass

    heard = []

    def listener(sender, **kwargs):
        heard.append((sender, kwargs["instance"].pk, kwargs["created"], kwargs["update_fields"], kwargs["raw"]))

    post_save.connect(listener, sender=Interview)
    try:
        with pytest.raises(RolledBack), transaction.atomic():
            by_save = Interview.objects.get(pk=first.pk)
            by_save.fields_seal = "s" * 64
            by_save.save(update_fields=["updated_at", "fields_seal"])
            saved = fields(Interview.objects.get(pk=first.pk))
            raise RolledBack
        before = timezone.now()
        _update_seal(first, "s" * 64)
        updated = fields(Interview.objects.get(pk=first.pk))
    finally:
        post_save.disconnect(listener, sender=Interview)
    assert heard[0] == heard[1] == (Interview, first.pk, False, frozenset({"updated_at", "fields_seal"}), False)
    assert updated["updated_at"] >= before and updated["updated_at"] == first.updated_at
    assert {**updated, "updated_at": None} == {**saved, "updated_at": None}
    called = []
    pre_save.connect(lambda sender, **kwargs: called.append(kwargs["update_fields"]), sender=Interview,
                     dispatch_uid="test-pre-save", weak=False)
    try:
        _update_seal(first, "t" * 64)
    finally:
        pre_save.disconnect(sender=Interview, dispatch_uid="test-pre-save")
    assert called == [frozenset({"updated_at", "fields_seal"})]
    assert Interview.objects.get(pk=first.pk).fields_seal == "t" * 64


# The reads of every signed-in page.

@pytest.fixture
def people(db):
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    sync_frameworks()
    lead = create_user("lead_be", "country_lead", "a long password 1", country="BE", language="nl")
    lead.last_login = timezone.now() - dt.timedelta(days=2, microseconds=17)
    lead.save(update_fields=["last_login"])
    bare = get_user_model().objects.create_user("no_profile", password="a long password 2", is_active=False)
    return lead, bare


def test_a_user_and_their_profile_read_in_one_query_equal_the_orms(people, django_assert_num_queries):
    from fiit.web.sign_in_backend import user_with_profile

    lead, _ = people
    with django_assert_num_queries(1):
        user, profile = user_with_profile(lead.pk)
        assert user.fiit_profile is profile  # joined: no query of its own
    expected = get_user_model().objects.get(pk=lead.pk)
    assert fields(user) == fields(expected) and user.last_login == lead.last_login
    assert isinstance(user.is_active, bool) and isinstance(user.is_superuser, bool)
    assert fields(profile) == fields(Profile.objects.get(user=lead))
    assert (profile.role, profile.country_id, profile.language) == ("country_lead", "BE", "nl")
    assert not user._state.adding and user._state.db == "default"  # as loaded by the ORM: saving updates
    assert not profile._state.adding and profile._state.db == "default"
    user.first_name = "Saved"
    user.save(update_fields=["first_name"])
    assert get_user_model().objects.get(pk=lead.pk).first_name == "Saved"


def test_a_user_without_a_profile_and_an_unknown_id(people, django_assert_num_queries):
    from fiit.web.sign_in_backend import user_with_profile

    _, bare = people
    with django_assert_num_queries(1):
        user, profile = user_with_profile(bare.pk)
        assert not hasattr(user, "fiit_profile")  # known to have none: no query to find out
    assert fields(user) == fields(get_user_model().objects.get(pk=bare.pk)) and profile is None
    assert user.is_active is False
    assert user_with_profile(10_000) == (None, None)


def test_a_json_column_is_decoded_as_the_orm_decodes_it(people):
    read = PreparedQuery(lambda code: as_get(Country.objects.filter(code=code)),
                         [(Country._meta.get_field("code"), "\x00sentinel")])
    assert fields(read.get("BE")) == fields(Country.objects.get(code="BE"))
    assert isinstance(read.get("BE").names, dict)
    with pytest.raises(Country.DoesNotExist):
        read.get("XX")


def test_a_session_is_read_only_before_it_ends(client, people):
    from fiit.web.sessions import _session_read

    lead, _ = people
    client.force_login(lead)
    key = client.session.session_key
    read = _session_read(Session)
    assert fields(read.get(key, timezone.now())) == fields(Session.objects.get(session_key=key))
    ended = timezone.now() - dt.timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=ended)
    with pytest.raises(Session.DoesNotExist):
        read.get(key, timezone.now())
    assert read.get(key, ended - dt.timedelta(seconds=1)).session_key == key
    with pytest.raises(Session.DoesNotExist):
        read.get(key + "x", ended - dt.timedelta(seconds=1))
    assert client.get("/").status_code == 302  # the page sends the ended session to the login


def test_the_sessions_verified_device_is_the_one_django_otp_reads(people, django_assert_num_queries):
    from django_otp.models import Device

    from fiit.web.second_factor import OTPMiddleware
    from tests.support.otp import make_device

    lead, _ = people
    device = make_device(lead)
    middleware = OTPMiddleware(lambda request: None)
    with django_assert_num_queries(1):
        mine = middleware._device_from_persistent_id(device.persistent_id)
    orm = Device.from_persistent_id(device.persistent_id)
    assert type(mine) is type(orm) and fields(mine) == fields(orm) and mine.confirmed is True
    assert not mine._state.adding and mine._state.db == "default"
    label = device.persistent_id.rsplit("/", 1)[0]
    assert middleware._device_from_persistent_id(f"{label}/{device.pk + 1000}") is None
    assert Device.from_persistent_id(f"{label}/{device.pk + 1000}") is None
    for broken in (f"{label}/x", "fiit.nomodel/1", "sessions.session/1"):  # not a device: nothing read
        assert middleware._device_from_persistent_id(broken) is None


def test_statements_kept_by_key_are_compiled_once_and_dropped_past_the_maximum(interviews):
    """PreparedByKey: one statement per key; an unhashable key gets one for the call only; full: emptied."""
    from fiit.db.prepared_queries import PreparedByKey

    kept = PreparedByKey(maximum=2)

    def build(pk):
        return Interview.objects.filter(pk=pk).values_list("pk")

    keys = [(Interview._meta.pk, SENTINEL_ID)]
    first = kept.get("a", build, keys)
    assert kept.get("a", build, keys) is first and len(kept) == 1
    assert kept.get(["unhashable"], build, keys) is not kept.get(["unhashable"], build, keys) and len(kept) == 1
    kept.get("b", build, keys)
    kept.get("c", build, keys)  # the third key: the two kept are dropped first
    assert len(kept) == 1 and kept.get("a", build, keys) is not first
    assert first.rows(interviews[0].pk) == [(interviews[0].pk,)]


def test_annotations_are_set_on_the_instances_as_the_orm_sets_them(interviews):
    from django.db.models import BooleanField, Count
    from django.db.models.expressions import RawSQL

    prepared = PreparedQuery(
        lambda pk: as_get(Interview.objects.annotate(answered=Count("answers"),
                                                    flag=RawSQL("1 = 1", [], output_field=BooleanField()))
                          .filter(pk=pk)),
        [(Interview._meta.pk, SENTINEL_ID)])
    for interview in interviews:
        expected = Interview.objects.annotate(answered=Count("answers"),
                                              flag=RawSQL("1 = 1", [], output_field=BooleanField())).get(pk=interview.pk)
        got = prepared.get(interview.pk)
        assert (got.answered, got.flag) == (expected.answered, expected.flag)
        assert got.answered == Answer.objects.filter(interview=interview).count()
        assert got.flag is True


def test_the_home_pages_countries_and_studies_equal_the_orms(db, django_assert_num_queries):
    from django.db.models import Exists, OuterRef

    from fiit.db.models import Framework, Study
    from fiit.db.queries import countries_with_frameworks, studies_in_order
    from fiit.db.store import sync_frameworks

    sync_frameworks()
    Framework.objects.filter(country_id="HU").delete()  # one country without a framework
    Country.objects.exclude(code="IT").update(position=9)  # an order that is not the codes'
    Country.objects.filter(code="IT").update(position=1)
    later = Study.objects.create(name="Later")
    earlier = Study.objects.create(name="Earlier")
    Study.objects.filter(pk=earlier.pk).update(created_at=later.created_at - dt.timedelta(days=1))
    orm = list(Country.objects.annotate(has_framework=Exists(Framework.objects.filter(country=OuterRef("pk"))))
               .order_by("position", "code"))
    with django_assert_num_queries(1):
        countries = countries_with_frameworks()
    assert [(fields(c), c.has_framework) for c in countries] == [(fields(c), c.has_framework) for c in orm]
    assert {c.code: c.has_framework for c in countries}["HU"] is False and countries[0].code == "IT"
    assert all(type(c.has_framework) is bool for c in countries)
    with django_assert_num_queries(1):
        studies = studies_in_order()
    assert [fields(s) for s in studies] == [fields(s) for s in Study.objects.order_by("created_at", "pk")]
    assert [s.name for s in studies] == ["Earlier", "Later"]
