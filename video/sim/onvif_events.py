"""Events service of the simulated camera (tev:, wsnt:): pull-points over the EventBus."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import time
from dataclasses import dataclass

from video.sim.events import TOPIC_MOTION, TOPIC_SIGNAL_LOSS, TOPIC_TAMPER, CameraEvent, EventBus
from video.sim.onvif_device import SimDevice
from video.sim.onvif_soap import (
    SoapFault,
    SoapRequest,
    action_not_supported,
    attr,
    el,
    parse_duration_s,
    utc_iso,
)

CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
DEFAULT_TERMINATION_S = 60.0
MAX_PULL_TIMEOUT_S = 60.0
POLL_S = 0.05
TOPICS = (
    (TOPIC_MOTION, "IsMotion"),
    (TOPIC_TAMPER, "IsTamper"),
    (TOPIC_SIGNAL_LOSS, "State"),
)


@dataclass
class PullPoint:
    """One pull-point subscription: its cursor into the EventBus and when it expires."""

    id: int
    cursor: int
    expires: float  # time.monotonic()


def _termination(text: str, default_s: float) -> float:
    """Seconds from now for a wsnt:AbsoluteOrRelativeTimeType value."""
    text = text.strip()
    if not text:
        return default_s
    if text.upper().startswith("P"):
        return parse_duration_s(text, default_s)
    try:
        at = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default_s
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return max(1.0, (at - dt.datetime.now(dt.UTC)).total_seconds())


def _leaf(name: str, data_name: str) -> str:
    return (
        f'<{name} wstop:topic="true"><tt:MessageDescription IsProperty="true">'
        '<tt:Source><tt:SimpleItemDescription Name="VideoSourceConfigurationToken" '
        'Type="tt:ReferenceToken"/></tt:Source><tt:Data><tt:SimpleItemDescription '
        f'Name={attr(data_name)} Type="xs:boolean"/></tt:Data></tt:MessageDescription>'
        f"</{name}>"
    )


def _topic_set() -> str:
    """The topics in TOPICS as a wstop:TopicSet tree."""
    return (
        "<wstop:TopicSet><tns1:RuleEngine>"
        f"<CellMotionDetector>{_leaf('Motion', 'IsMotion')}</CellMotionDetector>"
        f"<TamperDetector>{_leaf('Tamper', 'IsTamper')}</TamperDetector>"
        f"</tns1:RuleEngine><tns1:VideoSource>{_leaf('SignalLoss', 'State')}</tns1:VideoSource>"
        "</wstop:TopicSet>"
    )


def _message(ev: CameraEvent) -> str:
    at = dt.datetime.fromtimestamp(ev.at, dt.UTC)
    return (
        "<wsnt:NotificationMessage>"
        f"<wsnt:Topic Dialect={attr(CONCRETE_SET)}>{ev.topic}</wsnt:Topic>"
        f'<wsnt:Message><tt:Message UtcTime={attr(utc_iso(at))} PropertyOperation="Changed">'
        f"<tt:Source><tt:SimpleItem Name={attr(ev.source_name)} Value={attr(ev.source_value)}/>"
        f"</tt:Source><tt:Data><tt:SimpleItem Name={attr(ev.data_name)} "
        f"Value={attr('true' if ev.state else 'false')}/></tt:Data></tt:Message></wsnt:Message>"
        "</wsnt:NotificationMessage>"
    )


class EventsService:
    """Pull-point subscriptions of one simulated camera (runs on the server's asyncio loop)."""

    def __init__(self, dev: SimDevice) -> None:
        self._dev = dev
        self._ids = itertools.count(1)
        self._subs: dict[int, PullPoint] = {}

    @property
    def bus(self) -> EventBus:
        """The camera's event bus."""
        bus: EventBus = self._dev.camera.events
        return bus

    def subscription_count(self) -> int:
        """Live (unexpired) subscriptions."""
        self._expire()
        return len(self._subs)

    def _expire(self) -> None:
        now = time.monotonic()
        for sid in [s.id for s in self._subs.values() if s.expires <= now]:
            del self._subs[sid]

    def _times(self, sub: PullPoint) -> str:
        remaining = sub.expires - time.monotonic()
        end = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=remaining)
        return el("wsnt:CurrentTime", utc_iso()) + el("wsnt:TerminationTime", utc_iso(end))

    def _lookup(self, sub_id: str | None) -> PullPoint:
        self._expire()
        try:
            return self._subs[int(sub_id or "")]
        except (ValueError, KeyError) as exc:
            raise SoapFault(
                "env:Sender",
                ("ter:InvalidArgVal", "ter:ResourceUnknown"),
                "Subscription does not exist or has expired",
            ) from exc

    async def handle(self, req: SoapRequest, sub_id: str | None) -> str:
        """Answer one events operation; ``sub_id`` comes from the subscription address."""
        op = req.operation
        if op == "GetEventProperties":
            return (
                "<tev:GetEventPropertiesResponse>"
                + el(
                    "tev:TopicNamespaceLocation",
                    "http://www.onvif.org/onvif/ver10/topics/topicns.xml",
                )
                + el("wsnt:FixedTopicSet", True)
                + _topic_set()
                + el("wsnt:TopicExpressionDialect", CONCRETE_SET)
                + el(
                    "wsnt:TopicExpressionDialect",
                    "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete",
                )
                + el(
                    "tev:MessageContentFilterDialect",
                    "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter",
                )
                + el(
                    "tev:MessageContentSchemaLocation",
                    "http://www.onvif.org/onvif/ver10/schema/onvif.xsd",
                )
                + "</tev:GetEventPropertiesResponse>"
            )
        if op == "CreatePullPointSubscription":
            self._expire()
            seconds = _termination(req.text("tev:InitialTerminationTime"), DEFAULT_TERMINATION_S)
            sub = PullPoint(next(self._ids), self.bus.last_seq(), time.monotonic() + seconds)
            self._subs[sub.id] = sub
            address = f"{self._dev.base_url}/onvif/subscription?id={sub.id}"
            return (
                "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>"
                + el("wsa:Address", address)
                + "</tev:SubscriptionReference>"
                + self._times(sub)
                + "</tev:CreatePullPointSubscriptionResponse>"
            )
        if op == "PullMessages":
            sub = self._lookup(sub_id)
            return await self._pull(sub, req)
        if op == "Renew":
            sub = self._lookup(sub_id)
            seconds = _termination(req.text("wsnt:TerminationTime"), DEFAULT_TERMINATION_S)
            sub.expires = time.monotonic() + seconds
            end = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
            return (
                "<wsnt:RenewResponse>"
                + el("wsnt:TerminationTime", utc_iso(end))
                + el("wsnt:CurrentTime", utc_iso())
                + "</wsnt:RenewResponse>"
            )
        if op == "Unsubscribe":
            sub = self._lookup(sub_id)
            del self._subs[sub.id]
            return "<wsnt:UnsubscribeResponse/>"
        if op == "SetSynchronizationPoint":
            return "<tev:SetSynchronizationPointResponse/>"
        raise action_not_supported(op)

    async def _pull(self, sub: PullPoint, req: SoapRequest) -> str:
        timeout = min(parse_duration_s(req.text("tev:Timeout"), 10.0), MAX_PULL_TIMEOUT_S)
        try:
            limit = max(1, int(req.text("tev:MessageLimit", "100")))
        except ValueError:
            limit = 100
        deadline = time.monotonic() + timeout
        events = self.bus.since(sub.cursor, limit)
        while not events and time.monotonic() < deadline and sub.id in self._subs:
            await asyncio.sleep(POLL_S)
            events = self.bus.since(sub.cursor, limit)
        if events:
            sub.cursor = events[-1].seq
        sub.expires = max(sub.expires, time.monotonic() + timeout)
        return (
            "<tev:PullMessagesResponse>"
            + el("tev:CurrentTime", utc_iso())
            + el(
                "tev:TerminationTime",
                utc_iso(
                    dt.datetime.now(dt.UTC) + dt.timedelta(seconds=sub.expires - time.monotonic())
                ),
            )
            + "".join(_message(e) for e in events)
            + "</tev:PullMessagesResponse>"
        )
