"""Synthetic coding for the demo study: two coders, realistic disagreement, from the fixed seed.

Each open answer gets "true" codes: a sub-topic of its question's theme (the codebook's branch for that
theme), and now and then an integration domain of Ager & Strang — chosen from the answer's text, so the
same phrase gets the same codes. Coder one applies them faithfully with a few slips; coder two misses
some and adds a neighbouring code now and then. With the rates below Krippendorff's alpha over the demo
lands between 0.6 and 0.8 (checked by tests/demo/test_demo_coding.py), as in real teams after training.
Passages: the whole answer for coder one, the answer from its first word break for coder two (answer-level
agreement does not depend on it; passage-level agreement shows some spread).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Sequence

from fiit.coding.codebook import Codebook

CODER_ONE_KEEPS = 0.93
CODER_ONE_ADDS = 0.04
CODER_TWO_KEEPS = 0.75
CODER_TWO_ADDS = 0.15
SECOND_BRANCH_SHARE = 0.35


@dataclass(frozen=True)
class DemoAnswer:
    key: object
    themes: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class DemoCoding:
    key: object
    coder: int      # 1 or 2
    code: str
    start: int
    end: int


def _stable(text: str) -> random.Random:
    return random.Random(int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], 16))


def true_codes(answer: DemoAnswer, codebook: Codebook) -> list[str]:
    """What the answer is about: a codable code of its theme's branch, sometimes an Ager & Strang domain."""
    rng = _stable(answer.text)
    out = []
    for theme in answer.themes[:1]:
        branch = [c.id for c in codebook.codable() if codebook.theme_of(c.id) == theme]
        if branch:
            out.append(rng.choice(sorted(branch)))
    domains = [c.id for c in codebook.codable() if codebook.path(c.id)[0].id == "ager_strang"]
    if domains and (not out or rng.random() < SECOND_BRANCH_SHARE):
        out.append(rng.choice(sorted(domains)))
    return out


def demo_codings(answers: Sequence[DemoAnswer], codebook: Codebook, seed: int) -> list[DemoCoding]:
    rng = random.Random(seed)
    codable = sorted(c.id for c in codebook.codable())
    out: list[DemoCoding] = []
    for answer in answers:
        truth = true_codes(answer, codebook)
        end = len(answer.text)
        if end == 0:
            continue
        space = answer.text.find(" ")
        second_start = space + 1 if 0 < space < end - 1 else 0
        for coder, keeps, adds, start in ((1, CODER_ONE_KEEPS, CODER_ONE_ADDS, 0),
                                          (2, CODER_TWO_KEEPS, CODER_TWO_ADDS, second_start)):
            chosen = [code for code in truth if rng.random() < keeps]
            if rng.random() < adds:
                extra = rng.choice(codable)
                if extra not in chosen:
                    chosen.append(extra)
            out += [DemoCoding(answer.key, coder, code, start, end) for code in chosen]
    return out
