"""validate: the bundled content, and generated courses of 2,000 and 20,000 questions."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from common import BENCH_DIR, NotBuilt, PartResult, Row, fmt_s, python
from gen_content import make_content

CHILD = BENCH_DIR / "validate_child.py"
TARGET = 12.0
SMALL, LARGE = 2_000, 20_000


def _time(path: str, runs: int) -> float:
    proc = subprocess.run(
        [python(), str(CHILD), path, str(runs)], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        raise RuntimeError(f"validate child failed on {path}:\n{proc.stderr[-3000:]}")
    # Best of the runs (see common.interleaved_best for why).
    return min(json.loads(proc.stdout.strip().splitlines()[-1]))


def run(quick: bool) -> PartResult:
    try:
        from somekoulutus.cli.validate import validate  # noqa: F401
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.cli.validate: {exc}") from exc
    runs = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        small = make_content(Path(tmp) / "small", SMALL)
        large = make_content(Path(tmp) / "large", LARGE)
        bundled = _time("bundled", runs)
        t_small = _time(str(small), runs * 2)  # short: more runs for a steady best
        t_large = _time(str(large), runs)
    scaling = t_large / t_small
    return PartResult(
        {
            "scaling": round(scaling, 2),
            "bundled_s": round(bundled, 4),
            "q2000_s": round(t_small, 4),
            "q20000_s": round(t_large, 4),
        },
        [
            Row(f"bundled content, best of {runs}", fmt_s(bundled)),
            Row(f"{SMALL:,} questions", fmt_s(t_small)),
            Row(
                f"{LARGE:,} questions (ratio = {LARGE:,} / {SMALL:,})",
                fmt_s(t_large),
                fmt_s(t_small),
                f"{scaling:.1f}",
                f"<= {TARGET:g}",
                scaling <= TARGET,
            ),
        ],
    )
