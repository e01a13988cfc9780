"""Inter-coder agreement: Krippendorff's alpha (nominal; any number of coders; missing codings allowed) and
Cohen's kappa for pairs of coders, per code and overall.

Both come from maintained libraries — ``krippendorff`` (Castro, on PyPI) for alpha and scikit-learn's
``cohen_kappa_score`` for kappa — never from a formula of our own.

The reliability data. For a chosen *unit* and each code, every coder gives each unit a nominal value:
1 (applied the code to the unit), 0 (looked at the unit and did not), or missing (never coded the unit).

* unit ``answer``: one interview's answer to one question. A coder has looked at an answer when they
  applied any code to it or marked it as coded without a code (``seen``).
* unit ``passage``: within one answer, the stretches of text where the coders' selections overlap
  (connected runs of overlapping codings of any coder and code); a coder who looked at the answer gives a
  passage 1 for a code when one of their codings with that code overlaps it, else 0.

Per code: alpha over that code's 0/1 data; kappa for each pair of coders over the units both looked at
(``kappa`` is their mean when there are more than two coders, listed by pair in ``pairs``). Overall:
alpha over every (unit, code) decision together, each code of the codebook's codable codes that any coder
used being one more decision per unit. Alpha is undefined (``None``) when every value is the same — a code
nobody used, or used on every unit by everyone — and for fewer than two coders.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable, Mapping, Sequence

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

from fiit.coding.codings import AnswerRef, Coding

UNITS = ("answer", "passage")


@dataclass(frozen=True)
class CodeAgreement:
    code: str
    alpha: float | None
    kappa: float | None
    units: int
    coders: int
    pairs: tuple[tuple[str, str, float | None], ...] = ()
    applied: int = 0   # units on which at least one coder applied the code

    def to_dict(self) -> dict:
        return {"code": self.code, "alpha": _round(self.alpha), "kappa": _round(self.kappa),
                "units": self.units, "coders": self.coders, "applied": self.applied,
                "pairs": [{"coders": [a, b], "kappa": _round(k)} for a, b, k in self.pairs]}


@dataclass(frozen=True)
class Agreement:
    unit: str
    alpha: float | None
    units: int
    coders: tuple[str, ...]
    codes: tuple[CodeAgreement, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"unit": self.unit,
                "overall": {"alpha": _round(self.alpha), "units": self.units, "coders": len(self.coders)},
                "coder_names": list(self.coders),
                "codes": [c.to_dict() for c in self.codes]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def nominal_alpha(data: np.ndarray) -> float | None:
    """Krippendorff's nominal alpha of a coders × units matrix (``nan`` = missing); None where undefined."""
    data = np.asarray(data, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2:
        return None
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    data = data[:, pairable]
    if data.shape[1] == 0:
        return None
    values = np.unique(data[~np.isnan(data)])
    if len(values) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return None if value is None or math.isnan(value) else float(value)


def cohen_kappa(first: Sequence, second: Sequence) -> float | None:
    """Cohen's kappa of two coders over the units both coded (``None``/nan = not coded; ``None`` where undefined)."""
    a, b = (np.asarray(values, dtype=float) if isinstance(values, np.ndarray)
            else np.asarray([np.nan if v is None else v for v in values], dtype=float) for values in (first, second))
    both = ~(np.isnan(a) | np.isnan(b))
    a, b = a[both], b[both]
    if len(a) < 2 or len(np.unique(np.concatenate([a, b]))) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = cohen_kappa_score(a.astype(np.int64), b.astype(np.int64))
    return None if math.isnan(value) else float(value)


def passage_units(codings: Iterable[Coding]) -> dict[AnswerRef, list[tuple[int, int]]]:
    """Per answer, the passages: maximal runs of overlapping codings (all coders, all codes)."""
    by_answer: dict[AnswerRef, list[tuple[int, int]]] = defaultdict(list)
    for c in codings:
        by_answer[c.answer].append((c.start, c.end))
    out = {}
    for answer, spans in by_answer.items():
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out[answer] = [(s, e) for s, e in merged]
    return out


def reliability_matrices(codings: Sequence[Coding], *, unit: str = "answer",
                         seen: Mapping[str, Iterable[AnswerRef]] | None = None,
                         codes: Iterable[str] | None = None,
                         coders: Sequence[str] | None = None,
                         ) -> tuple[tuple[str, ...], list, dict[str, np.ndarray]]:
    """(coders, units, {code: coders × units matrix of 1/0/nan}) — the reliability data per code."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit '{unit}'; the units are {', '.join(UNITS)}")
    looked: dict[str, set[AnswerRef]] = defaultdict(set)
    for c in codings:
        looked[c.coder].add(c.answer)
    for coder, answers in (seen or {}).items():
        looked[coder].update(answers)
    coder_list = tuple(coders) if coders is not None else tuple(sorted(looked))
    code_list = sorted(set(codes) if codes is not None else {c.code for c in codings})
    if unit == "answer":
        unit_list = sorted({a for answers in looked.values() for a in answers}, key=str)
        index = {u: i for i, u in enumerate(unit_list)}
        row = {name: i for i, name in enumerate(coder_list)}
        matrices = {}
        base = np.full((len(coder_list), len(unit_list)), np.nan)
        for coder in coder_list:
            for answer in looked.get(coder, ()):
                base[row[coder], index[answer]] = 0.0
        for code in code_list:
            matrices[code] = base.copy()
        for c in codings:
            if c.code in matrices and c.coder in row:
                matrices[c.code][row[c.coder], index[c.answer]] = 1.0
        return coder_list, unit_list, matrices
    passages = passage_units(codings)
    unit_list = [(answer, span) for answer in sorted(passages, key=str) for span in passages[answer]]
    row = {name: i for i, name in enumerate(coder_list)}
    base = np.full((len(coder_list), len(unit_list)), np.nan)
    by_answer: dict[AnswerRef, list[int]] = defaultdict(list)
    for i, (answer, _span) in enumerate(unit_list):
        by_answer[answer].append(i)
    for coder in coder_list:
        for answer in looked.get(coder, ()):
            for i in by_answer.get(answer, ()):
                base[row[coder], i] = 0.0
    matrices = {code: base.copy() for code in code_list}
    for c in codings:
        if c.code not in matrices or c.coder not in row:
            continue
        for i in by_answer.get(c.answer, ()):
            start, end = unit_list[i][1]
            if c.start < end and start < c.end:
                matrices[c.code][row[c.coder], i] = 1.0
    return coder_list, unit_list, matrices


def agreement(codings: Sequence[Coding], *, unit: str = "answer",
              seen: Mapping[str, Iterable[AnswerRef]] | None = None,
              codes: Iterable[str] | None = None) -> Agreement:
    """Alpha and kappa per code and overall (see the module docstring for the reliability data)."""
    coders, units, matrices = reliability_matrices(codings, unit=unit, seen=seen, codes=codes)
    per_code = []
    for code, matrix in matrices.items():
        pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
        pairs = []
        for a, b in combinations(range(len(coders)), 2):
            pairs.append((coders[a], coders[b], cohen_kappa(matrix[a], matrix[b])))
        kappas = [k for _a, _b, k in pairs if k is not None]
        per_code.append(CodeAgreement(
            code=code, alpha=nominal_alpha(matrix), kappa=(sum(kappas) / len(kappas)) if kappas else None,
            units=int(pairable.sum()),
            coders=int((~np.isnan(matrix)).any(axis=1).sum()),
            pairs=tuple(pairs), applied=int((matrix == 1).any(axis=0).sum())))
    overall = None
    pairable_units = 0
    if matrices:
        stacked = np.concatenate(list(matrices.values()), axis=1)
        overall = nominal_alpha(stacked)
        first = next(iter(matrices.values()))
        pairable_units = int(((~np.isnan(first)).sum(axis=0) >= 2).sum())
    return Agreement(unit=unit, alpha=overall, units=pairable_units, coders=coders, codes=tuple(per_code))


def disagreements(codings: Sequence[Coding], coders: Sequence[str] | None = None, *,
                  seen: Mapping[str, Iterable[AnswerRef]] | None = None
                  ) -> list[tuple[AnswerRef, str, tuple[str, ...], tuple[str, ...]]]:
    """Per answer and code where the coders differ: (answer, code, coders who applied it, who did not).

    Only coders who looked at the answer (coded it, or are in ``seen`` for it) count; answers where all agree are left out. For the
    reconciling view, which turns them into a consensus coding."""
    looked: dict[AnswerRef, set[str]] = defaultdict(set)
    applied: dict[tuple[AnswerRef, str], set[str]] = defaultdict(set)
    for c in codings:
        if coders is not None and c.coder not in coders:
            continue
        looked[c.answer].add(c.coder)
        applied[(c.answer, c.code)].add(c.coder)
    for coder, answers in (seen or {}).items():
        if coders is None or coder in coders:
            for answer in answers:
                looked[answer].add(coder)
    out = []
    for (answer, code), who in sorted(applied.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        others = looked[answer] - who
        if others and len(looked[answer]) >= 2:
            out.append((answer, code, tuple(sorted(who)), tuple(sorted(others))))
    return out
