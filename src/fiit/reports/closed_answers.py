"""Policymakers' and service providers' closed answers by country, under each theme.

Who is protected differs from the victims' tables. Policymakers and service
providers speak for their organisations and the study publishes how many were
interviewed in each country; what must not leak is one person's answer. So a
country's answers to a question are published when

* at least :data:`MIN_N` (3) of that group answered it in that country, and
* no answer was given by all of them: a unanimous row tells every reader who
  knows who was interviewed what each of them said.

Otherwise the row shows the number who answered and withholds the split
(:data:`~fiit.analysis.SUPPRESSED_SYMBOL`). No total row is printed across
countries: with a withheld row it would give the withheld split away. The rule
is printed in the methods note (``methods_professionals``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from fiit.analysis import SUPPRESSED_SYMBOL
from fiit.frameworks.model import pick
from fiit.reports.model import TableBlock
from fiit.reports.texts import text

if TYPE_CHECKING:
    from fiit.reports.builder import Built

MIN_N = 3
PROFESSIONAL_INSTRUMENTS = ("policymaker", "service_provider")
CLOSED_TYPES = ("single_choice", "yes_no")


def publishable(counts: list[int]) -> bool:
    """The rule above, for one country's answers to one question."""
    n = sum(counts)
    return n >= MIN_N and max(counts, default=0) < n


def closed_questions(instrument_id: str, theme: str):
    from fiit.instruments import get_instrument

    instrument = get_instrument(instrument_id)
    return [q for q in instrument.questions()
            if q.type in CLOSED_TYPES and theme in q.theme and q.options and not q.identifying]


def closed_answer_table(b: "Built", instrument_id: str, question, theme: str = "") -> TableBlock | None:
    frame: pd.DataFrame | None = b.frames.get(instrument_id)
    if frame is None or question.id not in frame.columns:
        return None
    lang = b.lang
    options = [o.value for o in question.options]
    rows = []
    for country in b.countries:
        answers = frame.loc[frame["country"] == country, question.id].dropna().astype(str)
        counts = [int((answers == o).sum()) for o in options]
        n = sum(counts)
        if n == 0:
            continue
        cells = [str(c) for c in counts] if publishable(counts) else [SUPPRESSED_SYMBOL] * len(counts)
        rows.append((b.country_name(country), *cells, str(n)))
    if not rows:
        return None
    header = (text("country", lang), *[pick(o.label, lang) for o in question.options], text("answered", lang))
    number = f"{question.number}. " if question.number else ""
    return TableBlock(
        f"tab-closed-{theme}-{instrument_id}-{question.id}".replace("--", "-"),
        text("cap_closed", lang, group=text(f"instr_{instrument_id}", lang), question=number + pick(question.text, lang)),
        header, tuple(rows), source=text("src_interviews", lang),
        note=text("closed_rule", lang, n=MIN_N, symbol=SUPPRESSED_SYMBOL))


def closed_answer_tables(b: "Built", theme: str) -> list[TableBlock]:
    out = []
    for instrument_id in PROFESSIONAL_INSTRUMENTS:
        for question in closed_questions(instrument_id, theme):
            table = closed_answer_table(b, instrument_id, question, theme)
            if table is not None:
                out.append(table)
    return out
