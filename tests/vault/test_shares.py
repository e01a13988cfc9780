import sqlite3

import pytest

from fiit.vault import new_data_key, unwrap_data_key, wrap_data_key
from fiit.vault.shares import ShareDestroyed, ShareStore, new_share, wrapping_key


def test_a_destroyed_share_leaves_no_way_to_unwrap(tmp_path):
    store = ShareStore(tmp_path / "shares.sqlite3")
    kek, dek = new_data_key(), new_data_key()
    share = store.create("i-1")
    wrapped = wrap_data_key(wrapping_key(kek, share, "i-1"), dek, interview_id="i-1", key_id="k")
    assert unwrap_data_key(wrapping_key(kek, store.get("i-1"), "i-1"), wrapped, interview_id="i-1", key_id="k") == dek
    store.destroy("i-1")
    with pytest.raises(ShareDestroyed):
        store.get("i-1")
    raw = (tmp_path / "shares.sqlite3").read_bytes()
    assert share not in raw  # secure_delete and a truncated WAL leave no copy in the file


def test_wrapping_key_depends_on_kek_share_and_interview():
    kek, share = new_data_key(), new_data_key()
    base = wrapping_key(kek, share, "i-1")
    assert base != wrapping_key(new_data_key(), share, "i-1")
    assert base != wrapping_key(kek, new_data_key(), "i-1")
    assert base != wrapping_key(kek, share, "i-2")


def test_add_many_is_all_or_nothing(tmp_path):
    store = ShareStore(tmp_path / "s.sqlite3")
    shares = {f"i-{n}": new_share() for n in range(50)}
    store.add_many(shares)
    assert store.count() == 50 and store.get("i-7") == shares["i-7"]
    with pytest.raises(sqlite3.IntegrityError):
        store.add_many({"i-new": new_share(), "i-7": new_share()})  # i-7 is taken
    assert store.count() == 50 and store.get("i-7") == shares["i-7"]
    with pytest.raises(ShareDestroyed):
        store.get("i-new")


def test_audit_anchor_never_moves_back(tmp_path):
    from fiit.vault.anchor import AnchorStore, Head

    store = AnchorStore(tmp_path / "k-audit-head.sqlite3")
    assert store.head("chain-a") is None
    store.advance("chain-a", 3, "h3")
    store.advance("chain-a", 2, "h2")  # an older entry committed late: ignored
    store.advance("chain-b", 1, "b1")
    assert store.head("chain-a") == Head(3, "h3")
    assert store.head("chain-b") == Head(1, "b1")
    store.advance("chain-a", 4, "h4")
    assert AnchorStore(tmp_path / "k-audit-head.sqlite3").head("chain-a") == Head(4, "h4")  # on disk


def test_the_audit_anchor_is_as_durable_as_the_database_and_the_key_shares_more(tmp_path):
    """The anchor commits with the database's setting (WAL, synchronous=NORMAL: no fsync per audit entry);
    the key shares, written once per interview and needed to read it at all, keep a full fsync."""
    from fiit.db.config import SQLITE_INIT
    from fiit.vault.anchor import AnchorStore
    from fiit.vault.shares import ShareStore

    def pragmas(conn):
        return (conn.execute("PRAGMA journal_mode").fetchone()[0], conn.execute("PRAGMA synchronous").fetchone()[0])

    anchor = AnchorStore(tmp_path / "k-audit-head.sqlite3")._connect()
    shares = ShareStore(tmp_path / "k-shares.sqlite3")._connect()
    assert pragmas(anchor) == ("wal", 1) and pragmas(shares) == ("wal", 2)
    assert "synchronous=NORMAL" in SQLITE_INIT
