"""The coding workbench's suggestion model, trained once per version of what it learns from.

Training decrypts every coded answer of the study (an audited bulk read) and
fits a model per language: about a second on the demo and growing with the
codings. It used to run on every workbench page view. Now it runs when the
training data changed: :func:`training_version` is a key over the study's
codings (how many, which, the latest) and the coded interviews (a withdrawal
deletes an interview and its codings; an edit changes its ``updated_at``), the
same version-key idea as the report store. The model stays in this process's
memory only (never on disk: it is derived from open answers), one per study;
each server process trains its own once.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Callable, TypeVar

from django.db.models import Count, Max, Sum

T = TypeVar("T")

_lock = threading.Lock()
_models: dict[int, tuple[str, object]] = {}


def training_version(study) -> str:
    """A key that changes whenever the coded answers a suggestion model learns from may change."""
    from fiit.db.coding_models import Coding

    codings = Coding.objects.filter(interview__study=study).aggregate(
        n=Count("pk"), last=Max("pk"), total=Sum("pk"), interviews=Count("interview", distinct=True),
        edited=Max("interview__updated_at"))
    text = "|".join(str(codings[k]) for k in ("n", "last", "total", "interviews", "edited"))
    return hashlib.sha256(f"{study.pk}:{text}".encode()).hexdigest()[:24]


def trained(study, train: Callable[[], T]) -> T:
    """The study's model for the current training data: ``train()`` only when that data changed."""
    version = training_version(study)
    with _lock:
        known = _models.get(study.pk)
        if known is not None and known[0] == version:
            return known[1]  # type: ignore[return-value]
    model = train()
    with _lock:
        _models[study.pk] = (version, model)
    return model


def forget(study_pk: int | None = None) -> None:
    """Drop the kept model(s) (a withdrawal calls this too, though the version alone would retrain)."""
    with _lock:
        if study_pk is None:
            _models.clear()
        else:
            _models.pop(study_pk, None)
