"""When a camera's outage becomes a work order: lost for minutes on end, retried while the
order cannot be filed, forgotten once the camera is up again."""

from __future__ import annotations

from console.health_orders import Outages


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
