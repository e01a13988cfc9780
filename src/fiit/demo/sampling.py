"""Small random draws on a caller's ``random.Random`` (never the global one)."""

from __future__ import annotations

import random
from typing import Mapping, Sequence


def weighted_choice(weights: Mapping[str, float], rng: random.Random) -> str:
    """One key, with probability proportional to its weight (keys in their given order)."""
    keys = [k for k, w in weights.items() if w > 0]
    if not keys:
        raise ValueError("weighted_choice needs at least one positive weight")
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def clipped_normal_int(mean: float, sd: float, low: int, high: int, rng: random.Random) -> int:
    """A normal draw, rounded and clipped to ``low..high``."""
    return max(low, min(high, round(rng.gauss(mean, sd))))


def weighted_order(items: Sequence[str], weights: Mapping[str, float], rng: random.Random) -> list[str]:
    """``items`` in a random order where heavier items tend to come first.

    Sampling without replacement, each step proportional to weight (items
    without a weight count 1).
    """
    pool = list(items)
    order: list[str] = []
    while pool:
        pick = rng.choices(pool, weights=[max(weights.get(i, 1.0), 1e-6) for i in pool])[0]
        order.append(pick)
        pool.remove(pick)
    return order
