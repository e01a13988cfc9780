"""What victims said about their status: residence status and time since identification.

The victim instrument asks these from version 1.2.0 on (``residence_status``,
``identification_year``); interviews taken with an earlier version did not ask
them and count as "not asked", apart from "not stated" (asked, no answer). The
chapter shows counts, never a scale: the overall-integration scale says nothing
about status.

Three tables, all protected through the report's one disclosure context:

* residence status by country, in the vocabulary's coarser groups (a permit of
  some kind, a citizen's right of residence, none or unknown) — with 6 to 23
  victims a country, the eight statuses by country would be mostly withheld;
* the eight statuses over all the report's victims, as a table of groups by
  status, so that its group totals are the same keys as the first table's
  column totals and no withheld cell can be worked out by subtraction;
* years between identification and the interview, in bands, by country.

Row totals are the victims interviewed in each country, the same keys as the
design counts the report publishes.

Besides the answers, the victim frame carries two columns the database layer
adds (:func:`fiit.db.report_data.with_interview_facts`): :data:`INSTRUMENT_VERSION`
and :data:`INTERVIEW_YEAR`. A frame without them (an older caller) has its
interviews counted as "not asked".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import pandas as pd

from fiit.analysis import SUPPRESSED_SYMBOL, ProtectedTable
from fiit.analysis.tables import two_way_table
from fiit.reports.model import Paragraph, TableBlock
from fiit.reports.texts import text
from fiit.vocabulary import vocabulary

if TYPE_CHECKING:
    from fiit.reports.builder import Built

INSTRUMENT_VERSION = "instrument_version"
INTERVIEW_YEAR = "interview_year"
STATUS_QUESTION = "residence_status"
YEAR_QUESTION = "identification_year"
NOT_STATED = "not_stated"
NOT_ASKED = "not_asked"
# Years between identification and the interview: (code, lowest, highest or None).
YEAR_BANDS = (("years_0_1", 0, 1), ("years_2_3", 2, 3), ("years_4_plus", 4, None))
BASE = {"instrument": "victim"}


def asked_in(question_id: str) -> set[str]:
    """The victim instrument versions that ask ``question_id``."""
    from fiit.instruments import get_instrument_version, released_versions

    return {v for v in released_versions("victim") if question_id in get_instrument_version("victim", v).question_ids()}


def _states(frame: pd.DataFrame, question_id: str) -> pd.Series:
    """Per interview: its answer, NOT_STATED (asked, no answer, or declined) or NOT_ASKED."""
    if INSTRUMENT_VERSION in frame.columns:
        asked = frame[INSTRUMENT_VERSION].isin(asked_in(question_id))
    else:
        asked = pd.Series(False, index=frame.index)
    answers = frame[question_id] if question_id in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    out = []
    for was_asked, value in zip(asked, answers):
        if not was_asked:
            out.append(NOT_ASKED)
        elif value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value == "declined":
            out.append(NOT_STATED)
        else:
            out.append(value)
    return pd.Series(out, index=frame.index, dtype=object)


def residence_groups(frame: pd.DataFrame) -> pd.Series:
    group_of = {s.code: s.group for s in vocabulary().residence_statuses}
    return _states(frame, STATUS_QUESTION).map(lambda s: group_of.get(s, s))


def years_since_identification(frame: pd.DataFrame) -> pd.Series:
    states = _states(frame, YEAR_QUESTION)
    years = frame[INTERVIEW_YEAR] if INTERVIEW_YEAR in frame.columns else pd.Series(None, index=frame.index)

    def band(state, interview_year):
        if state in (NOT_ASKED, NOT_STATED):
            return state
        if interview_year is None or interview_year is pd.NA:
            return NOT_STATED
        gap = int(interview_year) - int(state)
        for code, low, high in YEAR_BANDS:
            if gap >= low and (high is None or gap <= high):
                return code
        return NOT_STATED  # identified after the interview: a slip, not a figure

    return pd.Series([band(s, y) for s, y in zip(states, years)], index=frame.index, dtype=object)


def _with_missing(codes: Sequence[str], present: set[str]) -> list[str]:
    return [*codes, *[c for c in (NOT_STATED, NOT_ASKED) if c in present]]


def _by_country(name: str, dim: str, frame: pd.DataFrame, values: pd.Series, codes: Sequence[str],
                countries: Sequence[str]):
    columns = _with_missing(codes, set(values))
    country = frame["country"]
    counts = [[int(((country == c) & (values == col)).sum()) for col in columns] for c in countries]
    return two_way_table(name, countries, columns, counts, row_dim="country", column_dim=dim, base=BASE)


def status_tables(b: "Built") -> dict[str, ProtectedTable]:
    """The three tables, protected in the report's context (empty when no victim was asked)."""
    frame = b.frames.get("victim")
    if frame is None or frame.empty or "country" not in frame.columns:
        return {}
    groups = residence_groups(frame)
    statuses = _states(frame, STATUS_QUESTION)
    if set(groups) <= {NOT_ASKED}:
        return {}
    v = vocabulary()
    group_codes = [g.code for g in v.residence_status_groups]
    out = {"by_country": b.context.protect(_by_country(
        "victim/residence_group", "residence_group", frame, groups, group_codes, b.countries))}
    # groups x statuses: each status sits in its group's row (the other cells are structural zeros)
    rows = _with_missing(group_codes, set(groups))
    columns = _with_missing([s.code for s in v.residence_statuses], set(statuses))
    counts = [[int(((groups == r) & (statuses == c)).sum()) for c in columns] for r in rows]
    out["detail"] = b.context.protect(two_way_table(
        "victim/residence_status", rows, columns, counts, row_dim="residence_group",
        column_dim="residence_status", base=BASE))
    years = years_since_identification(frame)
    out["years"] = b.context.protect(_by_country(
        "victim/years_since_identification", "years_since_identification", frame, years,
        [code for code, _, _ in YEAR_BANDS], b.countries))
    return out


def _label(code: str, lang: str) -> str:
    v = vocabulary()
    for term in (*v.residence_status_groups, *v.residence_statuses):
        if term.code == code:
            return term.label_in(lang)
    return text(f"status_{code}", lang)


def _note(table: ProtectedTable, lang: str) -> str:
    return text("disclosure_line", lang, k=table.k, symbol=SUPPRESSED_SYMBOL) if table.suppressed_count else ""


def _detail_block(b: "Built", table: ProtectedTable) -> TableBlock:
    """One line per status that was given (group, status, victims), then not stated and not asked."""
    lang = b.lang
    rows = []
    group_of = {s.code: s.group for s in vocabulary().residence_statuses}
    for status in table.columns:
        group = group_of.get(status, status)
        if group not in table.rows:
            continue
        rows.append((_label(group, lang) if status in group_of else "", _label(status, lang),
                     table.cell(group, status).text()))
    rows.append((text("total", lang), "", table.cell(None, None).text()))
    header = (text("status_group", lang), text("status_detail", lang), text("status_victims", lang))
    return TableBlock("tab-residence-status", text("cap_residence_status", lang, scope=b.scope_name(b.country)),
                      header, tuple(rows), source=text("src_interviews", lang), note=_note(table, lang),
                      total_row=True)


def status_blocks(b: "Built") -> list:
    """The status chapter's part on what victims said about their status (paragraphs and tables)."""
    from fiit.reports.sections import protected_table_block

    lang = b.lang
    tables = status_tables(b)
    if not tables:
        return [Paragraph(text("status_not_asked_yet", lang))]
    blocks: list = [Paragraph(text("status_intro", lang))]
    blocks.append(protected_table_block(b, tables["by_country"], "tab-residence-group",
                                        text("cap_residence_group", lang), lambda c: _label(c, lang)))
    blocks.append(_detail_block(b, tables["detail"]))
    blocks.append(protected_table_block(b, tables["years"], "tab-years-since-identification",
                                        text("cap_years_since_identification", lang), lambda c: _label(c, lang)))
    return blocks
