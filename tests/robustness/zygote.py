"""The parent side of a crash worker's zygote (crash_worker.py, setup_crash_worker.py): a process that imports the
program once, says ``zygote``, then forks one child per request line on its stdin, announcing ``child PID`` and,
when the child has ended, ``ended PID STATUS``. Forking from a warm process lets a kill land anywhere in a run
instead of mostly in Python's start-up."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Zygote:
    """A zygote started with ``python -m MODULE ARGS…``, its announcements read line by line.

    ``speaker`` and ``gone`` name the process in the errors («no «child» from the worker…», «the worker's zygote
    ended…»), so each harness reports in its own words.
    """

    def __init__(self, module: str, *args: str, speaker: str = "the zygote", gone: str = "the zygote ended") -> None:
        self.speaker = speaker
        self.gone = gone
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self._out = self.process.stdout.fileno()
        os.set_blocking(self.process.stderr.fileno(), False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._out, selectors.EVENT_READ)
        self._pending = b""
        self.expect("zygote", 60)

    def line(self, timeout: float) -> str | None:
        """The next line the zygote or its child wrote, or None when none came within ``timeout`` seconds."""
        ends = time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = ends - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                return None
            chunk = os.read(self._out, 65536)
            if not chunk:
                raise RuntimeError(f"{self.gone}: {self.errors()}")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode()

    def expect(self, prefix: str, timeout: float) -> str:
        """The first line starting with ``prefix`` (the lines before it are passed over)."""
        ends = time.monotonic() + timeout
        while (line := self.line(max(0.0, ends - time.monotonic()))) is not None:
            if line.startswith(prefix):
                return line
        raise RuntimeError(f"no «{prefix}» from {self.speaker} in {timeout} s: {self.errors()}")

    def request(self, line: str) -> int:
        """Send one request line; the pid of the child the zygote forked for it."""
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()
        return int(self.expect("child ", 30).split()[1])

    def errors(self) -> str:
        try:
            return os.read(self.process.stderr.fileno(), 1 << 20).decode(errors="replace")[-3000:]  # type: ignore[union-attr]
        except (BlockingIOError, OSError):
            return ""

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.kill()
        self.process.wait()
