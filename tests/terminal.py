"""A program run in a real pseudo-terminal, as a person at a terminal would run it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class Terminal:
    """`python -c CODE ARGS...` (or `-m tui ARGS...`) on a pty of `size` columns x rows."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None, size: tuple[int, int] = (120, 40)) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program, on the terminal
            os.chdir(REPO)
            os.execve(sys.executable, [sys.executable, *argv], {**os.environ, "TERM": "xterm-256color", **(env or {})})
        columns, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.seen = b""
        self.exit_code: int | None = None

    def read_until(self, marker: bytes | None, timeout: float = 30.0, since: int = 0) -> bytes:
        """Read until `marker` has appeared since the start, or since byte `since` of the output
        (None: until the program ends)."""
        deadline = time.monotonic() + timeout
        while marker is None or marker not in self.seen[since:]:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {marker!r}; got {self.seen[-2000:]!r}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            self.seen += chunk
        return self.seen

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def wait(self, timeout: float = 30.0) -> int:
        """Read to the end, then the exit code."""
        self.read_until(None, timeout)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code
