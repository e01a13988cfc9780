"""Answers read as columns: one frame per instrument in two queries, whatever the study's size.

The analysis reads one pandas frame per instrument (``interview``, ``country``
and one column per non-sensitive question). Built record by record (one dict
per interview, then a frame of dicts) that cost about 36 KB and a Python
object per answer for every interview; here one query lists the final
interviews (id, country) and one more fetches their clear answers, filtered
by study, status, instrument and question in SQL, and each column is filled as
an array, each distinct JSON text decoded once (a multiple choice's list is
then shared by the rows that gave the same answer: read-only, as the analysis
treats it). Sealed answers are neither fetched nor opened (``sealed IS NULL`` in
the query), so this needs no key file. Same result as the record path
(``tests/db/test_columns.py`` compares them on the demo and on 2,000
synthetic interviews).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from fiit.db.models import Answer, Interview, Study
from fiit.instruments import Instrument

if TYPE_CHECKING:  # imported by instrument_frame: fiit.db.tallies reads NUMERIC_TYPES here, counted victims no frame
    import pandas as pd

NUMERIC_TYPES = ("scale", "integer")
CHUNK = 20_000
_UNSEEN = object()


def instrument_frame(study: Study, instrument: Instrument) -> pd.DataFrame:
    """Final interviews of ``instrument`` (any stored version): country plus every non-sensitive question."""
    import pandas as pd

    questions = [q for q in instrument.questions() if not q.is_sensitive]
    columns = [q.id for q in questions]
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    # Sorted here, not by the query: asked for that order, SQLite walks the study's interviews through the
    # study index (20 ms at 50,000 victims even when none is of this instrument: fiit stats reads two such
    # frames, issue 16); unordered, it finds them in the index of study, status and instrument (5 ms).
    interviews = sorted(final.order_by().values_list("pk", "country_id"))
    row_of = {pk: i for i, (pk, _) in enumerate(interviews)}
    data = {c: np.full(len(interviews), None, dtype=object) for c in columns}
    answers = (Answer.objects.filter(interview__in=final, sealed__isnull=True, question_id__in=columns)
               .annotate(text=Cast("value", TextField())).values_list("interview_id", "question_id", "text"))
    sql, params = answers.query.sql_with_params()
    decoded: dict[str, object] = {}  # each distinct JSON text is decoded once (answers repeat a lot)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            for interview_id, question_id, text in rows:
                if text is None:
                    continue
                value = decoded.get(text, _UNSEEN)
                if value is _UNSEEN:
                    value = decoded[text] = json.loads(text)
                data[question_id][row_of[interview_id]] = value
    frame = pd.DataFrame({"interview": np.arange(1, len(interviews) + 1),
                          "country": pd.Series([c for _, c in interviews], dtype=object),
                          **{c: data[c] for c in columns}},
                         columns=["interview", "country", *columns])
    for q in questions:
        if q.type in NUMERIC_TYPES:
            frame[q.id] = pd.to_numeric(frame[q.id], errors="coerce").astype("Int64")
    return frame
