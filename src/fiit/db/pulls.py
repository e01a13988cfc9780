"""``fiit pull``: submissions fetched from KoboToolbox's or ODK Central's API, stored as an import stores them.

The pages come from :mod:`fiit.interop.submissions.pull`; each is checked,
sealed and stored by the same :class:`~fiit.db.imports.DatabaseStore` as a
file import before the next page is fetched, and the pull is audited (server
host, counts; never the token).
"""

from __future__ import annotations

import urllib.parse
from typing import Any, Iterable, Sequence

from fiit.db.audit import record
from fiit.db.bulk import sqlite_set_for_import
from fiit.db.imports import DatabaseStore, StudyChoiceError, known_countries
from fiit.db.models import Study
from fiit.db.store import sync_frameworks
from fiit.instruments import Instrument
from fiit.interop.submissions.pull import PullInterrupted, pull
from fiit.vault import KeyFile


def run_pull(pages: Iterable[list[dict[str, Any]]], instrument: Instrument, source: str, *, server: str,
             keyfile: KeyFile, study: Study, actor: str = "cli", hold_flagged: bool = False,
             forms: Sequence[Instrument] | None = None):
    """Pull every page into ``study``; audited, also when the pull stops part-way (then re-raised).

    ``forms``: the versions a submission may be read and stored with (see :func:`fiit.db.imports.run_import`).
    """
    if study.synthetic:
        raise StudyChoiceError(f"Study '{study.name}' holds synthetic demo data; pull real submissions into "
                               "another study.")
    keyfile.check_may_seal(synthetic=False)
    sync_frameworks()
    host = urllib.parse.urlsplit(server).netloc
    store = DatabaseStore(study=study, instrument=instrument, keyfile=keyfile, source=source, actor=actor,
                          file_sha256="", forms=forms or ())
    interrupted = None
    with sqlite_set_for_import():
        try:
            report = pull(pages, instrument, source, store, known_countries=known_countries(),
                          hold_flagged=hold_flagged, where=server, forms=forms)
        except PullInterrupted as exc:
            report, interrupted = exc.report, exc
    details = {"source": source, "via": "api", "server": host, "instrument": instrument.key, "rows": report.rows,
               "imported": report.imported, "duplicates": report.duplicates, "rejected_rows": report.rejected_rows}
    if interrupted is not None:
        details["interrupted"] = True
    record("import", actor=actor, record_type="study", record_id=study.pk, details=details, keyfile=keyfile)
    if interrupted is not None:
        raise interrupted
    return report
