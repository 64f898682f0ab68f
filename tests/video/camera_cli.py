"""Running `xueliang` in-process for the camera CLI tests, and registering cameras with it."""

from __future__ import annotations

import pytest

from console.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `xueliang` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add_camera(
    capsys: pytest.CaptureFixture[str],
    db: str,
    camera_id: str,
    name: str,
    urls: tuple[str, str],
    user: str,
    password: str,
) -> None:
    """`camera add` with main and sub URLs (``urls``) and credentials; asserts it worked."""
    code, _, err = run_cli(
        capsys, "--db", db, "camera", "add", "--rtsp", urls[0], "--rtsp-sub", urls[1],
        "--id", camera_id, "--name", name, "--user", user, "--password", password,
    )  # fmt: skip
    assert code == 0, err
