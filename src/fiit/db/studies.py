"""Which study: the one rule, for every page and command that has to pick one.

1. A study named (by name, or by id on a web page) is that study; no such study is an error.
2. Otherwise real studies come before the synthetic demo study: the only real study is the one.
3. Several real studies: a command that writes or exports refuses to guess (``refuse_ambiguous``);
   a page that reads shows the most recent, and lets the user choose another.
4. No real study: the most recent synthetic (demo) study, unless ``real_only`` (an import, which
   never puts real submissions into the demo study; it then makes a new study).

Also here: whether the database holds any synthetic data at all (the banner every page shows).
"""

from __future__ import annotations

from django.db import connection

from fiit.db.errors import NoStudy
from fiit.db.models import Interview, Study


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


def synthetic_data_sql() -> str:
    """Is any study, or any interview, in the database generated rather than real? (one boolean)

    Its interview half reads the partial index of synthetic interviews (Interview.Meta), so a real study
    of any size answers it without a pass over its interviews."""
    quote = connection.ops.quote_name
    return (f"EXISTS(SELECT 1 FROM {quote(Study._meta.db_table)} WHERE {quote('synthetic')}) "
            f"OR EXISTS(SELECT 1 FROM {quote(Interview._meta.db_table)} WHERE {quote('synthetic')})")


def synthetic_data_expression():
    """:func:`synthetic_data_sql` as a boolean ORM expression, to annotate another query with (the signed-in
    user's read, fiit.web.sign_in_backend and fiit.web.sessions: the banner in the same statement)."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    return RawSQL(synthetic_data_sql(), [], output_field=BooleanField())


def synthetic_data_present() -> bool:
    """Is any study, or any interview, in the database generated rather than real? One query, asked of
    the database each time: a study made synthetic, or a demo loaded, by another process shows on the
    next page."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {synthetic_data_sql()}")
        return bool(cursor.fetchone()[0])
