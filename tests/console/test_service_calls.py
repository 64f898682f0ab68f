"""ServiceCalls: calls run in order on one worker, outcomes arrive on the Qt thread, a bug in
a call becomes a one-line InternalError (logged in full), stop ends the worker."""

from __future__ import annotations

import logging
import threading
from typing import Any

import shiboken6
from pytestqt.qtbot import QtBot

from console.board.refusals import refusal_text
from console.service_calls import InternalError, ServiceCalls
from dispatch.errors import NotFoundError


def test_calls_run_in_order_off_the_qt_thread(qtbot: QtBot, caplog: Any) -> None:
    calls = ServiceCalls("test-calls")
    seen: list[tuple[str, object, str]] = []
    qt_thread = threading.current_thread().name

    def worker_name(label: str) -> str:
        return f"{label}@{threading.current_thread().name}"

    def record(kind: str) -> Any:
        return lambda value: seen.append((kind, value, threading.current_thread().name))

    def missing() -> None:
        raise NotFoundError("incident TC-1 not found", rule="incident_missing", incident="TC-1")

    def broken() -> None:
        raise KeyError("bug")

    with caplog.at_level(logging.ERROR):
        calls.run(lambda: worker_name("first"), record("done"), record("failed"))
        calls.run(missing, record("done"), record("failed"))
        calls.run(broken, record("done"), record("failed"))
        calls.run(lambda: worker_name("last"), record("done"), record("failed"))
        assert calls.pending == 4
        qtbot.waitUntil(lambda: calls.pending == 0, timeout=5000)
    assert [kind for kind, _, _ in seen] == ["done", "failed", "failed", "done"]
    assert seen[0][1] == "first@test-calls" and seen[3][1] == "last@test-calls"
    assert isinstance(seen[1][1], NotFoundError)
    assert isinstance(seen[2][1], InternalError) and "KeyError" in str(seen[2][1])
    assert "\n" not in str(seen[2][1])
    shown = refusal_text(seen[2][1], str)  # as a window shows it
    assert shown == "Internal error, see the log and report it — KeyError: 'bug'"
    assert all(thread == qt_thread for _, _, thread in seen)  # callbacks on the Qt thread
    assert "Traceback" in caplog.text  # the bug is logged in full
    calls.stop()
    assert not any(t.name == "test-calls" for t in threading.enumerate())


def test_a_call_that_ends_after_its_owner_is_deleted_ends_quietly(qtbot: QtBot) -> None:
    """A window closed while its call is still at the database: the worker drops the
    outcome instead of raising in its thread (PySide raises RuntimeError or TypeError)."""
    errors: list[BaseException] = []
    previous = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)  # type: ignore[assignment]
    try:
        calls = ServiceCalls("owner-gone")
        release = threading.Event()
        delivered: list[Any] = []
        calls.run(lambda: release.wait(5), delivered.append, delivered.append)
        worker = calls._thread
        assert worker is not None
        shiboken6.delete(calls)  # the C++ object goes, as with a closed window's widgets
        release.set()
        worker.join(5)
        assert not worker.is_alive()
        qtbot.wait(50)
    finally:
        threading.excepthook = previous
    assert errors == [] and delivered == []
