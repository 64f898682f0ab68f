"""A PostgreSQL server that accepts the connection and then says nothing (hung, or a network
that drops the replies): calls fail within the connect limit with a one-line StoreError
instead of hanging the caller (the console calls single records from its UI thread)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from dispatch.errors import StoreError
from dispatch.feed import ChangeFeed
from dispatch.service import DispatchService
from dispatch.store import PG_NETWORK, Store


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port whose listener completes TCP handshakes (kernel backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def outcome_within(seconds: float, call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` on a thread; the exception it ended with (None: it returned)."""
    result: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            result.append(None)
        except BaseException as exc:
            result.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, f"still waiting after {seconds} s: the call hangs"
    return result[0]


def test_a_silent_server_fails_calls_instead_of_hanging_them(silent_server: int) -> None:
    store = Store.open(f"postgresql://postgres@127.0.0.1:{silent_server}/x")
    try:
        limit = 3 * PG_NETWORK["connect_timeout"]
        error = outcome_within(limit, lambda: DispatchService(store).get("TC-20261127-000001"))
        assert isinstance(error, StoreError)
        assert error.context["rule"] == "store_unreachable"
        assert "\n" not in str(error) and "check the server and the network" in str(error)
        listen = outcome_within(limit, lambda: ChangeFeed(store).wait_for_change(0, 0.1))
        assert isinstance(listen, StoreError) and listen.context["rule"] == "store_listen"
    finally:
        store.close()


def test_a_limit_in_the_url_wins() -> None:
    store = Store.open("postgresql://postgres@127.0.0.1:5432/x?connect_timeout=2")
    try:
        args = store.psycopg_args()
        assert "connect_timeout" not in args and args["keepalives_idle"] == 10
        assert "connect_timeout=2" in store.psycopg_dsn()
    finally:
        store.close()
