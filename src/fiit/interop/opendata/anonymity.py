"""k-anonymity of the open data's microdata, by generalisation and suppression (anjana), checked by pycanon.

Why: with 6–23 victims per country, almost every victim row is unique on what
the package publishes about them (issue 14, H4: 57 of 57). Every column that
describes the person or their history is a quasi-identifier
(:data:`QUASI_IDENTIFIERS`); every combination of them must be shared by at
least k rows (k = 5 for partners, 10 for a public release).

How: `anjana <https://pypi.org/project/anjana/>`_ (1.2.3) recodes the
quasi-identifiers up value hierarchies — the value, a coarser group where the
instrument's options have one (:data:`COARSER`), then ``suppressed`` — one
quasi-identifier at a time (the one with the most distinct values first), and
drops the rows of classes still smaller than k once that is at most
:data:`MAX_ROWS_SUPPRESSED_PERCENT` of the rows. The result is checked again
with `pycanon <https://pypi.org/project/pycanon/>`_; a table that cannot
reach k is published without rows.

Both libraries pin numpy, scipy and pandas to exact older versions. They run on
the versions fiit uses (checked), so they are installed without their
dependencies (``make setup``; see ``docs/security.md``) instead of
downgrading the whole numeric stack.

Two ways are tried and the one that loses less is published
(:func:`anonymise`): across countries (anjana on all rows; it generalises the
attribute with the most distinct values first, which often costs the country
column — 78% of the demo's detail) and within each country (anjana on each
country's rows over the other quasi-identifiers, so every class is one
country's; a country with fewer than k victims is withheld). The union of
k-anonymous per-country tables is k-anonymous with the country included, since
classes of different countries never merge. On ties the country is kept: it is
the comparison the study is about.

What is reported (:class:`Anonymisation`): the strategy, the k reached, the
level each quasi-identifier was generalised to (per country too), the rows
withheld, the cells changed (generalised or suppressed) and the share of
quasi-identifier cells that lost detail.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from fiit.vocabulary import vocabulary

SUPPRESSED = "suppressed"
MISSING = "__missing__"  # a missing answer is a category of its own while anonymising
MAX_ROWS_SUPPRESSED_PERCENT = 20
ACROSS_COUNTRIES, WITHIN_COUNTRIES = "across_countries", "within_countries"
STRATUM = "country"  # kept whole where that loses no more than generalising it

# Every published column that describes the person or their history (present columns are used).
QUASI_IDENTIFIERS = (
    "country", "gender", "age_band", "citizenship_group", "exploitation_form",
    "sd_exploitation_period", "sd_education", "sd_occupation", "residence_status",
)

# A coarser level between the value and "suppressed", where the instrument's options have a natural one.
COARSER: dict[str, dict[str, str]] = {
    "sd_exploitation_period": {"months_0_6": "under_1_year", "months_6_12": "under_1_year",
                               "years_1_2": "1_to_5_years", "years_2_5": "1_to_5_years",
                               "years_5_plus": "5_years_or_more"},
    "sd_education": {"none": "none_or_primary", "primary": "none_or_primary", "secondary": "secondary_or_vocational",
                     "vocational": "secondary_or_vocational", "tertiary": "tertiary"},
    "sd_occupation": {"employed": "working", "self_employed": "working", "training": "training_or_job_seeking",
                      "job_seeking": "training_or_job_seeking", "not_working": "not_working_or_other",
                      "other": "not_working_or_other"},
    # victim 1.2.0: a permit of some kind / a right of residence as a citizen / none or unknown (the vocabulary's groups)
    "residence_status": {s.code: s.group for s in vocabulary().residence_statuses if s.group},
}


@dataclass
class Anonymisation:
    rows: list[dict[str, Any]]
    k: int                       # the k asked for
    k_reached: int | None        # pycanon's k of the result (None: no rows left)
    quasi_identifiers: list[str]
    levels: dict[str, int] = field(default_factory=dict)   # 0 = as collected; the top level = suppressed
    rows_dropped: int = 0
    cells_suppressed: int = 0    # quasi-identifier cells generalised or suppressed in the rows kept
    information_lost: float = 0.0  # share of the original quasi-identifier cells that lost detail (dropped rows count fully)
    strategy: str = ACROSS_COUNTRIES
    levels_by_country: dict[str, dict[str, int]] = field(default_factory=dict)   # within countries only
    countries_withheld: list[str] = field(default_factory=list)                  # fewer than k rows

    def summary(self) -> dict[str, Any]:
        out = {"k": self.k, "k_reached": self.k_reached, "strategy": self.strategy,
               "quasi_identifiers": self.quasi_identifiers, "generalisation_levels": self.levels,
               "rows_withheld": self.rows_dropped, "cells_generalised_or_suppressed": self.cells_suppressed,
               "information_lost": round(self.information_lost, 4)}
        if self.strategy == WITHIN_COUNTRIES:
            out["generalisation_levels_by_country"] = self.levels_by_country
            out["countries_withheld"] = self.countries_withheld
        return out


def _hierarchy(attribute: str, values: set[str]) -> dict[int, list[str]]:
    """anjana's hierarchy for one quasi-identifier: level -> values, aligned by position."""
    domain = sorted(values)
    levels = {0: domain}
    coarser = COARSER.get(attribute)
    if coarser:
        levels[1] = [coarser.get(v, v) for v in domain]
    levels[len(levels)] = [SUPPRESSED] * len(domain)
    return levels


def _frame(rows: Sequence[Mapping[str, Any]], quasi: Sequence[str]):
    import pandas as pd

    frame = pd.DataFrame([{q: MISSING if row.get(q) is None else str(row.get(q)) for q in quasi} for row in rows],
                         columns=list(quasi))
    frame.index = range(len(rows))
    return frame


def k_of(rows: Sequence[Mapping[str, Any]], quasi: Sequence[str]) -> int | None:
    """pycanon's k of these rows over these quasi-identifiers (None for no rows)."""
    if not rows:
        return None
    from pycanon.anonymity import k_anonymity as measure

    return int(measure(_frame(rows, quasi), list(quasi)))


def anonymise(rows: Sequence[Mapping[str, Any]], quasi_identifiers: Sequence[str] | None = None,
              k: int = 5) -> Anonymisation:
    """Rows (copied) generalised and suppressed until every quasi-identifier combination counts ≥ k: across
    countries or within each country, whichever loses less detail (the country kept on a tie)."""
    if k < 2:
        raise ValueError("k must be at least 2")
    candidates = QUASI_IDENTIFIERS if quasi_identifiers is None else quasi_identifiers
    quasi = [q for q in candidates if rows and any(q in row for row in rows)]
    across = _anonymise_together(rows, quasi, k)
    if STRATUM not in quasi or len(quasi) < 2:
        return across
    within = _anonymise_within(rows, quasi, k)
    if within.k_reached is not None and within.information_lost <= across.information_lost:
        return within
    return across


def _anonymise_within(rows: Sequence[Mapping[str, Any]], quasi: list[str], k: int) -> Anonymisation:
    """Each country's rows anonymised apart over the other quasi-identifiers; countries under k withheld."""
    others = [q for q in quasi if q != STRATUM]
    result = Anonymisation(rows=[], k=k, k_reached=None, quasi_identifiers=quasi, strategy=WITHIN_COUNTRIES)
    strata: dict[Any, list[Mapping[str, Any]]] = {}
    for row in rows:
        strata.setdefault(row.get(STRATUM), []).append(row)
    lost = 0
    for country, members in sorted(strata.items(), key=lambda kv: str(kv[0])):
        part = _anonymise_together(members, others, k) if len(members) >= k else None
        if part is None or not part.rows:
            result.countries_withheld.append(str(country))
            result.rows_dropped += len(members)
            lost += len(members) * len(quasi)
            continue
        result.rows += part.rows
        result.rows_dropped += part.rows_dropped
        result.cells_suppressed += part.cells_suppressed
        result.levels_by_country[str(country)] = part.levels
        lost += part.cells_suppressed + part.rows_dropped * len(quasi)
    result.levels = {q: max((levels.get(q, 0) for levels in result.levels_by_country.values()), default=0)
                     for q in quasi}
    result.information_lost = lost / (len(rows) * len(quasi))
    result.k_reached = k_of(result.rows, quasi)
    if result.k_reached is None or result.k_reached < k:  # never publish what pycanon does not confirm
        result.rows, result.rows_dropped, result.information_lost, result.k_reached = [], len(rows), 1.0, None
    return result


def _anonymise_together(rows: Sequence[Mapping[str, Any]], quasi: list[str], k: int) -> Anonymisation:
    from anjana.anonymity import _k_anonymity

    result = Anonymisation(rows=[], k=k, k_reached=None, quasi_identifiers=quasi)
    if not rows:
        return result
    if not quasi:
        result.rows, result.k_reached = [dict(r) for r in rows], len(rows)
        return result
    frame = _frame(rows, quasi)
    hierarchies = {q: _hierarchy(q, set(frame[q])) for q in quasi}
    with contextlib.redirect_stdout(io.StringIO()):  # anjana prints its progress
        anonymous, _dropped, levels = _k_anonymity.k_anonymity_inner(
            frame, [], quasi, k, MAX_ROWS_SUPPRESSED_PERCENT, hierarchies)
    if len(anonymous) == 0:
        result.rows_dropped = len(rows)
        result.information_lost = 1.0
        result.levels = {q: len(hierarchies[q]) - 1 for q in quasi}
        return result
    kept_index = anonymous["index"].tolist() if "index" in anonymous.columns else list(anonymous.index)
    out = []
    changed = 0
    for position, original_index in enumerate(kept_index):
        row = dict(rows[int(original_index)])
        for q in quasi:
            new = anonymous[q].iloc[position]
            new_value = None if new == MISSING else new
            old = row.get(q)
            if new_value != (None if old is None else str(old)):
                changed += 1
                row[q] = new_value
        out.append(row)
    result.rows = out
    result.levels = {q: int(levels.get(q, 0)) for q in quasi}
    result.rows_dropped = len(rows) - len(out)
    result.cells_suppressed = changed
    total = len(rows) * len(quasi)
    result.information_lost = (changed + result.rows_dropped * len(quasi)) / total
    result.k_reached = k_of(out, quasi)
    if result.k_reached is None or result.k_reached < k:  # never publish what pycanon does not confirm
        result.rows, result.rows_dropped, result.information_lost = [], len(rows), 1.0
    return result


def widen_enums(fields: list[dict[str, Any]], result: Anonymisation) -> None:
    """Let a generalised column's Table Schema admit the coarser codes it now holds, and say so."""
    for schema_field in fields:
        name = schema_field.get("name")
        coarser = COARSER.get(name)
        if not coarser or result.levels.get(name, 0) < 1:
            continue
        enum = schema_field.setdefault("constraints", {}).setdefault("enum", [])
        enum.extend(sorted(set(coarser.values()) - set(enum)))
        schema_field["description"] = (schema_field.get("description", "") + " Generalised for k-anonymity: "
                                       + ", ".join(f"{a} → {b}" for a, b in coarser.items()) + ".").strip()
