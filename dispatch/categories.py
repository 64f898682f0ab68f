"""The incident taxonomy and its time limits, read from ``resources/categories.json``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from dispatch.errors import ValidationError
from dispatch.models import SEVERITIES, Category

# Which step's clock runs while an incident is in each state (None: no limit).
STEP_OF_STATE: dict[str, str | None] = {
    "reported": "accept",
    "accepted": "dispatch",
    "dispatched": "sign",
    "signed": "handle",
    "in_progress": "handle",
    "handled": "verify",
    "verified": "close",
    "closed": None,
    "evaluated": None,
    "rejected": None,
    "suspended": None,
}


class Taxonomy:
    """Categories by code and by Chinese name, with fully resolved limits."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.steps: tuple[str, ...] = tuple(data["steps"])
        self.urgent: dict[str, int] = dict(data["urgent"])
        defaults: dict[str, dict[str, int]] = data["default_limits"]
        self.categories: list[Category] = []
        for entry in data["categories"]:
            self._add(entry, None, defaults)
        self._by_key: dict[str, Category] = {}
        for cat in self.categories:
            self._by_key[cat.code] = cat
            self._by_key.setdefault(cat.name, cat)
            if cat.parent:
                self._by_key.setdefault(f"{self._by_key[cat.parent].name}/{cat.name}", cat)

    def _add(
        self, entry: dict[str, Any], parent: str | None, base: dict[str, dict[str, int]]
    ) -> None:
        limits = {sev: dict(base[sev]) for sev in SEVERITIES}
        for sev, steps in entry.get("limits", {}).items():
            limits[sev].update(steps)
        self.categories.append(Category(entry["code"], entry["name"], parent, limits))
        for child in entry.get("children", ()):
            self._add(child, entry["code"], limits)

    def resolve(self, key: str) -> Category:
        """The category for a code, a Chinese name or ``父类/子类``."""
        cat = self._by_key.get(key.strip())
        if cat is None:
            raise ValidationError(
                f"unknown category {key!r}; use a code or name from `resources/categories.json`"
                f" (e.g. dispute or 矛盾纠纷)",
                rule="category_unknown",
                category=key,
            )
        return cat

    def limit_minutes(self, code: str, severity: str, urgent: bool, step: str) -> int:
        """Minutes allowed for ``step``; the urgent table caps the category's limit."""
        minutes = self._by_key[code].limits[severity][step]
        return min(minutes, self.urgent[step]) if urgent else minutes

    def deadline(
        self, code: str, severity: str, urgent: bool, step: str, start: datetime
    ) -> datetime:
        """When ``step`` started at ``start`` is due."""
        return start + timedelta(minutes=self.limit_minutes(code, severity, urgent, step))


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The shipped taxonomy (parsed once)."""
    text = resources.files("resources").joinpath("categories.json").read_text("utf-8")
    return Taxonomy(json.loads(text))
