"""Generated Chinese names: people, villages, communities and grids (deterministic)."""

from __future__ import annotations

import random
from collections.abc import Iterable

from dispatch.seed.data import NameParts


def village_names(parts: NameParts, count: int, avoid: Iterable[str]) -> list[str]:
    """``count`` distinct village names such as 张家塬村 or 石沟村, none starting like ``avoid``."""
    blocked = set(avoid)
    candidates = [f"{s}家{f}村" for s in parts.village_surnames for f in parts.village_features]
    candidates += [f"{p}{f}村" for p in parts.village_prefixes for f in parts.village_features]
    candidates = [c for c in candidates if c[:-1] not in blocked]
    random.Random("tongchuan-village-names").shuffle(candidates)
    if len(candidates) < count:
        raise ValueError(f"only {len(candidates)} village names for {count} villages")
    return candidates[:count]


def community_names(parts: NameParts, count: int) -> list[str]:
    """``count`` distinct community names such as 新华路社区."""
    candidates = [f"{b}{s}社区" for b in parts.community_bases for s in parts.community_suffixes]
    random.Random("tongchuan-community-names").shuffle(candidates)
    if len(candidates) < count:
        raise ValueError(f"only {len(candidates)} community names for {count} communities")
    return candidates[:count]


def grid_name(unit_name: str, number: int) -> str:
    """A grid's display name, e.g. 新华路社区第3网格."""
    return f"{unit_name}第{number}网格"


class PersonNamer:
    """Draws plausible 姓名 (surname + one or two given characters) from a seeded stream."""

    def __init__(self, parts: NameParts, seed: str) -> None:
        self._parts = parts
        self._rng = random.Random(seed)

    def next(self) -> str:
        """The next generated name."""
        rng = self._rng
        length = 1 if rng.random() < 0.3 else 2
        given = "".join(rng.choice(self._parts.given) for _ in range(length))
        return rng.choice(self._parts.surnames) + given
