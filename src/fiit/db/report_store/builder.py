"""Building: every entry of a study under the current key, those asked for first, started over when the data
change meanwhile; in the background under ``fiit serve`` (see :mod:`fiit.db.report_store`)."""

from __future__ import annotations

import threading
from typing import Callable, Iterable, Sequence

from fiit.db.report_store.copies import replace_placed
from fiit.db.report_store.invalidation import _current_keys, purge
from fiit.db.report_store.store import (FORMATS, WANTED, Entry, _progress, _write, data_version, failure,
                                       is_built, path_for, progress, store_root, wanted)

_lock = threading.Lock()
_building: dict[str, threading.Thread] = {}


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


# -- the background builder ------------------------------------------------------------------

WATCH_SECONDS = 20


def start_background_build(study_name: str | None = None) -> bool:
    """Build the reports in the background (one builder across processes); False when one already runs.

    Under ``fiit serve`` (FIIT_REPORT_BUILDER=process) the builder is a low-priority process of its own
    (:mod:`.background`), so a build never holds a server worker's interpreter lock; elsewhere, a thread."""
    import os

    if os.environ.get("FIIT_REPORT_BUILDER") == "process":
        from fiit.db.report_store.background import spawn

        return spawn(study_name)
    with _lock:
        running = _building.get("all")
        if running is not None and running.is_alive():
            return False
        thread = threading.Thread(target=build_under_lock, args=(study_name,), name="fiit-report-store", daemon=True)
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


def build_under_lock(study_name: str | None = None) -> None:
    """Build what should be kept (:func:`build_everything`) holding the store's build lock; return at once
    when another builder holds it."""
    import fcntl

    store_root().mkdir(parents=True, exist_ok=True)
    with open(store_root() / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # one builder across the server's processes
        except OSError:
            return
        build_holding_lock(study_name)


def build_holding_lock(study_name: str | None = None) -> None:
    """:func:`build_everything` with the current key file, by a caller that holds the build lock."""
    from django.db import connection

    from fiit.db.keys import current_keyfile

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

        time.sleep(min(interval, 2.0))  # a server started on data changed since the last build builds at once
        while True:
            try:
                if needs_building():
                    start_background_build()
            except Exception:  # noqa: BLE001 — a watcher never takes the server down; the next round retries
                pass
            finally:
                connection.close()
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="fiit-report-watch", daemon=True)
    thread.start()
    return thread
