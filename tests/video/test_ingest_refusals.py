"""Refused credentials are remembered for the whole process: no stream of that camera
account logs in again until AUTH_RETRY_S has passed (cameras lock an address out after a
few failed logins); other credentials are tried at once; an operator may forget them."""

from __future__ import annotations

import socket

import pytest

from video.errors import AUTH_RETRY_S, AuthError
from video.ingest.models import ReaderOptions
from video.ingest.opener import open_stream
from video.refusals import REFUSALS, Refusals, account


def test_accounts_are_camera_and_credentials_never_the_password() -> None:
    main = account("rtsp://admin:S3cret@10.0.0.5:554/ch1/main")
    assert main == account("rtsp://admin:S3cret@10.0.0.5/ch1/sub")  # default port, any path
    assert main != account("rtsp://admin:other@10.0.0.5/ch1/main")
    assert main != account("rtsp://admin:S3cret@10.0.0.6/ch1/main")
    assert "S3cret" not in repr(main)


def test_a_refusal_is_waited_out_and_can_be_forgotten() -> None:
    refusals = Refusals()
    url = "rtsp://admin:wrong@10.0.0.5/ch1"
    assert refusals.left_s(url) == 0
    refusals.refused(url)
    assert AUTH_RETRY_S - 1 < refusals.left_s(url) <= AUTH_RETRY_S
    assert refusals.left_s(url.replace("wrong", "right")) == 0  # new credentials: at once
    refusals.forget(url)
    assert refusals.left_s(url) == 0


def test_open_stream_refuses_remembered_credentials_without_the_network() -> None:
    """Nothing listens on this port: a network attempt would say "refused the connection";
    remembered credentials give the camera's answer at once."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"rtsp://admin:locked-out@127.0.0.1:{port}/cam1/sub"
    REFUSALS.refused(url)
    try:
        with pytest.raises(AuthError) as raised:
            open_stream(url, ReaderOptions())
        assert "locked-out" not in str(raised.value)
    finally:
        REFUSALS.forget(url)
