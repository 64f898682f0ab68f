"""Integer allocation helpers: split a total over weighted items exactly, deterministically."""

from __future__ import annotations

import math
from collections.abc import Sequence


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up exactly.

    Ties in the remainders go to the earlier item, so the result depends only on the inputs.
    """
    if total < 0:
        raise ValueError(f"cannot allocate a negative total {total}")
    weight_sum = float(sum(weights))
    if not weights or weight_sum <= 0.0:
        raise ValueError("weights must be non-empty with a positive sum")
    quotas = [total * w / weight_sum for w in weights]
    shares = [math.floor(q) for q in quotas]
    missing = total - sum(shares)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:missing]:
        shares[i] += 1
    return shares


def at_least_one(total: int, weights: Sequence[float]) -> list[int]:
    """Like :func:`largest_remainder`, but every item gets at least 1."""
    if total < len(weights):
        raise ValueError(f"cannot give each of {len(weights)} items at least 1 out of {total}")
    return [1 + share for share in largest_remainder(total - len(weights), weights)]


def extra_per_item(extra: int, priorities: Sequence[tuple[float, str]]) -> list[int]:
    """Hand out ``extra`` units one each to the items of highest priority (ties by key)."""
    if extra > len(priorities):
        base, extra = divmod(extra, len(priorities))
    else:
        base = 0
    order = sorted(range(len(priorities)), key=lambda i: (-priorities[i][0], priorities[i][1]))
    result = [base] * len(priorities)
    for i in order[:extra]:
        result[i] += 1
    return result
