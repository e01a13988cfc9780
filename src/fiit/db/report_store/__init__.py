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

Modules: :mod:`.store` (files, the version key, markers, progress), :mod:`.copies` (placed copies and their
manifest), :mod:`.invalidation` (purge on change, the model signals), :mod:`.builder` (building, in the
foreground and the background), :mod:`.stats` (``fiit stats --json`` kept by version, beside the reports).
"""

from fiit.db.report_store.store import (FORMATS, SLUG, STORE, WANTED, Entry, background_enabled, data_version,
                                       failure, is_built, path_for, progress, read, reports_dir, store_root, want,
                                       wanted)
from fiit.db.report_store.copies import (MANIFEST, known_stores, manifest_path, place, place_in_reports_dir,
                                        placed_copies, replace_placed)
from fiit.db.report_store.invalidation import connect_signals, data_changed, purge
from fiit.db.report_store.builder import (WATCH_SECONDS, build_all, build_everything, entries, needs_building,
                                         render_entry, start_background_build, studies_to_build, study_countries,
                                         watch)

__all__ = ["FORMATS", "SLUG", "STORE", "WANTED", "MANIFEST", "WATCH_SECONDS", "Entry", "background_enabled",
           "build_all", "build_everything", "connect_signals", "data_changed", "data_version", "entries",
           "failure", "is_built", "known_stores", "manifest_path", "needs_building", "path_for", "place",
           "place_in_reports_dir", "placed_copies", "progress", "purge", "read", "render_entry",
           "replace_placed", "reports_dir", "start_background_build", "store_root", "studies_to_build",
           "study_countries", "want", "wanted", "watch"]
