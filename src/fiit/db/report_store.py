"""The report store: every report built once per version of its data, and served from there.

A report depends on the final interviews, the country frameworks, the published
findings, the approved quotes, the published recommendations and the
withdrawals. :func:`data_version` hashes all of them (and fiit's version, so a
new renderer rebuilds) into a key. Reports live in files under
``<reports dir>/.store/<key>/`` — ``<slug>.body.html`` (the page's fragment),
``.html``, ``.pdf``, ``.docx`` — written atomically; a page or a download is a
file read when its key is current.

Invalidation: a change to any of those data (a signal handler, :func:`data_changed`)
deletes every stored report and every report file the store placed in the
reports folder (``./out``) at once, so no report file survives a withdrawal; the
next request or the background builder (:func:`start_background_build`) builds
them again under the new key. A bulk write that sends no signal still changes the
key, so a stale file is never served; it is deleted by the next build.

Progress of a background build is written to ``.store/progress.json`` and shown
on the reports page.
"""

from __future__ import annotations

import hashlib
import json
import os
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


def purge(keep: str | None = None) -> int:
    """Delete every stored report (but those under ``keep``) and every file the store put in the
    reports folder; returns how many report files were removed."""
    removed = 0
    root = store_root()
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and child.name != keep:
                removed += sum(1 for p in child.rglob("*") if p.is_file())
                shutil.rmtree(child, ignore_errors=True)
    manifest = root / MANIFEST
    if manifest.exists():
        placed = json.loads(manifest.read_text(encoding="utf-8"))
        for name, key in list(placed.items()):
            if key != keep:
                target = reports_dir() / name
                if target.exists():
                    target.unlink()
                    removed += 1
                del placed[name]
        _write(manifest, json.dumps(placed).encode())
    return removed


def data_changed(**_ignored) -> None:
    """Signal handler: the data of the reports changed; no stored report may outlive it."""
    purge()
    if os.environ.get("FIIT_REPORT_BACKGROUND") == "1":
        from django.db import transaction

        transaction.on_commit(start_background_build)  # build what was committed, not what may roll back


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


def entries(countries: Sequence[str | None], langs: Sequence[str]) -> list[Entry]:
    return [Entry(c, lang) for c in countries for lang in langs]


def build_all(study, keyfile, *, countries: Sequence[str | None] | None = None, langs: Sequence[str] | None = None,
              progress: Callable[[int, int], None] | None = None) -> str:
    """Build every report (each scope and language, every format) under the current key, then delete
    the other keys' files. Returns the key."""
    from fiit.db.report_data import report_inputs
    from fiit.vocabulary import vocabulary

    key = data_version(study)
    countries = list(countries) if countries is not None else \
        [None, *study.interviews.filter(status="final").values_list("country_id", flat=True).distinct()
         .order_by("country_id")]
    langs = list(langs) if langs is not None else list(vocabulary().language_codes)
    todo = entries(countries, langs)
    inputs = report_inputs(study, keyfile)
    _progress(key, 0, len(todo))
    for i, entry in enumerate(todo, start=1):
        if not all(path_for(key, entry, f).exists() for f in ("body.html", *FORMATS)):
            render_entry(inputs, key, entry)
        if data_version(study) != key:
            # the data changed while building (a withdrawal, say): what was built is stale; delete it now
            purge(keep=data_version(study))
            return data_version(study)
        _progress(key, i, len(todo))
        if progress:
            progress(i, len(todo))
    purge(keep=key)
    _progress(key, len(todo), len(todo), finished=True)
    return key


def _progress(key: str, done: int, total: int, finished: bool = False) -> None:
    _write(store_root() / "progress.json", json.dumps({"key": key, "done": done, "total": total,
                                                       "finished": finished}).encode())


def progress() -> dict | None:
    """The last build's progress: {"key", "done", "total", "finished"}, or None."""
    try:
        return json.loads((store_root() / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def place_in_reports_dir(key: str, wanted: Sequence[Entry], formats: Sequence[str] = FORMATS) -> list[Path]:
    """Copy stored reports into the reports folder (``./out``) under their slug, recorded in the
    manifest so that the next change deletes them too."""
    root = store_root()
    manifest = root / MANIFEST
    placed = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    paths = []
    for entry in wanted:
        for fmt in formats:
            source = path_for(key, entry, fmt)
            target = reports_dir() / f"{entry.slug()}.{fmt}"
            _write(target, source.read_bytes())
            placed[target.name] = key
            paths.append(target)
    _write(manifest, json.dumps(placed).encode())
    return paths


def start_background_build(study_name: str | None = None) -> bool:
    """Build every report in a background thread (one at a time); False when one is already running."""
    with _lock:
        running = _building.get("all")
        if running is not None and running.is_alive():
            return False
        thread = threading.Thread(target=_background, args=(study_name,), name="fiit-report-store", daemon=True)
        _building["all"] = thread
        thread.start()
        return True


def _background(study_name: str | None) -> None:
    from django.db import connection

    from fiit.db.keys import current_keyfile
    from fiit.db.report_data import choose_study

    import fcntl

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
            build_all(choose_study(study_name), keyfile)
        finally:
            connection.close()


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
