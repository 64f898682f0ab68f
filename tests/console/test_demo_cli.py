"""`xueliang demo`/`gui` without a screen: one clear line, not a Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["demo"], ["gui"]])
def test_no_screen_is_one_clear_line(command: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "console", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("no screen: DISPLAY is not set")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", [["demo"], ["gui"]])
def test_an_unknown_language_is_refused_before_anything_starts(command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "console", *command, "--lang", "fr"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith("argument --lang: unsupported language 'fr': use zh_CN or en")
    )
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("17:blur", "unknown camera 17: use one of 1..16"),
        ("3:melt", "unknown fault kind 'melt'"),
        ("blur", "unknown fault 'blur': write CAM:KIND, e.g. 3:blur"),
    ],
)
def test_a_bad_fault_is_refused_before_anything_starts(fault: str, says: str) -> None:
    check_refused(["--fault", fault], says)


def test_a_fixed_camera_that_is_not_there_is_refused_before_anything_starts() -> None:
    check_refused(["--fixed", "17"], "--fixed 17: there is no such camera, use 1..16")


def check_refused(args: list[str], says: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "console", "demo", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert says in done.stderr and "Traceback" not in done.stderr
