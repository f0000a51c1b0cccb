"""Run a command with stderr on a pseudo-terminal (progress shows only on a terminal)."""

from __future__ import annotations

import os
import pty
import subprocess


def run_with_terminal_stderr(
    cmd: list[str], env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """(the finished process with stdout captured from a pipe, what stderr's terminal got)."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            cmd,
            stdout=subprocess.PIPE,
            stderr=slave,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=timeout,
            check=False,
        )
        os.close(slave)
        slave = -1
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: everything has been read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    return proc, seen.decode("utf-8", "replace")
