"""paint: first paint in a real pseudo-terminal, ours against the comparable app.

Each program is started in a new pseudo-terminal of 100x30 (TERM=xterm-256color); the time
is from spawning the process until the greeting of the first screen has been written to the
terminal (escape sequences removed before matching). Ours is the real `somekoulutus`
console script with a returning learner's data dir; the comparable app (Header, OptionList
over the same rows, Footer) and a bare one come from startup_child.py. Interleaved, medians.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

from common import (
    BENCH_DIR,
    NotBuilt,
    PartResult,
    Row,
    byte_compile,
    fmt_s,
    python,
    rotations,
    script,
)
from startup_child import GREETING

CHILD = BENCH_DIR / "paint_child.py"
TARGET = 1.15
ROWS, COLS = 30, 100
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
MARKER = GREETING.encode("utf-8")


def first_paint(argv: list[str], env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from spawning `argv` in a new pseudo-terminal until MARKER is on the screen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise RuntimeError(f"{argv[-1]}: nothing painted in {timeout} s: {seen[-500:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the process ended
                raise RuntimeError(f"{argv}: ended before painting: {seen[-500:]!r}") from None
            if not chunk:
                raise RuntimeError(f"{argv}: ended before painting")
            seen += chunk
            if MARKER in _ESCAPES.sub(b"", seen):
                return time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    try:
        import somekoulutus.tui.app  # noqa: F401
        from somekoulutus import settings
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.tui.app: {exc}") from exc
    from part_startup import prepare

    runs = 1 if smoke else 5 if quick else 11
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="bench-paint-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        rows = prepare(data, settings.current_login())
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "SOMEKOULUTUS_HOME": str(data),
            "SOMEKOULUTUS_CACHE": str(Path(tmp) / "cache"),
        }
        for key in ("COLUMNS", "LINES", "TEXTUAL", "NO_COLOR"):
            env.pop(key, None)
        variants = {
            "ours": [script("somekoulutus")],
            "comparable": [python(), str(CHILD), "comparable", str(rows)],
            "bare": [python(), str(CHILD), "bare"],
        }
        for argv in variants.values():
            first_paint(argv, env)  # warm-up: OS file cache, our content cache
        times: dict[str, list[float]] = {name: [] for name in variants}
        for name in rotations(list(variants), runs):
            times[name].append(first_paint(variants[name], env))
    med = {name: statistics.median(t) for name, t in times.items()}
    ratio = med["ours"] / med["comparable"]
    return PartResult(
        {
            "ratio_comparable": round(ratio, 3),
            "ratio_bare": round(med["ours"] / med["bare"], 3),
            "ours_s": round(med["ours"], 4),
            "comparable_s": round(med["comparable"], 4),
            "bare_s": round(med["bare"], 4),
            "runs": runs,
        },
        [
            Row(
                f"first paint in a pseudo-terminal ({COLS}x{ROWS}), median of {runs}",
                fmt_s(med["ours"]),
                f"{fmt_s(med['comparable'])} comparable",
                f"{ratio:.2f}",
                f"<= {TARGET}",
                ratio <= TARGET,
            ),
            Row(
                "  same, against a bare Textual app",
                fmt_s(med["ours"]),
                f"{fmt_s(med['bare'])} bare",
                f"{med['ours'] / med['bare']:.2f}",
            ),
        ],
    )
