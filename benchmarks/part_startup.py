"""startup: process start -> first screen ready -> exit, headless.

Ours against a comparable app (what our home screen shows, built the plain way: Header,
OptionList over the same number of rows, Footer) and a bare Textual app (one Static). All
three get the same garbage-collector treatment (see startup_child.py), run interleaved in
fresh processes; medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import BENCH_DIR, NotBuilt, PartResult, Row, byte_compile, fmt_s, python, rotations

CHILD = BENCH_DIR / "startup_child.py"
LOGIN = "benchmark"
TARGET = 1.05


def prepare(data: Path, login: str = LOGIN) -> int:
    """A returning learner: the profile exists, so the first screen is home. Returns the
    number of rows of the home screen's course list."""
    from somekoulutus import settings
    from somekoulutus.content import load_content
    from somekoulutus.store import people
    from somekoulutus.store.sqlite_store import SqliteStore

    store = SqliteStore(data)
    store.save_person(
        people.Person(
            login, "Benchmark Käyttäjä", "benchmark@ylojarvi.fi", "Viestintä", "tyontekija"
        )
    )
    store.close()
    content = load_content(*settings.content_dirs(None))
    return len(content.courses_for("tyontekija"))


# Kept for part_memory, which imports the old name.
_prepare = prepare


def _once(args: list[str], env: dict[str, str]) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run(
        [python(), str(CHILD), *args], capture_output=True, text=True, timeout=120, env=env
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"startup child {args[0]} failed:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # As the parent saw it: the gap after app_returned is interpreter start + shutdown.
    report["marks"]["process_end"] = round(elapsed, 4)
    return elapsed, report


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    try:
        import somekoulutus.tui.app  # noqa: F401
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.tui.app: {exc}") from exc
    # 21 rounds: the target's margin (5 %, ~12 ms) is only a few times the spread of one
    # start on a shared 2-core machine, and the median of 11 moved by 1-2 % between runs.
    runs = 1 if smoke else 5 if quick else 21
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        rows = prepare(data)
        # The content cache in a folder of its own: the warm-up start fills it, as the
        # first start after an install or a content change does.
        env = {**os.environ, "SOMEKOULUTUS_CACHE": str(Path(tmp) / "cache")}
        variants = {
            "ours": ["ours", str(data), LOGIN],
            "comparable": ["comparable", str(rows)],
            "bare": ["bare"],
        }
        for args in variants.values():
            _once(args, env)  # warm the OS file cache (and our content cache)
        times: dict[str, list[float]] = {name: [] for name in variants}
        reports: dict[str, list[dict]] = {name: [] for name in variants}
        for name in rotations(list(variants), runs):
            t, report = _once(variants[name], env)
            times[name].append(t)
            reports[name].append(report)
    med = {name: statistics.median(t) for name, t in times.items()}
    ratio = med["ours"] / med["comparable"]
    screens = {r["screen"] for r in reports["ours"]}
    result = PartResult(
        {
            "ratio_comparable": round(ratio, 3),
            "ratio_bare": round(med["ours"] / med["bare"], 3),
            "ours_s": round(med["ours"], 4),
            "comparable_s": round(med["comparable"], 4),
            "bare_s": round(med["bare"], 4),
            "rows": rows,
            "runs": runs,
        },
        [
            Row(
                f"headless start to first screen ({'/'.join(sorted(screens))}) and exit, "
                f"median of {runs}",
                fmt_s(med["ours"]),
                f"{fmt_s(med['comparable'])} comparable",
                f"{ratio:.2f}",
                f"<= {TARGET}",
                ratio <= TARGET,
            ),
            Row(
                "  same, against a bare Textual app (one Static)",
                fmt_s(med["ours"]),
                f"{fmt_s(med['bare'])} bare",
                f"{med['ours'] / med['bare']:.2f}",
            ),
        ],
    )
    for name, runs_ in reports.items():
        phases = {k: statistics.median(r["marks"][k] for r in runs_) for k in runs_[0]["marks"]}
        result.notes.append(
            f"startup phases, {name} (median s since the script started): "
            + ", ".join(f"{k} {v:.3f}" for k, v in phases.items())
        )
    loaded = sorted({m for r in reports["ours"] for m in r["loaded"]})
    if loaded:
        result.notes.append(f"startup: loaded before the first screen: {loaded}")
    if screens - {"HomeScreen"}:
        result.notes.append(f"startup: first screen was {sorted(screens)}, expected HomeScreen")
    return result
