"""startup: process start -> first screen ready -> exit, ours vs a bare Textual app."""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import BENCH_DIR, NotBuilt, PartResult, Row, fmt_s, python

CHILD = BENCH_DIR / "startup_child.py"
LOGIN = "benchmark"
TARGET = 1.3


def _prepare(data: Path, login: str = LOGIN) -> None:
    """A returning learner: the profile exists, so the first screen is home."""
    from somekoulutus import settings
    from somekoulutus.store import connect, people

    conn = connect(settings.db_path(data))
    people.save(
        conn,
        people.Person(
            LOGIN, "Benchmark Käyttäjä", "benchmark@ylojarvi.fi", "Viestintä", "tyontekija"
        ),
    )
    conn.close()


def _once(args: list[str]) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run(
        [python(), str(CHILD), *args], capture_output=True, text=True, timeout=120
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"startup child {args[0]} failed:\n{proc.stderr[-2000:]}")
    return elapsed, json.loads(proc.stdout.strip().splitlines()[-1])


def run(quick: bool) -> PartResult:
    try:
        import somekoulutus.tui.app  # noqa: F401
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.tui.app: {exc}") from exc
    runs = 3 if quick else 9
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data = Path(tmp)
        _prepare(data)
        bare_times, ours_times, screens, reports = [], [], set(), []
        _once(["bare"])  # warm the OS file cache for both
        _once(["ours", str(data), LOGIN])
        for _ in range(runs):
            t, _ = _once(["bare"])
            bare_times.append(t)
            t, report = _once(["ours", str(data), LOGIN])
            ours_times.append(t)
            screens.add(report["screen"])
            reports.append(report)
    bare, ours = statistics.median(bare_times), statistics.median(ours_times)
    ratio = ours / bare
    result = PartResult(
        {"ratio": round(ratio, 3), "ours_s": round(ours, 4), "bare_s": round(bare, 4)},
        [
            Row(
                f"start to first screen ({'/'.join(sorted(screens))}), median of {runs}",
                fmt_s(ours),
                fmt_s(bare),
                f"{ratio:.2f}",
                f"<= {TARGET}",
                ratio <= TARGET,
            )
        ],
    )
    # Where our start spends its time (medians of the child's own marks, seconds from start).
    phases = {k: statistics.median(r["marks"][k] for r in reports) for k in reports[0]["marks"]}
    result.notes.append(
        "startup phases (s since interpreter start): "
        + ", ".join(f"{k} {v:.3f}" for k, v in phases.items())
    )
    loaded = sorted({m for r in reports for m in r["loaded"]})
    if loaded:
        result.notes.append(f"startup: loaded before the first screen but not needed: {loaded}")
    if screens - {"HomeScreen"}:
        result.notes.append(f"startup: first screen was {sorted(screens)}, expected HomeScreen")
    return result
