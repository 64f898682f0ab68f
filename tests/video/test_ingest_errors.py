"""Each bad input becomes a named error with one clear line and no password in it."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest
from gst_rtsp_server import GstServer

from video.errors import (
    AuthError,
    NotRtspUrlError,
    StreamError,
    StreamNotFoundError,
    StreamRefusedError,
    StreamTimeoutError,
    VideoError,
)
from video.ingest import ReaderOptions, StreamReader, check_url, grab_frame
from video.redact import RedactingFilter, install_log_redaction, redact_text, redact_url

SECRET = "Sup3r-Secret"


@pytest.fixture(scope="module")
def gst() -> Iterator[GstServer]:
    """A GStreamer RTSP server that requires user ``admin`` / ``SECRET`` (Basic auth)."""
    with GstServer(mounts=1, user="admin", password=SECRET) as server:
        yield server


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_right_credentials_read(gst: GstServer) -> None:
    frame = grab_frame(gst.url(0, "admin", SECRET))
    assert frame.image.shape == (180, 320, 3)


@pytest.mark.parametrize("password", ["wrong", ""])
def test_wrong_or_missing_password_is_auth_error(gst: GstServer, password: str) -> None:
    url = gst.url(0, "admin", password) if password else gst.url(0)
    with pytest.raises(AuthError) as info:
        grab_frame(url)
    text = str(info.value)
    assert "camera refused the credentials (401): check user/password" in text
    assert password not in text.replace("admin", "") or not password
    assert "\n" not in text


def test_unknown_path_is_not_found(gst: GstServer) -> None:
    url = gst.url(0, "admin", SECRET).replace("/cam0", "/nope")
    with pytest.raises(StreamNotFoundError, match=r"\(404\)") as info:
        grab_frame(url)
    assert SECRET not in str(info.value)
    assert "rtsp://***@127.0.0.1" in str(info.value)


def test_refused_port() -> None:
    url = f"rtsp://admin:{SECRET}@127.0.0.1:{_closed_port()}/cam0"
    with pytest.raises(StreamRefusedError, match="connection refused") as info:
        grab_frame(url)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    "url", ["http://admin:pw@127.0.0.1/x", "127.0.0.1:554/x", "rtsp:///nohost", "rtsp://h:99999/"]
)
def test_not_an_rtsp_url(url: str) -> None:
    with pytest.raises(NotRtspUrlError, match="not an RTSP URL") as info:
        check_url(url)
    assert ":pw@" not in str(info.value)
    with pytest.raises(NotRtspUrlError):
        StreamReader(url)


def test_silent_server_times_out() -> None:
    silent = socket.create_server(("127.0.0.1", 0))
    url = f"rtsp://127.0.0.1:{silent.getsockname()[1]}/cam0"
    started = time.monotonic()
    try:
        with pytest.raises(StreamTimeoutError, match="no answer within the timeout"):
            grab_frame(url, ReaderOptions(open_timeout=1.0, read_timeout=1.0))
    finally:
        silent.close()
    assert time.monotonic() - started < 5


def test_errors_are_video_errors() -> None:
    for cls in (AuthError, StreamNotFoundError, StreamRefusedError, StreamTimeoutError):
        assert issubclass(cls, StreamError) and issubclass(cls, VideoError)


def test_redact_url_and_text() -> None:
    assert redact_url(f"rtsp://admin:{SECRET}@10.0.0.5:554/ch1") == "rtsp://***@10.0.0.5:554/ch1"
    assert redact_url("rtsp://a:p@ss@h/x") == "rtsp://***@h/x"
    assert redact_url("rtsp://10.0.0.5/ch1") == "rtsp://10.0.0.5/ch1"
    text = f"open rtsp://u:{SECRET}@h/a then http://h/cgi?user=u&password={SECRET}&x=1"
    out = redact_text(text)
    assert SECRET not in out
    assert "rtsp://***@h/a" in out and "password=***&x=1" in out
    libpq = redact_text(f"connection failed: host=db user=dba password={SECRET} dbname=x")
    assert SECRET not in libpq and "password=*** dbname=x" in libpq
    assert redact_text("mypassword=kept") == "mypassword=kept"  # a word, not the key


def test_redacting_filter_rewrites_message_args_and_traceback() -> None:
    record = logging.LogRecord(
        "t", logging.ERROR, __file__, 1, "open %s", (f"rtsp://u:{SECRET}@h",), None
    )
    try:
        raise RuntimeError(f"boom rtsp://u:{SECRET}@h/x")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert SECRET not in record.getMessage()
    assert record.exc_text and SECRET not in record.exc_text


def test_no_password_in_any_log_record(gst: GstServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    url = gst.url(0, "admin", SECRET)
    bad = gst.url(0, "admin", "wrong-" + SECRET)
    with StreamReader(url, "ok") as good, StreamReader(bad, "bad") as wrong:
        good.wait_ready(10)
        with pytest.raises(AuthError):
            wrong.wait_ready(10)
        good.wait_frame(3, 5)
        tails = good.log_tail + wrong.log_tail
        stats = [good.stats().to_json(), wrong.stats().to_json()]
    assert caplog.records, "the readers should have logged something"
    for record in caplog.records:
        assert SECRET not in record.getMessage()
    assert all(SECRET not in line for line in tails + stats)
    assert "rtsp://***@" in stats[0]


def test_install_log_redaction_covers_root_handlers(caplog: pytest.LogCaptureFixture) -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        flt = install_log_redaction()
        assert flt in handler.filters
        assert install_log_redaction() is flt  # idempotent
    finally:
        root.removeHandler(handler)
