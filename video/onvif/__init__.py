"""ONVIF client: a synchronous facade over onvif-zeep-async on one shared asyncio loop thread."""

from video.onvif.device import OnvifDevice
from video.onvif.events import PARSERS, Subscription, parse_message
from video.onvif.loop import OnvifLoop
from video.onvif.models import DeviceInfo, Event, Preset, Profile, PtzStatus

__all__ = [
    "PARSERS",
    "DeviceInfo",
    "Event",
    "OnvifDevice",
    "OnvifLoop",
    "Preset",
    "Profile",
    "PtzStatus",
    "Subscription",
    "parse_message",
]
