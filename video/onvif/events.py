"""Pull-point event subscriptions and one parser per event topic (like HA's onvif parsers).

A ``Subscription`` runs on the OnvifLoop thread: it creates the pull-point, pulls in a loop,
turns each NotificationMessage into an ``Event`` through the parser registered for its topic
and calls the callback on the loop thread. Lost subscriptions are recreated with backoff;
after the camera refused the credentials (a password changed on the camera), not before
``AUTH_RETRY_S`` (``video.refusals``): every try would be a failed login, and cameras lock
an address out after a few.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from video.errors import OnvifAuthError, OnvifError
from video.onvif.faults import translate
from video.onvif.models import Event
from video.refusals import REFUSALS

if TYPE_CHECKING:
    from video.onvif.device import OnvifDevice

logger = logging.getLogger(__name__)

Parser = Callable[[str, Any], Event | None]
PARSERS: dict[str, Parser] = {}
PULL_TIMEOUT = dt.timedelta(seconds=2)
SUBSCRIPTION_TIME = dt.timedelta(seconds=60)
RETRY_S = (1.0, 2.0, 5.0, 10.0)
REFUSAL_CHECK_S = 2.0  # waiting out refused credentials: how often to look for a forget


def parser(*topics: str) -> Callable[[Parser], Parser]:
    """Register a parser for topics given without namespace prefix ("RuleEngine/…")."""

    def register(fn: Parser) -> Parser:
        for topic in topics:
            PARSERS[topic] = fn
        return fn

    return register


def normalize_topic(topic: str) -> str:
    """Drop the namespace prefix of every path step (``tns1:A/tns1:B`` → ``A/B``)."""
    return "/".join(step.split(":", 1)[-1] for step in topic.strip().split("/"))


def _items(payload: Any, part: str) -> dict[str, str]:
    node = getattr(payload, part, None)
    items = getattr(node, "SimpleItem", None) or []
    return {str(i.Name): str(i.Value) for i in items}


def _event(kind: str, topic: str, payload: Any, data_name: str) -> Event | None:
    data = _items(payload, "Data")
    if data_name not in data:
        return None
    source = next(iter(_items(payload, "Source").values()), "")
    at = getattr(payload, "UtcTime", None)
    when = at.timestamp() if isinstance(at, dt.datetime) else dt.datetime.now(dt.UTC).timestamp()
    return Event(kind, data[data_name].strip().lower() in ("true", "1"), when, source, topic)


@parser("RuleEngine/CellMotionDetector/Motion")
def _cell_motion(topic: str, payload: Any) -> Event | None:
    return _event("motion", topic, payload, "IsMotion")


@parser("VideoSource/MotionAlarm")
def _motion_alarm(topic: str, payload: Any) -> Event | None:
    return _event("motion", topic, payload, "State")


@parser("RuleEngine/TamperDetector/Tamper")
def _tamper(topic: str, payload: Any) -> Event | None:
    return _event("tamper", topic, payload, "IsTamper")


@parser("VideoSource/GlobalSceneChange/ImagingService", "VideoSource/ImageTooBlurry/ImagingService")
def _scene_change(topic: str, payload: Any) -> Event | None:
    return _event("tamper", topic, payload, "State")


@parser("VideoSource/SignalLoss")
def _signal_loss(topic: str, payload: Any) -> Event | None:
    return _event("signal_loss", topic, payload, "State")


def parse_message(msg: Any) -> Event | None:
    """One wsnt:NotificationMessage (zeep object) to an Event, or None for unknown topics."""
    topic_node = getattr(msg, "Topic", None)
    topic = str(getattr(topic_node, "_value_1", "") or "")
    payload = getattr(getattr(msg, "Message", None), "_value_1", None)
    fn = PARSERS.get(normalize_topic(topic))
    if fn is None or payload is None:
        logger.debug("no parser for event topic %s", topic)
        return None
    return fn(topic, payload)


class Subscription:
    """A pull-point subscription feeding ``callback(Event)`` on the loop thread."""

    # times any subscription's ``lapsed`` changed: a view polls one number, not each one's
    # (they all run on the one OnvifLoop thread, so the count is kept without a lock)
    lapse_changes = 0

    def __init__(self, device: OnvifDevice, callback: Callable[[Event], None]) -> None:
        self._device = device
        self._callback = callback
        self._manager: Any = None
        self._task: asyncio.Task[None] | None = None
        self.events = 0
        self.restarts = 0
        self.last_error: OnvifError | None = None
        self.lapsed = False  # its pulls fail now (``last_error``): no events arrive

    async def start(self) -> None:
        """Create the pull-point (raises OnvifError) and start pulling."""
        await self._subscribe()
        self._task = asyncio.get_running_loop().create_task(self._pull_forever())

    async def _subscribe(self) -> None:
        cam = await self._device._camera()
        self._manager = await cam.create_pullpoint_manager(SUBSCRIPTION_TIME, self._on_lost)

    def _set_lapsed(self, lapsed: bool) -> None:
        self.lapsed = lapsed
        Subscription.lapse_changes += 1

    def _on_lost(self) -> None:
        logger.info("%s: event subscription lost", self._device.address)

    async def _pull_forever(self) -> None:
        failures = 0
        while True:
            try:
                if self._manager is None:
                    await self._wait_out_refusal()
                    await self._subscribe()
                    self.restarts += 1
                service = self._manager.get_service()
                reply = await asyncio.wait_for(
                    service.PullMessages({"Timeout": PULL_TIMEOUT, "MessageLimit": 100}),
                    PULL_TIMEOUT.total_seconds() + self._device.timeout_s,
                )
                failures = 0
                if self.lapsed:
                    self._set_lapsed(False)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.last_error = translate(
                    exc, self._device.address, "PullMessages", self._device.timeout_s
                )
                logger.warning("events: %s", self.last_error)
                if not self.lapsed:
                    self._set_lapsed(True)
                refused = isinstance(self.last_error, OnvifAuthError)
                if refused and await self._device.login_refused():  # not an expired pull-point
                    REFUSALS.refused(self._device.account)
                else:
                    refused = False
                await self._drop_manager(unsubscribe=not refused)  # refused too: no login
                await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
                continue
            for msg in getattr(reply, "NotificationMessage", None) or []:
                event = parse_message(msg)
                if event is None:
                    continue
                self.events += 1
                try:
                    self._callback(event)
                except Exception:
                    logger.exception("%s: event callback failed", self._device.address)

    async def _wait_out_refusal(self) -> None:
        """Credentials the camera refused lately are not tried: wait, looking every
        ``REFUSAL_CHECK_S`` whether an operator asked to try them now."""
        while (left := self._device.refused_s()) > 0:
            await asyncio.sleep(min(left, REFUSAL_CHECK_S))

    async def _drop_manager(self, unsubscribe: bool = True) -> None:
        manager, self._manager = self._manager, None
        if manager is not None and not unsubscribe:
            _abandon(manager)
        elif manager is not None:
            try:
                await asyncio.wait_for(manager.shutdown(), self._device.timeout_s)
            except (TimeoutError, Exception) as exc:  # already broken: best effort
                logger.debug("%s: unsubscribe failed: %s", self._device.address, exc)

    async def _close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._drop_manager(unsubscribe=self._device.refused_s() == 0)

    def close(self) -> None:
        """Stop pulling and unsubscribe, unless the camera refuses the credentials (then
        the camera lets the subscription expire); blocks up to the device timeout."""
        self._device._loop.run(self._close(), self._device.timeout_s * 2)


def _abandon(manager: Any) -> None:
    """Leave a pull-point subscription to expire on the camera, renewing it no more and
    sending nothing (its credentials are refused: each request would be a failed login).
    ``pause`` only cancels the renewal timer; a renewal under way would arm it again, so the
    manager is marked shut down and its renewal task cancelled as ``shutdown`` does, without
    the Unsubscribe that ``shutdown`` sends (onvif-zeep-async 4.x; the attributes are looked
    up, so a later version without them only loses this guard)."""
    if hasattr(manager, "_shutdown"):
        manager._shutdown = True
    task = getattr(manager, "_restart_or_renew_task", None)
    if task is not None:
        task.cancel()
    manager.pause()
