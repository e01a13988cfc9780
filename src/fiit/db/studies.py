"""Which study: the one rule, for every page and command that has to pick one.

1. A study named (by name, or by id on a web page) is that study; no such study is an error.
2. Otherwise real studies come before the synthetic demo study: the only real study is the one.
3. Several real studies: a command that writes or exports refuses to guess (``refuse_ambiguous``);
   a page that reads shows the most recent, and lets the user choose another.
4. No real study: the most recent synthetic (demo) study, unless ``real_only`` (an import, which
   never puts real submissions into the demo study; it then makes a new study).
"""

from __future__ import annotations

from fiit.db.errors import NoStudy
from fiit.db.models import Study


def recent_first():
    return Study.objects.order_by("-created_at", "-pk")


def select_study(name: str | None = None, *, pk: int | None = None, refuse_ambiguous: bool = False,
                 real_only: bool = False) -> Study:
    """The study these words pick, by the rule above; :class:`NoStudy` when none fits."""
    if pk is not None:
        study = recent_first().filter(pk=pk).first()
        if study is None:
            raise NoStudy(code="no_such_study", name=str(pk))
        return study
    if name:
        study = recent_first().filter(name=name).first()
        if study is None:
            raise NoStudy(code="no_such_study", name=name)
        return study
    real = list(recent_first().filter(synthetic=False)[:2])
    if len(real) == 1 or (real and not refuse_ambiguous):
        return real[0]
    if real:
        from fiit.db.imports import StudyChoiceError

        names = ", ".join(recent_first().filter(synthetic=False).values_list("name", flat=True))
        raise StudyChoiceError(code="study_ambiguous", names=names)
    synthetic = None if real_only else recent_first().filter(synthetic=True).first()
    if synthetic is None:
        raise NoStudy(code="no_study")
    return synthetic
