"""Simulated colleagues for the demo: the other consoles' operators, grid workers and liaisons.

In a real deployment the city operator is not alone: township and village centers accept and
dispatch, grid workers sign and feed back, the accepting center verifies and closes. The demo
plays those colleagues so the board shows the closed loop moving live. Every step goes through
``DispatchService.act`` as the right person (permissions, audit and change feed as usual), and
the service's own ``allowed_actions`` decides what each of them may do. Incidents owned by the
signed-in user's own center are left alone: those are the demo user's work. Qt-free.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from dispatch.errors import DispatchError

logger = logging.getLogger(__name__)

# The loop in the order a colleague would push it; the first allowed one is taken.
STEPS = ("accept", "dispatch", "sign", "start", "feedback", "verify", "close")
REASONS = {
    "accept": "情况属实，予以受理",
    "dispatch": "请属地尽快核实处置",
    "sign": "已签收",
    "start": "已到达现场",
    "feedback": "现场已处置完毕，附处置照片",
    "verify": "回访核查，处置到位",
    "close": "核查通过，予以结案",
}


class DemoDesks:
    """Moves open incidents one step along the loop, as the colleague who owns that step."""

    def __init__(
        self,
        svc: Any,
        own_center: str,
        seed: int | None = None,
        leave: frozenset[str] = frozenset(),
    ) -> None:
        self.svc = svc
        self.own_center = own_center
        self.leave = leave  # incidents nobody takes up (the demo's neglected backlog)
        self.steps = 0
        self._random = random.Random(seed)

    def _actors(self, incident: Any) -> list[str]:
        """Logins that might take the next step: the owning center's and the assignee's."""
        logins = [f"op_{incident.center_id}"]
        kind, target = incident.assignee_kind, incident.assignee_id
        if kind == "center" and target:
            logins.append(f"op_{target}")
        elif kind == "grid" and target:
            logins += [u.login for u in self.svc.users(org_id=target, role="grid_worker")[:1]]
        elif kind == "department" and target:
            logins.append(f"liaison_{target}")
        return logins

    def _dispatch_target(self, incident: Any) -> str | None:
        """A child of the owning center: the incident's own branch when there is one."""
        children = self.svc.children(incident.center_id)
        for child in children:
            if incident.grid_id == child.id or f"/{child.id}/" in f"/{self._grid_path(incident)}/":
                return str(child.id)
        return str(self._random.choice(children).id) if children else None

    def _grid_path(self, incident: Any) -> str:
        return str(self.svc.org(incident.grid_id).path)

    def step_once(self) -> Any | None:
        """Take one step on one open incident outside the demo user's center; the incident."""
        candidates = [
            i
            for i in self.svc.list_incidents(open_only=True, limit=500)
            if i.center_id != self.own_center and i.state != "evaluated" and i.id not in self.leave
        ]
        self._random.shuffle(candidates)
        for incident in candidates[:10]:
            for login in self._actors(incident):
                try:
                    allowed = set(self.svc.allowed_actions(incident.id, login))
                except DispatchError:
                    continue
                action = next((s for s in STEPS if s in allowed), None)
                if action is None:
                    continue
                to = self._dispatch_target(incident) if action == "dispatch" else None
                if action == "dispatch" and to is None:
                    continue
                try:
                    done = self.svc.act(
                        incident.id,
                        action,
                        login,
                        to=to,
                        reason=REASONS[action],
                        expect_version=incident.version,
                    )
                except DispatchError as exc:  # a real colleague got there first, or a rule
                    logger.info("demo desk %s %s %s refused: %s", login, action, incident.id, exc)
                    continue
                self.steps += 1
                return done
        return None
