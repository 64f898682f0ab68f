"""The demo's camera simulator in a child process (``xueliang sim``), as real cameras are.

Run inside the console's process, the simulator's 16 encoder threads competed with the Qt
thread for the GIL and the CPU: on a 2-core machine the demo's wall showed 4-5 frames a
second with 350-500 ms UI stalls, against 24-25 fps and ~20 ms with the simulator in its
own process (same machine, same run, alternating). Its password reaches the child through
the environment, never its command line (which ``ps`` shows); the child stops when our end
of its stdin closes, so a console that dies does not leave cameras running.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from typing import IO

from console.cli.sim_cmds import PASSWORD_ENV
from dispatch.errors import DispatchError
from video.sim.simulator import SimCameraInfo

logger = logging.getLogger(__name__)

STOP_TIMEOUT_S = 20.0
# The simulator stands for cameras elsewhere, yet shares the console's cores: niced, it yields
# to the console. On a 2.1 GHz Xeon its 16 encoders took 1.0 core and, at equal priority, the
# demo painted 21.8 of 25 fps per tile with 186 ms UI stalls (the Qt thread waiting for a CPU).
SIM_NICE = 10


class SimProcess:
    """``xueliang sim`` with the demo's cameras; ``start`` waits for their lines."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None  # the child's stderr (a file: never blocks it)

    def start(
        self,
        names: list[str],
        user: str | None = None,
        password: str | None = None,
        faults: list[str] | None = None,
        fixed: list[int] | None = None,
    ) -> list[SimCameraInfo]:
        """Start the child and return its cameras (DispatchError when it does not come up)."""
        if not names:
            raise DispatchError("the demo needs at least one camera")
        command = [sys.executable, "-m", "console", "sim", "--cameras", str(len(names))]
        command += ["--no-discovery", "--stop-on-stdin-eof", "--nice", str(SIM_NICE)]
        for name in names:
            command += ["--name", name]
        for fault in faults or []:  # "CAM:KIND"
            command += ["--fault", fault]
        for camera in fixed or []:
            command += ["--fixed", str(camera)]
        env = dict(os.environ)
        env.pop(PASSWORD_ENV, None)
        if user is not None and password is not None:
            command += ["--user", user]
            env[PASSWORD_ENV] = password
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self._proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors, env=env
        )
        assert self._proc.stdout is not None
        cameras = []
        for _ in names:
            line = self._proc.stdout.readline()
            if not line:
                reason = self._stop_and_read_error()
                raise DispatchError(f"the camera simulator did not start: {reason}")
            cameras.append(SimCameraInfo(**json.loads(line)))  # the line is its to_dict()
        return cameras

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (benches read its CPU)."""
        return self._proc.pid if self._proc is not None else None

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after a while) and wait for it."""
        if self._proc is not None:
            self._stop_and_read_error()

    def _stop_and_read_error(self) -> str:
        proc, self._proc = self._proc, None
        assert proc is not None
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()
        err = b""
        if self._errors is not None:
            self._errors.seek(0)
            err = self._errors.read()
            self._errors.close()
            self._errors = None
        lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {proc.returncode}"
