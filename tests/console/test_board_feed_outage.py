"""The board when the dispatch database goes away and comes back, on the real PostgreSQL
server: a warning above the board while the change feed cannot reach it, gone once it can,
an action tried meanwhile refused in one line with nothing written, and the incidents filed
after the outage arrive without a restart."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from board_world import G1, english_ui, settle, small_seed  # noqa: F401 (fixtures)
from PySide6.QtCore import Qt, QTimer

from console.board import BoardController, QtDispatchBoard, QtIncidentDetail
from console.board.follower import one_line
from dispatch.feed import ChangeFeed
from dispatch.service import DispatchService
from dispatch.store import Store

pytestmark = pytest.mark.postgres
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def pg_world() -> Iterator[tuple[str, DispatchService, ChangeFeed]]:
    name = f"xueliang_outage_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    store = Store.open(f"postgresql://postgres@127.0.0.1:5432/{name}")
    store.migrate()
    svc = DispatchService(store)
    svc.load_hierarchy(small_seed())
    feed = ChangeFeed(store)
    try:
        yield name, svc, feed
    finally:
        feed.close()
        store.close()
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cut(name: str, allow: bool) -> None:
    """Refuse (or allow again) new sessions to the database and end the open ones, as a
    server restart or a network cut does for the console."""
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')
        if not allow:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


def test_board_warns_while_the_database_is_gone_and_catches_up(
    qtbot, pg_world: tuple[str, DispatchService, ChangeFeed]
) -> None:
    name, svc, feed = pg_world
    first = svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "宅基地边界纠纷")
    controller = BoardController(svc, feed, "wangyi_op")
    errors: list[str] = []
    controller.feed_error.connect(errors.append)
    try:
        board = QtDispatchBoard(controller)
        detail = QtIncidentDetail(controller)
        for widget in (board, detail):
            qtbot.addWidget(widget)
            widget.show()
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=10000)
        assert controller.collection.get(first.id) is not None
        controller.select(first.id)
        settle(qtbot, detail)
        assert not board.feed_warning.isVisible()

        cut(name, allow=False)
        qtbot.waitUntil(board.feed_warning.isVisible, timeout=15000)
        text = board.feed_warning.text()
        assert text.startswith("Dispatch database unreachable since ")
        assert "not updating" in text and "\n" not in text and "Traceback" not in text
        assert any("not currently accepting connections" in e for e in errors)  # the reason
        assert controller.feed_failures == len(errors) and controller.feed_down_since is not None
        assert all(len(e) <= 200 and "\n" not in e for e in errors)
        # an action meanwhile is refused in one line, and nothing is half-written
        qtbot.mouseClick(detail.buttons["accept"], Qt.MouseButton.LeftButton)
        settle(qtbot, detail)
        assert detail.message.text().startswith(
            "Database unavailable, check the connection — cannot reach the database "
        )
        assert "check the server and the network, then retry" in detail.message.text()
        assert detail.incident is not None and detail.incident.id == first.id  # still shown
        assert detail.buttons["accept"].isEnabled()  # to try again once the database is back

        cut(name, allow=True)
        assert svc.get(first.id).state == "reported"  # the refused accept left no trace
        qtbot.mouseClick(detail.buttons["accept"], Qt.MouseButton.LeftButton)  # retried
        settle(qtbot, detail)
        assert svc.get(first.id).state == "accepted", detail.message.text()
        second = svc.report(f"gw_{G1}_1", G1, "public_order", "general", "夜间噪音扰民")
        qtbot.waitUntil(lambda: not board.feed_warning.isVisible(), timeout=15000)
        assert (controller.feed_failures, controller.feed_down_since) == (0, None)
        qtbot.waitUntil(lambda: controller.collection.get(second.id) is not None, timeout=10000)
    finally:
        controller.stop()


def test_one_line_keeps_the_reason_and_drops_sqlalchemy_noise() -> None:
    from sqlalchemy.exc import OperationalError

    from dispatch.errors import StoreError

    orig = psycopg.OperationalError('connection failed: FATAL:  database "x" is not current')
    wrapped = OperationalError("SELECT 1", {}, orig)
    assert one_line(wrapped) == 'connection failed: FATAL: database "x" is not current'
    try:
        try:
            raise orig
        except psycopg.OperationalError as exc:
            raise StoreError(
                "cannot listen on postgresql://h/db: ...", rule="store_listen"
            ) from exc
    except StoreError as exc:
        assert one_line(exc) == one_line(wrapped)  # the driver's words, not the wrapper's
    assert one_line(StoreError("no such table", rule="store_open")).endswith("no such table")
    assert one_line(RuntimeError("a\nb")) == "a"
    assert one_line(RuntimeError("x" * 500)).endswith("…")
    assert len(one_line(RuntimeError("x" * 500))) == 200


def test_an_action_waiting_for_the_database_leaves_the_console_responsive(
    qtbot, pg_world: tuple[str, DispatchService, ChangeFeed]
) -> None:
    """Another console's transaction holds the writer lock: our accept waits on the detail's
    worker while the Qt thread goes on (timers fire, no second submit), then completes."""
    _name, svc, feed = pg_world
    inc = svc.report(f"gw_{G1}_1", G1, "dispute", "complex", "宅基地边界纠纷")
    controller = BoardController(svc, feed, "wangyi_op")
    beats: list[int] = []
    beat = QTimer()
    beat.timeout.connect(lambda: beats.append(1))
    try:
        detail = QtIncidentDetail(controller)
        qtbot.addWidget(detail)
        qtbot.waitUntil(lambda: controller.is_loaded, timeout=10000)
        controller.select(inc.id)
        settle(qtbot, detail)
        beat.start(10)
        with svc.store.write():  # the lock another console's action would hold
            qtbot.mouseClick(detail.buttons["accept"], Qt.MouseButton.LeftButton)
            qtbot.wait(500)
            assert not detail.idle()  # the accept is waiting for the lock ...
            assert len(beats) >= 20  # ... and the event loop ran meanwhile
            assert not any(b.isEnabled() for b in detail.buttons.values())  # no double submit
        settle(qtbot, detail)
        assert svc.get(inc.id).state == "accepted"
        assert detail.message.text() == "Done: Accept"
        detail.stop()
    finally:
        beat.stop()
        controller.stop()
