"""Invalidation: a change to what a report shows deletes every stored report and placed copy of an older
version at once (see :mod:`fiit.db.report_store`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterable

from fiit.db.report_store.copies import _manifest, known_stores, placed_copies
from fiit.db.report_store.store import WANTED, background_enabled, data_version, store_root


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

        from fiit.db.report_store.builder import start_background_build

        transaction.on_commit(start_background_build)  # build what was committed, not what may roll back


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
