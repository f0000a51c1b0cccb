"""memory: peak RSS of one headless run through a whole course and a passed quiz."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from common import BENCH_DIR, NotBuilt, PartResult, Row, python

CHILD = BENCH_DIR / "memory_child.py"
LOGIN = "benchmark"
TARGET_MB = 80.0


def _child(args: list[str]) -> dict:
    proc = subprocess.run(
        [python(), str(CHILD), *args], capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"memory child {args[0]} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    """One run whatever the mode (`smoke` changes nothing)."""
    try:
        import somekoulutus.tui.screens.quiz  # noqa: F401
        import somekoulutus.tui.screens.result  # noqa: F401
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.tui quiz/result screens: {exc}") from exc
    from part_startup import _prepare

    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        _prepare(Path(tmp), LOGIN)
        ours = _child(["ours", tmp, LOGIN])
    if "error" in ours:
        raise RuntimeError(f"the run through the course stopped: {ours['error']}")
    if not ours.get("passed"):
        raise RuntimeError(f"the quiz was not passed: {ours}")
    bare = _child(["bare"])
    peak = ours["peak_mb"]
    child = ours.get("child_peak_mb", 0.0)
    result = PartResult(
        {
            "tui_mb": peak,
            "bare_mb": bare["peak_mb"],
            # The certificate is made in a child process of the app: its own peak, while the
            # app waits (the two together are what the machine holds at that moment).
            "issue_child_mb": child,
            "child_processes": ours.get("child_processes", 0),
        },
        [
            Row(
                f"peak RSS: {ours['lessons']} lessons, {ours['questions']} questions passed, "
                "certificate issued",
                f"{peak:.1f} MB",
                f"{bare['peak_mb']:.1f} MB",
                f"{peak / bare['peak_mb']:.2f}",
                f"<= {TARGET_MB:g} MB",
                peak <= TARGET_MB,
            ),
            Row(
                f"  the issuing child process's peak RSS ({ours.get('child_processes', 0)} "
                "child process(es))",
                f"{child:.1f} MB",
                "",
                "",
            ),
        ],
    )
    return result
