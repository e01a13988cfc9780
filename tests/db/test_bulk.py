"""Bulk inserts of ``fiit import``: the rows they write are the rows the ORM writes (SQLite and PostgreSQL)."""

import datetime as dt
import uuid

import pytest
from django.db import connection

from fiit.db.bulk import ROWS_PER_STATEMENT, insert_answers, insert_interviews, sqlite_set_for_import
from fiit.db.models import Answer, Interview, Study
from fiit.db.store import store_instrument, sync_frameworks
from fiit.instruments import get_instrument

pytestmark = pytest.mark.django_db

COMPARED = ["instrument_id", "country_id", "language", "respondent_code", "interview_date", "status",
            "source", "synthetic", "consent_text_version", "consent_research_use", "consent_quotes",
            "consent_follow_up", "consent_recorded_at", "key_id", "interviewer_id", "consent_recorded_by_id"]


@pytest.fixture
def setting():
    sync_frameworks()
    return Study.objects.create(name="Bulk"), store_instrument(get_instrument("victim"))


def values(study, version, n, **changes):
    row = {
        "uid": uuid.uuid4(), "study_id": study.pk, "instrument_id": version.pk, "country_id": ("BE", "FR")[n % 2],
        "language": "nl", "respondent_code": f"K-{n}", "interview_date": dt.date(2024, 3, 1 + n % 3),
        "status": "final", "source": "kobo", "synthetic": False, "external_id": f"uuid:{n}",
        "consent_text_version": "xlsform-1", "consent_research_use": True, "consent_quotes": n % 2 == 0,
        "consent_follow_up": False,
        "consent_recorded_at": dt.datetime(2024, 3, 1, 10, n % 60, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "key_id": "k1", "wrapped_key": bytes([n % 256]) * 61,
    }
    return {**row, **changes}


def test_interviews_are_stored_as_save_stores_them_and_their_keys_come_back_in_order(setting):
    study, version = setting
    rows = [values(study, version, n) for n in range(7)]
    pks = insert_interviews(rows)
    assert pks == [Interview.objects.get(external_id=row["external_id"]).pk for row in rows]
    # The same interview saved through the ORM, in another study (respondent codes are unique per study).
    other = Study.objects.create(name="ORM")
    saved = Interview(**{**rows[3], "uid": uuid.uuid4(), "study_id": other.pk, "external_id": "uuid:orm"})
    saved.save()
    bulk, orm = Interview.objects.get(pk=pks[3]), Interview.objects.get(pk=saved.pk)
    assert [getattr(bulk, f) for f in COMPARED] == [getattr(orm, f) for f in COMPARED]
    assert (bulk.study_id, orm.study_id) == (study.pk, other.pk)
    assert bytes(bulk.wrapped_key) == bytes(orm.wrapped_key) == bytes([3]) * 61
    assert bulk.uid == rows[3]["uid"]
    assert bulk.consent_recorded_at == dt.datetime(2024, 3, 1, 9, 3, tzinfo=dt.timezone.utc)
    assert bulk.created_at is not None and bulk.updated_at is not None


def test_answers_keep_their_values_and_blobs_across_statements(setting):
    """More answers than one statement holds: full statements, then the rest; JSON and blobs as the ORM reads them."""
    study, version = setting
    count = 3
    pks = insert_interviews([values(study, version, n) for n in range(count)])
    per_interview = ROWS_PER_STATEMENT // 2 + 7  # the whole set spans several statements and a remainder
    expected = {}
    batch = []
    for pk in pks:
        rows = []
        for q in range(per_interview):
            value, sealed = [(q % 10 + 1, None), ("yes", None), (["housing", "legal_advice"], None),
                             (None, bytes([q % 256, 1, 2]) * 20), ("2012-05-01", None), (True, None)][q % 6]
            rows.append((f"q{q}", value, sealed))
            expected[(pk, f"q{q}")] = (value, sealed)
        batch.append((pk, rows))
    insert_answers(batch)
    stored = {(a.interview_id, a.question_id): (a.value, None if a.sealed is None else bytes(a.sealed))
              for a in Answer.objects.filter(interview_id__in=pks)}
    assert stored == expected
    assert Answer.objects.filter(interview_id=pks[0], question_id="q5").values_list("value", flat=True).get() is True


def _pragma(name):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def _temp_store():
    return _pragma("temp_store")


@pytest.mark.django_db(transaction=True)
def test_statement_journals_stay_in_memory_and_the_cache_grows_only_while_importing():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    before, cache = _temp_store(), _pragma("cache_size")
    with sqlite_set_for_import():
        assert _temp_store() == 2  # MEMORY
        assert _pragma("cache_size") == -64 * 1024  # KiB
    assert (_temp_store(), _pragma("cache_size")) == (before, cache)
    assert cache != -64 * 1024


def test_inside_a_transaction_the_setting_is_left_alone_without_an_error():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    # SQLite refuses the change inside a transaction only once the connection's temporary storage is open,
    # which depended on the tests run before this one on the same connection (another order under
    # pytest-xdist: the change went through). A temporary table opens it here, whatever ran before.
    connection.cursor().execute("CREATE TEMP TABLE IF NOT EXISTS opens_temp_storage (x)")
    before = _temp_store()  # the test runs inside a transaction, where SQLite refuses the change
    with sqlite_set_for_import():
        assert _temp_store() == before
        assert _pragma("cache_size") == -64 * 1024  # the cache can change all the same
    assert _temp_store() == before


def test_a_missing_country_is_refused_with_its_reason_and_nothing_is_written(setting):
    """Was: the rows went in (the foreign key is only checked at commit), the read-back of their keys joined the
    country table and missed them, and the caller got a KeyError."""
    from django.db import transaction

    from fiit.db.errors import CountryNotStored
    from fiit.problems import FiitError
    from fiit.problems.catalogue import render

    study, version = setting
    before = Interview.objects.count()
    rows = [values(study, version, 0), values(study, version, 1, country_id="XF"),
            values(study, version, 2, country_id="XG")]
    with pytest.raises(CountryNotStored) as caught:
        with transaction.atomic():
            insert_interviews(rows)
    assert isinstance(caught.value, FiitError) and caught.value.problem.code == "country_not_stored"
    assert caught.value.problem.params == {"countries": "XF, XG", "count": 3}
    assert str(caught.value) == ("The database has no country XF, XG, so none of these 3 interviews was stored. "
                                 "Set up the study's countries first, then store them again.")
    assert caught.value.message_in("hu") == render("country_not_stored", "hu", countries="XF, XG", count=3)
    assert Interview.objects.count() == before  # nothing written, not even the row whose country exists
    assert not Interview.objects.filter(external_id__in=["uuid:0", "uuid:1", "uuid:2"]).exists()
    # and the same rows with a stored country go in
    assert len(insert_interviews([values(study, version, 0), values(study, version, 1)])) == 2
