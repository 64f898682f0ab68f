"""When a camera's trouble becomes a work order: lost for minutes on end (not a password to
update, not many cameras at once), retried while the order cannot be filed, forgotten once
the camera is up again; a picture fault once it has lasted, and not the light of the day."""

from __future__ import annotations

from console.health_orders import Outages, PictureFaults, offline_reason
from video.errors import StreamRefusedError, StreamTimeoutError


def test_an_outage_is_due_after_its_time_and_retried_every_so_often() -> None:
    outages = Outages(after_s=180, retry_s=30)
    assert not outages.note("c", "lost", "refused", now=0, wall=1000)
    assert outages.since("c") == (1000, "refused")
    assert not outages.note("c", "stale", "", now=120, wall=1120)  # 2 min: not yet
    assert not outages.note("c", "reconnecting", "", now=170, wall=1170)  # neither up nor down
    assert outages.note("c", "lost", "timeout", now=181, wall=1181)  # due: file it
    assert outages.since("c") == (1000, "timeout")  # the start stays, the reason is the last
    assert not outages.note("c", "lost", "", now=200, wall=1200)  # tried 19 s ago
    assert outages.note("c", "lost", "", now=212, wall=1212)  # again (the linkage dedupes)


def test_a_camera_up_again_starts_afresh() -> None:
    outages = Outages(after_s=180, retry_s=30)
    outages.note("c", "lost", "", now=0, wall=0)
    outages.note("c", "answers", "", now=100, wall=100)  # answered the roll-call: up
    assert outages.since("c") is None
    assert not outages.note("c", "lost", "", now=200, wall=200)
    assert not outages.note("c", "lost", "", now=379, wall=379)
    assert outages.note("c", "lost", "", now=381, wall=381)
    assert not outages.note("x", "error", "no sub stream", now=0, wall=0)  # ours, not its
    assert outages.since("x") is None


def test_a_password_to_update_or_many_cameras_down_are_no_repairs() -> None:
    outages = Outages(after_s=10, retry_s=30)
    refused = "rtsp://***@10.0.0.3/sub: camera refused the credentials (401): check user/password"
    outages.note("a", "lost", refused, now=0, wall=0)
    assert not outages.note("a", "lost", refused, now=60, wall=60)  # the registry's to fix
    for camera in "bcdefgh":
        outages.note(camera, "live", "", now=0, wall=0)
    for camera in "bcd":
        outages.note(camera, "lost", "refused", now=0, wall=0)
    assert not outages.mass  # 3 of 8
    assert outages.note("b", "lost", "refused", now=11, wall=11)
    outages.note("e", "lost", "refused", now=12, wall=12)  # 4 of 8 down: the network?
    assert outages.mass
    assert not outages.note("c", "lost", "refused", now=13, wall=13)
    outages.note("b", "live", "", now=14, wall=14)
    assert not outages.mass
    assert outages.note("c", "lost", "refused", now=15, wall=15)


def test_offline_reasons_leave_the_address_out() -> None:
    assert offline_reason(f"rtsp://***@10.0.0.3:554/sub: {StreamRefusedError.reason}") == (
        "connection refused"
    )
    assert offline_reason(str(StreamTimeoutError("rtsp://10.0.0.3/sub"))) == "no answer"
    assert offline_reason("something else") == "no picture"


def test_a_picture_fault_is_an_order_once_it_has_lasted() -> None:
    faults = PictureFaults(after_s=600)
    assert faults.note("c", ("occluded",), now=0) == ()
    assert faults.note("c", (), now=300) == ()  # a passer-by close to the lens: gone again
    assert faults.note("c", ("occluded", "dark"), now=400) == ()
    assert faults.note("c", ("occluded", "dark"), now=999) == ()  # 599 s
    assert faults.note("c", ("occluded", "dark"), now=1000) == ("occluded",)  # not the night
    assert faults.note("d", ("bright",), now=0) == () and faults.note("d", ("bright",), 9e9) == ()
