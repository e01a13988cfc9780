"""The audit chain detects changed, removed, inserted and reordered entries."""

import pytest

from fiit.db.audit import record, verify
from fiit.db.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(keyfile):
    for i in range(6):
        record("view_interview", actor=f"user{i % 2}", record_type="interview", record_id=i + 1, keyfile=keyfile)
    assert verify(keyfile).ok
    return list(AuditEvent.objects.order_by("id"))


def test_intact_chain_verifies(chain, keyfile):
    check = verify(keyfile)
    assert check.ok and check.entries == 6
    assert check.message() == "audit chain intact: 6 entries"


def test_changed_entry_is_detected(chain, keyfile):
    AuditEvent.objects.filter(pk=chain[2].pk).update(actor="someone-else")
    check = verify(keyfile)
    assert not check.ok and check.first_bad_seq == 3
    assert "changed" in check.reason


def test_removed_entry_is_detected(chain, keyfile):
    AuditEvent.objects.filter(pk=chain[3].pk).delete()
    check = verify(keyfile)
    assert not check.ok and check.first_bad_seq == 5  # the entry after the gap


def test_inserted_entry_is_detected(chain, keyfile):
    # An insert at the end with a forged hash (the forger lacks the audit key).
    last = chain[-1]
    AuditEvent.objects.create(seq=7, at=last.at, actor="intruder", action="export", prev_hash=last.hash, hash="f" * 64)
    check = verify(keyfile)
    assert not check.ok and check.first_bad_seq == 7


def test_inserted_entry_in_the_middle_is_detected(chain, keyfile):
    rows = list(AuditEvent.objects.order_by("id"))
    # Shift sequence numbers of the tail up by one and place a forged entry at seq 4.
    for row in reversed(rows[3:]):
        AuditEvent.objects.filter(pk=row.pk).update(seq=row.seq + 100)
    forged = AuditEvent.objects.create(seq=4, at=rows[2].at, actor="intruder", action="export",
                                       prev_hash=rows[2].hash, hash="e" * 64)
    check = verify(keyfile)
    assert not check.ok
    assert check.first_bad_id in {forged.pk, rows[3].pk}


def test_reordered_entries_are_detected(chain, keyfile):
    a, b = chain[1], chain[4]
    fields = ["seq", "at", "actor", "action", "record_type", "record_id", "details", "prev_hash", "hash"]
    a_values = {f: getattr(a, f) for f in fields}
    b_values = {f: getattr(b, f) for f in fields}
    AuditEvent.objects.filter(pk=a.pk).update(seq=999)
    AuditEvent.objects.filter(pk=b.pk).update(**{**a_values})
    AuditEvent.objects.filter(pk=a.pk).update(**{**b_values})
    check = verify(keyfile)
    assert not check.ok and check.first_bad_id == a.pk


def test_audit_details_never_carry_text_or_names(keyfile):
    with pytest.raises(ValueError, match="must not carry"):
        record("change_interview", details={"answer": "secret"}, keyfile=keyfile)
    with pytest.raises(ValueError, match="unknown audit action"):
        record("peek", keyfile=keyfile)


def test_a_different_key_cannot_verify(chain, tmp_path):
    from fiit.vault import create_key_file

    other = create_key_file(tmp_path / "other.json")
    check = verify(other)
    assert not check.ok and check.first_bad_seq == 1


# -- the tail: entries cut from the end, checked against the anchor beside the key file ----------------

@pytest.fixture
def anchored_chain(keyfile, django_capture_on_commit_callbacks):
    """Six entries whose anchor was advanced as on commit in production."""
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(6):
            record("view_interview", actor="lead", record_type="interview", record_id=i + 1, keyfile=keyfile)
    assert verify(keyfile).ok
    return list(AuditEvent.objects.order_by("id"))


def test_entries_cut_from_the_end_are_detected(anchored_chain, keyfile):
    AuditEvent.objects.filter(seq__gte=5).delete()  # what is left is a shorter, intact chain
    check = verify(keyfile)
    assert not check.ok
    assert check.first_bad_seq == 5
    assert "removed from the end" in check.reason and "entry 6" in check.reason


def test_last_entry_replaced_with_the_key_is_detected(anchored_chain, keyfile):
    AuditEvent.objects.filter(seq=6).delete()
    # an insider with the key file re-records a different sixth entry, without going through the anchor
    record("login", actor="insider", keyfile=keyfile)  # no on-commit callbacks run: the anchor stays
    check = verify(keyfile)
    assert not check.ok and check.first_bad_seq == 6 and "replaced" in check.reason


def test_a_whole_trail_removed_is_detected_when_interviews_remain(keyfile):
    import datetime as dt

    from fiit.db.models import Study
    from fiit.db.store import create_interview, sync_frameworks
    from fiit.instruments import get_instrument

    sync_frameworks()
    create_interview(study=Study.objects.create(name="S"), instrument=get_instrument("policymaker"),
                     country="BE", language="en", respondent_code="P-1", interview_date=dt.date(2013, 1, 1),
                     answers={}, keyfile=keyfile)
    assert verify(keyfile).ok
    AuditEvent.objects.all().delete()
    check = verify(keyfile)
    assert not check.ok and "trail is empty" in check.reason


def test_entries_added_after_the_anchor_still_verify(anchored_chain, keyfile):
    record("logout", actor="lead", keyfile=keyfile)  # the anchor lags behind: that is allowed
    assert verify(keyfile).ok


# -- issue 14: M1 (a cut tail stays detected), L11 (chain identity per database, a vanished chain) ------

def test_a_cut_tail_stays_detected_after_as_many_new_entries(anchored_chain, keyfile, django_capture_on_commit_callbacks):
    AuditEvent.objects.filter(seq__gte=5).delete()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(4):  # before the fix: once the app wrote past the anchor, the trail verified again
            record("login", actor="lead", keyfile=keyfile)
    assert AuditEvent.objects.order_by("-seq").first().seq == 8
    check = verify(keyfile)
    assert not check.ok
    assert "ended at entry 4" in check.reason and "recorded entry 6" in check.reason


def test_every_database_has_its_own_chain_identity(keyfile, django_capture_on_commit_callbacks):
    from fiit.db.audit import chain_id

    with django_capture_on_commit_callbacks(execute=True):
        record("login", actor="a", keyfile=keyfile)
    first = AuditEvent.objects.get(seq=1)
    assert len(first.prev_hash) == 64 and chain_id() == first.prev_hash and first.prev_hash != "0" * 64
    assert first.details == {}  # the identity is not in the entry's details


def test_a_restored_copy_gets_a_chain_of_its_own(anchored_chain, keyfile, django_capture_on_commit_callbacks):
    from fiit.db.audit import chain_id, renew_chain
    from fiit.vault.anchor import anchor_store_for

    original = chain_id()
    with django_capture_on_commit_callbacks(execute=True):
        renewed = renew_chain(keyfile)
        record("login", actor="a", keyfile=keyfile)
    assert renewed != original and chain_id() == renewed
    anchors = anchor_store_for(keyfile.path)
    assert anchors.head(original).seq == 6  # the original's anchor does not move with the copy
    assert anchors.head(renewed).seq == 8
    assert verify(keyfile).ok


def test_deleting_the_whole_trail_and_every_interview_is_detected(anchored_chain, keyfile):
    AuditEvent.objects.all().delete()  # no interview in this database either
    check = verify(keyfile)
    assert not check.ok and "the audit entries were removed" in check.reason


def test_a_vanished_chain_stays_an_alarm_when_a_new_one_starts(anchored_chain, keyfile,
                                                               django_capture_on_commit_callbacks):
    AuditEvent.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(8):
            record("login", actor="a", keyfile=keyfile)
    check = verify(keyfile)
    assert not check.ok and "vanished" in check.reason


# -- issue 13: the append under the write lock reads the trail in one query, through indexes ------------

def test_the_append_finds_the_chain_that_chain_id_finds(anchored_chain, keyfile, django_capture_on_commit_callbacks):
    from fiit.db.audit import _last_entry, chain_id, renew_chain

    last = _last_entry()
    assert (last.seq, last.hash, last.chain) == (6, anchored_chain[-1].hash, chain_id())
    with django_capture_on_commit_callbacks(execute=True):
        renewed = renew_chain(keyfile)
    last = _last_entry()
    assert last.chain == renewed == chain_id() and last.seq == 7


def test_an_append_runs_the_same_queries_at_any_length_of_the_trail(keyfile, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record("login", actor="a", keyfile=keyfile)
    with CaptureQueriesContext(connection) as short:
        record("login", actor="a", keyfile=keyfile)
    for _ in range(60):
        record("login", actor="a", keyfile=keyfile)
    with django_assert_num_queries(len(short.captured_queries)):
        record("login", actor="a", keyfile=keyfile)
    # the last entry with the chain identity, then the insert (PostgreSQL: and its advisory lock)
    assert len(short.captured_queries) == (3 if connection.vendor == "postgresql" else 2)


def test_the_append_reads_the_trail_only_through_indexes(anchored_chain):
    from django.db import connection

    from fiit.db.audit import _last_entry
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plan")
    with CaptureQueriesContext(connection) as context:
        _last_entry()
    (query,) = context.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plan = [row[-1] for row in cursor.fetchall()]
    scans = [step for step in plan if step.startswith("SCAN")]
    assert scans and all(" USING " in step for step in scans), plan  # no scan of the whole trail
    assert any("audit_action_seq" in step for step in plan), plan


def test_a_replaced_last_entry_stays_an_alarm_after_new_entries(anchored_chain, keyfile,
                                                                django_capture_on_commit_callbacks):
    """The anchor names the last entry: the append compares its hash with the last entry read in the same query."""
    from fiit.db.audit import _as_entry, chain_id
    from fiit.vault.anchor import anchor_store_for
    from fiit.vault.audit import entry_hash

    # an insider with the key file rewrites the last entry in place, hash and all: the chain alone is intact
    sixth = AuditEvent.objects.get(seq=6)
    sixth.actor = "insider"
    sixth.hash = entry_hash(keyfile.audit_key, _as_entry(sixth))
    sixth.save()
    assert verify(keyfile).reason and "replaced" in verify(keyfile).reason
    for _ in range(3):  # the app writes on, each entry committed (and anchored) before the next
        with django_capture_on_commit_callbacks(execute=True):
            record("login", actor="lead", keyfile=keyfile)
    assert anchor_store_for(keyfile.path).head(chain_id()).seq == 9  # past the replaced entry
    check = verify(keyfile)
    assert not check.ok and "entry 6 is not the one the anchor" in check.reason
