"""startup: process start -> first screen ready -> exit, ours vs a bare Textual app."""

from __future__ import annotations

import compileall
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import BENCH_DIR, ROOT, NotBuilt, PartResult, Row, fmt_s, python

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
    # As installed: pip byte-compiles a wheel, and Textual in site-packages has its .pyc too.
    # Without this, a checkout run with PYTHONDONTWRITEBYTECODE compiles ~40 of our modules
    # from source at every start (~0.04 s) while the bare app loads only compiled ones.
    compileall.compile_dir(ROOT / "somekoulutus", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data = Path(tmp)
        _prepare(data)
        bare_times, ours_times, screens, reports = [], [], set(), []
        _once(["bare"])  # warm the OS file cache for both
        _once(["ours", str(data), LOGIN])
        bare_reports = []
        for _ in range(runs):
            t, report = _once(["bare"])
            bare_times.append(t)
            report["marks"]["process_end"] = round(t, 4)
            bare_reports.append(report)
            t, report = _once(["ours", str(data), LOGIN])
            ours_times.append(t)
            # As the parent saw it: the gap after app_returned is interpreter start + shutdown.
            report["marks"]["process_end"] = round(t, 4)
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
    for name, runs_ in (("ours", reports), ("bare", bare_reports)):
        phases = {k: statistics.median(r["marks"][k] for r in runs_) for k in runs_[0]["marks"]}
        result.notes.append(
            f"startup phases, {name} (median s since the script started): "
            + ", ".join(f"{k} {v:.3f}" for k, v in phases.items())
        )
    loaded = sorted({m for r in reports for m in r["loaded"]})
    if loaded:
        result.notes.append(f"startup: loaded before the first screen but not needed: {loaded}")
    if screens - {"HomeScreen"}:
        result.notes.append(f"startup: first screen was {sorted(screens)}, expected HomeScreen")
    return result
