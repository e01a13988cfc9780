"""A ranking question for KoboToolbox's form builder: one select-one per rank position.

XLSForm's ``rank`` type works in ODK Collect and Enketo, but KoboToolbox's form
builder does not support it (kpi issue 2420). The ``kobo`` flavour of the
XLSForm asks a ranking as one ``select_one`` per position
(``q12_rank_1`` … ``q12_rank_n``, :func:`position_name`), each offering the
same options, with a constraint that it repeats no earlier position and
shown only while there is an option left to rank. The importer reads the
position columns back into the one ranking answer (first position first), so
both flavours give the same stored answer.
"""

from __future__ import annotations

from typing import Any

from fiit.instruments import Question
from fiit.interop.forms import names

FLAVOURS = ("odk", "kobo")

POSITION_LABEL = {
    "en": "{question} — position {k}",
    "nl": "{question} — plaats {k}",
    "fr": "{question} — rang {k}",
    "it": "{question} — posizione {k}",
    "hu": "{question} — {k}. hely",
}
REPEAT_MESSAGE = {
    "en": "This option already has a higher position; choose another one.",
    "nl": "Deze optie staat al op een hogere plaats; kies een andere.",
    "fr": "Cette option a déjà un rang plus élevé ; choisissez-en une autre.",
    "it": "Questa opzione ha già una posizione più alta; sceglierne un'altra.",
    "hu": "Ez a lehetőség már előrébb szerepel; válasszon másikat.",
}


def position_name(question_id: str, k: int) -> str:
    return f"{names.xml_name(question_id)}_rank_{k}"


def position_rows(question: Question, base: dict[str, Any], languages, translate) -> list[dict[str, Any]]:
    """The rows replacing a ``rank`` row (``base``, as the ODK flavour writes it) in the Kobo flavour."""
    list_name = names.option_list_name(question.id)
    rows = []
    count = len(question.options)
    for k in range(1, count + 1):
        name = position_name(question.id, k)
        row: dict[str, Any] = {"type": f"select_one {list_name}", "name": name}
        labels = {lang: POSITION_LABEL.get(lang, POSITION_LABEL["en"]).format(
            question=base.get(f"label::{names.language_column(lang)}", ""), k=k) for lang in languages}
        translate(row, "label", labels, languages)
        relevant = [base["relevant"]] if base.get("relevant") else []
        if question.choices_from:
            relevant.append(f"count-selected(${{{names.xml_name(question.choices_from)}}}) >= {k}")
        if k > 1:
            relevant.append(f"${{{position_name(question.id, k - 1)}}} != ''")
        if relevant:
            row["relevant"] = " and ".join(f"({r})" for r in relevant) if len(relevant) > 1 else relevant[0]
        if k > 1:
            row["constraint"] = " and ".join(f". != ${{{position_name(question.id, j)}}}" for j in range(1, k))
            translate(row, "constraint_message", REPEAT_MESSAGE, languages)
        if base.get("choice_filter"):
            row["choice_filter"] = base["choice_filter"]
        if k == 1 and base.get("required"):
            row["required"] = base["required"]
            for key, value in base.items():
                if key.startswith("required_message"):
                    row[key] = value
        rows.append(row)
    return rows
