"""The report store: every report built once per version of its data, and served from there.

A report depends on the final interviews, the country frameworks, the published
findings, the approved quotes, the published recommendations and the
withdrawals. :func:`data_version` hashes all of them (and fiit's version, so a
new renderer rebuilds) into a key. Reports live in files under
``<store>/<key>/`` (:func:`store_root`) — ``<slug>.body.html`` (the page's fragment),
``.html``, ``.pdf``, ``.docx`` — written atomically; a page or a download is a
file read when its key is current.

Invalidation: a change to any of those data (a signal handler, :func:`data_changed`)
deletes every stored report and every report file the store placed in the
reports folder (``./out``) at once, so no report file survives a withdrawal; the
next request or the background builder (:func:`start_background_build`) builds
them again under the new key. A bulk write that sends no signal still changes the
key, so a stale file is never served; it is deleted by the next build.

Building: never inside a request. A page or download whose report is not stored
yet asks for it (:func:`want`, a marker under ``.store/wanted/<key>/``) and says
it is being built; the builder (:func:`build_all`) builds what was asked for
first, then the rest, and starts over under the new key when the data change
while it builds. It runs in the background under ``fiit serve`` (each worker
watches for changes made elsewhere, one builder across processes: a file lock)
and in the foreground with ``fiit reports build``. A report that cannot be built
(an error a user can act on) is stored as a ``.failed`` sentence, shown instead.

Files outside the store: ``fiit report -o DIR`` and ``fiit demo`` write only
copies of stored reports (:func:`place`), recorded with their key in a manifest;
a change deletes every placed copy of an older key, and the next build writes
them again. Copies a user moved elsewhere are beyond reach: the manifest knows
only where fiit wrote.

Progress of a build is written to ``.store/progress.json`` and shown on every
report page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

FORMATS = ("html", "pdf", "docx")
STORE = ".store"
MANIFEST = "out-manifest.json"   # the report files the store placed in the reports folder
_lock = threading.Lock()
_building: dict[str, threading.Thread] = {}


def reports_dir() -> Path:
    """The reports folder (FIIT_REPORTS_DIR, default ./out)."""
    return Path(os.environ.get("FIIT_REPORTS_DIR", "out")).resolve()


def store_root() -> Path:
    """The store: ``$FIIT_REPORTS_DIR/.store`` when that is set (``fiit demo``, tests), else beside a SQLite
    database (``<db>.reports``: the same for every process on it, wherever it runs), else ``./out/.store``."""
    if not os.environ.get("FIIT_REPORTS_DIR"):
        database = _database_file()
        if database is not None:
            return database.with_name(database.name + ".reports")
    return reports_dir() / STORE


# -- the version key ----------------------------------------------------------------

def data_version(study) -> str:
    """A key that changes whenever anything a report of ``study`` shows may change."""
    import fiit
    from fiit.db.models import Framework, QuoteApproval, Recommendation, WithdrawnSubmission

    parts: dict[str, object] = {"fiit": getattr(fiit, "__version__", "")}
    parts["interviews"] = list(study.interviews.filter(status="final").order_by("pk").values_list(
        "pk", "updated_at", "consent_quotes", "key_id"))
    parts["frameworks"] = list(Framework.objects.order_by("pk").values_list("pk", "data"))
    parts["quotes"] = list(QuoteApproval.objects.filter(interview__study=study).order_by("pk").values_list(
        "pk", "interview_id", "question_id", "theme"))
    parts["recommendations"] = list(Recommendation.objects.filter(study=study, published=True).order_by("pk")
                                    .values_list("pk", "theme", "text", "country_id", "evidence"))
    parts["withdrawals"] = WithdrawnSubmission.objects.count()
    try:
        from fiit.db.coding_models import Finding

        parts["findings"] = list(Finding.objects.filter(study=study).order_by("pk").values_list(
            "pk", "published", "updated_at"))
    except Exception:  # a database without the qualitative tables yet
        parts["findings"] = []
    text = json.dumps(parts, default=str, sort_keys=True)
    return hashlib.sha256(f"{study.pk}:{text}".encode()).hexdigest()[:24]


# -- files ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    country: str | None
    lang: str
    public: bool = False

    def slug(self) -> str:
        return "fiit-" + (f"country-{self.country.lower()}" if self.country else "comparative") + \
            f"-{self.lang}" + ("-public" if self.public else "")

    @classmethod
    def from_slug(cls, slug: str) -> "Entry | None":
        """The entry a file name's stem names (``fiit-country-be-nl-public``), or None."""
        found = SLUG.match(slug)
        if not found:
            return None
        return cls(found.group(1).upper() if found.group(1) else None, found.group(2), bool(found.group(3)))


SLUG = re.compile(r"^fiit-(?:comparative|country-([a-z]{2}))-([a-z]{2,3})(-public)?$")


def path_for(key: str, entry: Entry, fmt: str) -> Path:
    return store_root() / key / f"{entry.slug()}.{fmt}"


def read(key: str, entry: Entry, fmt: str) -> bytes | None:
    """The stored file, or None when it is not (yet) built for this key."""
    try:
        return path_for(key, entry, fmt).read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def _current_keys() -> set[str]:
    """The current key of every study (what a purge keeps while building)."""
    from fiit.db.models import Study

    return {data_version(study) for study in Study.objects.all()}


def purge(keep: str | Iterable[str] | Callable[[], Iterable[str]] | None = None) -> int:
    """Delete every stored report (but those under the key(s) ``keep``; a callable is asked only when
    something is stored) and every copy the store placed outside it (the manifest); returns how many
    report files were removed."""
    roots = [root for root in {store_root(), *known_stores()} if root.is_dir()]
    if callable(keep):
        if not roots and not any(r["key"] for r in placed_copies().values()):
            return 0  # nothing stored anywhere: no need to work out the current keys
        keep = keep()
    kept = {keep} if isinstance(keep, str) else set(keep or ())
    removed = 0
    for root in roots:
        for child in root.iterdir():
            if child.is_dir() and child.name not in kept and child.name != WANTED:
                removed += sum(1 for p in child.rglob("*") if p.is_file())
                shutil.rmtree(child, ignore_errors=True)
        wanted_root = root / WANTED
        if wanted_root.is_dir():
            for child in wanted_root.iterdir():
                if child.name not in kept:
                    shutil.rmtree(child, ignore_errors=True)
    with _manifest() as placed:
        for target, record in placed.items():
            if record["key"] is not None and record["key"] not in kept:
                path = Path(target)
                if path.exists():
                    path.unlink()
                    removed += 1
                record["key"] = None  # removed; the next build of its study writes it again
    return removed


def data_changed(**_ignored) -> None:
    """Signal handler: the data of the reports may have changed; no stored report or placed copy of an
    older version may outlive it. Reports whose key is still current stay (``fiit serve`` and ``fiit
    migrate`` save every framework again, unchanged)."""
    purge(keep=_current_keys)
    if background_enabled():
        from django.db import transaction

        transaction.on_commit(start_background_build)  # build what was committed, not what may roll back


def background_enabled() -> bool:
    """Does this process build reports in the background? (``fiit serve`` sets FIIT_REPORT_BACKGROUND=1.)"""
    return os.environ.get("FIIT_REPORT_BACKGROUND") == "1"


# -- asking for a report ---------------------------------------------------------------

WANTED = "wanted"


def want(key: str, entry: Entry) -> None:
    """Ask the builder for this report (a page or download found it missing); built before the rest."""
    marker = store_root() / WANTED / key / entry.slug()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def wanted(key: str) -> list[Entry]:
    folder = store_root() / WANTED / key
    if not folder.is_dir():
        return []
    found = [(p.stat().st_mtime, Entry.from_slug(p.name)) for p in folder.iterdir()]
    return [entry for _, entry in sorted(found, key=lambda t: t[0]) if entry is not None]


def is_built(key: str, entry: Entry, formats: Iterable[str] = ("body.html", *FORMATS)) -> bool:
    return all(path_for(key, entry, f).exists() for f in formats)


def failure(key: str, entry: Entry) -> str | None:
    """Why this report could not be built (a sentence for the reader), or None."""
    try:
        return path_for(key, entry, "failed").read_text(encoding="utf-8")
    except OSError:
        return None


# -- building --------------------------------------------------------------------------

def render_entry(inputs, key: str, entry: Entry, formats: Iterable[str] = ("body",) + FORMATS) -> dict[str, bytes]:
    """Build one report and store it in each format asked for ("body": the web page's fragment)."""
    from fiit.reports import build_report
    from fiit.reports.output import render
    from fiit.reports.render_html import render_body, render_html

    report = build_report(inputs, country=entry.country, lang=entry.lang, public=entry.public)
    html = render_html(report)
    out = {}
    for fmt in formats:
        data = render_body(report).encode("utf-8") if fmt == "body" else render(report, fmt, html)
        _write(path_for(key, entry, "body.html" if fmt == "body" else fmt), data)
        out[fmt] = data
    return out


def entries(countries: Sequence[str | None], langs: Sequence[str],
            editions: Sequence[bool] = (False,)) -> list[Entry]:
    return [Entry(c, lang, public) for public in editions for c in countries for lang in langs]


def study_countries(study) -> list[str | None]:
    """The scopes of a study's reports: the comparative report (None), then each country with final interviews."""
    return [None, *study.interviews.filter(status="final").values_list("country_id", flat=True).distinct()
            .order_by("country_id")]


def _build_one(study, keyfile, key: str, entry: Entry, inputs_cache: dict) -> None:
    from fiit.db.report_data import report_inputs
    from fiit.problems import FiitError

    if key not in inputs_cache:
        inputs_cache.clear()
        inputs_cache[key] = report_inputs(study, keyfile)
    try:
        render_entry(inputs_cache[key], key, entry)
    except FiitError as exc:  # an error a reader can act on: the page shows it instead of failing
        _write(path_for(key, entry, "failed"), exc.message_in(entry.lang).encode("utf-8"))
    except ValueError as exc:  # the builder's "no data and no framework for country"
        _write(path_for(key, entry, "failed"), str(exc).encode("utf-8"))


def build_all(study, keyfile, *, countries: Sequence[str | None] | None = None, langs: Sequence[str] | None = None,
              editions: Sequence[bool] = (False, True),
              progress: Callable[[int, int], None] | None = None) -> str:
    """Build the study's reports under the current key: those asked for first (:func:`want`), then each
    scope (``countries``; None: the comparative report), language and edition (internal k = 5, public
    k = 10) in every format. When the data change meanwhile, it starts over under the new key. Then
    deletes what older keys left and writes the placed copies (:func:`place`) again. Returns the key."""
    from fiit.vocabulary import vocabulary

    langs = list(langs) if langs is not None else list(vocabulary().language_codes)
    inputs_cache: dict = {}
    while True:
        key = data_version(study)
        scopes = list(countries) if countries is not None else study_countries(study)
        todo = entries(scopes, langs, editions)
        done: set[Entry] = set()
        total = len(todo)
        restart = False
        _progress(key, 0, total, study=study.pk)
        while True:
            asked = [e for e in wanted(key) if e not in done and not is_built(key, e)]
            pending = asked + [e for e in todo if e not in done]
            if not pending:
                break
            entry = pending[0]
            if not is_built(key, entry) and failure(key, entry) is None:
                _build_one(study, keyfile, key, entry, inputs_cache)
            done.add(entry)
            (store_root() / WANTED / key / entry.slug()).unlink(missing_ok=True)
            if data_version(study) != key:
                restart = True  # the data changed while building (a withdrawal, say): start over
                break
            built = sum(1 for e in todo if e in done)
            _progress(key, built, total, study=study.pk)
            if progress:
                progress(built, total)
        if restart:
            purge(keep=_current_keys())
            continue
        purge(keep=_current_keys())
        replace_placed(study, key)
        _progress(key, total, total, finished=True, study=study.pk)
        return key


def _progress(key: str, done: int, total: int, finished: bool = False, study: int | None = None) -> None:
    _write(store_root() / "progress.json", json.dumps({"key": key, "done": done, "total": total,
                                                       "finished": finished, "study": study}).encode())


def progress() -> dict | None:
    """The last build's progress: {"key", "done", "total", "finished", "study"}, or None."""
    try:
        return json.loads((store_root() / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -- copies outside the store ------------------------------------------------------------

def _database_file() -> Path | None:
    """The SQLite database file, when the database is one (an in-memory test database is not)."""
    try:
        from django.conf import settings

        db = settings.DATABASES["default"]
    except Exception:  # noqa: BLE001 — Django not configured: no database to key the registry on
        return None
    name = str(db.get("NAME") or "")
    if not db.get("ENGINE", "").endswith("sqlite3") or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


def manifest_path() -> Path:
    """Where the manifest lives: beside a SQLite database (``<db>.reports.json``), so that every process on
    that database — the server, ``fiit withdraw`` run from another folder — finds every store and copy;
    else in the store."""
    database = _database_file()
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


# -- the background builder ------------------------------------------------------------------

WATCH_SECONDS = 20


def start_background_build(study_name: str | None = None) -> bool:
    """Build the reports in a background thread of this process (one at a time, and one builder across
    processes); False when this process already runs one."""
    with _lock:
        running = _building.get("all")
        if running is not None and running.is_alive():
            return False
        thread = threading.Thread(target=_background, args=(study_name,), name="fiit-report-store", daemon=True)
        _building["all"] = thread
        thread.start()
        return True


def studies_to_build(study_name: str | None = None) -> list:
    """The studies whose reports are kept built: the one named, else the study pages show by default,
    plus every study a page asked a report of."""
    from fiit.db.errors import NoStudy
    from fiit.db.models import Study
    from fiit.db.studies import select_study

    chosen = []
    try:
        chosen.append(select_study(study_name))
    except NoStudy:
        if study_name:
            raise
    asked = {data_version(s): s for s in Study.objects.all()}
    root = store_root() / WANTED
    if root.is_dir():
        for child in root.iterdir():
            if child.name in asked and asked[child.name] not in chosen and any(child.iterdir()):
                chosen.append(asked[child.name])
    return chosen


def build_everything(keyfile, study_name: str | None = None,
                     progress: Callable[[int, int], None] | None = None, **options) -> list[str]:
    """Build every study's reports that should be kept (:func:`studies_to_build`); the keys built."""
    return [build_all(study, keyfile, progress=progress, **options) for study in studies_to_build(study_name)]


def _background(study_name: str | None) -> None:
    import fcntl

    from django.db import connection

    from fiit.db.keys import current_keyfile

    store_root().mkdir(parents=True, exist_ok=True)
    with open(store_root() / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # one builder across the server's processes
        except OSError:
            return
        try:
            try:
                keyfile = current_keyfile()
            except Exception:
                keyfile = None
            build_everything(keyfile, study_name)
        finally:
            connection.close()


def needs_building(study_name: str | None = None) -> bool:
    """Is a report of the default study (or one asked for) missing under the current key?"""
    last = progress()
    studies = studies_to_build(study_name)
    return any(not (last and last.get("finished") and last.get("key") == data_version(s)) for s in studies)


def watch(interval: float = WATCH_SECONDS) -> threading.Thread:
    """A thread that starts the background builder whenever the data changed elsewhere (an import or a
    withdrawal on the command line sends no signal to this process). Started in each server worker."""
    import time

    def loop() -> None:
        from django.db import connection

        while True:
            time.sleep(interval)
            try:
                if needs_building():
                    start_background_build()
            except Exception:  # noqa: BLE001 — a watcher never takes the server down; the next round retries
                pass
            finally:
                connection.close()

    thread = threading.Thread(target=loop, name="fiit-report-watch", daemon=True)
    thread.start()
    return thread


def connect_signals() -> None:
    """Every change to what a report shows invalidates the store (called once from the app config)."""
    from django.db.models.signals import post_delete, post_save

    from fiit.db.models import Framework, Interview, QuoteApproval, Recommendation, WithdrawnSubmission

    models = [Interview, Framework, QuoteApproval, Recommendation, WithdrawnSubmission]
    try:
        from fiit.db.coding_models import Finding

        models.append(Finding)
    except Exception:
        pass
    for model in models:
        post_save.connect(_saved, sender=model, dispatch_uid=f"report-store-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"report-store-delete-{model.__name__}")


def _saved(sender, instance=None, **_kwargs) -> None:
    from fiit.db.models import Interview

    if sender is Interview and getattr(instance, "status", "final") != "final":
        return  # a draft being saved changes no report
    data_changed()


def _deleted(sender, **_kwargs) -> None:
    data_changed()  # a withdrawal deletes the interview: every report file goes at once
