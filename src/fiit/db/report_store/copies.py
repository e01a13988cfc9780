"""Copies of stored reports outside the store (``fiit report -o``, ``fiit demo``), recorded in a manifest so
that a change deletes them and the next build writes them again (see :mod:`fiit.db.report_store`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from fiit.db.report_store import store as _store
from fiit.db.report_store.store import FORMATS, Entry, _write, path_for, reports_dir, store_root

MANIFEST = "out-manifest.json"   # the report files the store placed in the reports folder


def manifest_path() -> Path:
    """Where the manifest lives: beside a SQLite database (``<db>.reports.json``), so that every process on
    that database — the server, ``fiit withdraw`` run from another folder — finds every store and copy;
    else in the store."""
    database = _store._database_file()
    return database.with_name(database.name + ".reports.json") if database else store_root() / MANIFEST


class _manifest:
    """The manifest, read and written under a lock (several processes place files): ``placed`` (absolute
    path -> {"key" (None once removed), "study", "slug", "fmt"}) and ``stores`` (every store folder used
    with this database: a change purges them all)."""

    def __enter__(self) -> dict:
        import fcntl

        path = manifest_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(path.with_name(path.name + ".lock"), "w")
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        if "placed" not in raw:  # the first manifests: a flat {name or path: record}
            raw = {"placed": raw, "stores": []}
        self.placed = {}
        for target, record in raw["placed"].items():
            if isinstance(record, str):  # the very first: file name in the reports folder -> key
                entry_slug, _, fmt = target.rpartition(".")
                record = {"key": record, "study": None, "slug": entry_slug, "fmt": fmt}
                target = str(reports_dir() / target)
            self.placed[target] = record
        self.stores = sorted({*raw.get("stores", []), str(store_root())})
        self.path = path
        return self.placed

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                _write(self.path, json.dumps({"placed": self.placed, "stores": self.stores},
                                             sort_keys=True).encode())
        finally:
            self._lock.close()


def known_stores() -> list[Path]:
    """Every store folder used with this database (recorded in the manifest)."""
    manifest = _manifest()
    manifest.__enter__()
    manifest.__exit__(None, None, None)
    return [Path(p) for p in manifest.stores]


def place(key: str, entry: Entry, fmt: str, target: Path, study=None) -> Path:
    """Copy a stored report to ``target`` and record it, so that the next change deletes it and the next
    build writes it again."""
    target = Path(target).resolve()
    _write(target, path_for(key, entry, fmt).read_bytes())
    with _manifest() as placed:
        placed[str(target)] = {"key": key, "study": getattr(study, "pk", study), "slug": entry.slug(), "fmt": fmt}
    return target


def placed_copies() -> dict[str, dict]:
    with _manifest() as placed:
        return dict(placed)


def replace_placed(study, key: str) -> list[Path]:
    """Write again the copies of this study's reports that a change removed (those built under ``key``)."""
    written = []
    with _manifest() as placed:
        for target, record in placed.items():
            entry = Entry.from_slug(record["slug"])
            if record["key"] is not None or record["study"] != study.pk or entry is None:
                continue
            source = path_for(key, entry, record["fmt"])
            if source.exists():
                _write(Path(target), source.read_bytes())
                record["key"] = key
                written.append(Path(target))
    return written


def place_in_reports_dir(key: str, wanted_entries: Sequence[Entry], formats: Sequence[str] = FORMATS,
                         study=None) -> list[Path]:
    """Copy stored reports into the reports folder (``./out``) under their slug (:func:`place`)."""
    return [place(key, entry, fmt, reports_dir() / f"{entry.slug()}.{fmt}", study=study)
            for entry in wanted_entries for fmt in formats]
