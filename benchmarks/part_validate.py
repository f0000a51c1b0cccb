"""validate: generated content of 2,000 and 20,000 questions (and the bundled content).

The questions come in courses of 1,000 each (gen_content.py): 2 and 20 course files of the
same shape, every file far below the loader's limit for one content file.

Each run is a fresh interpreter (validate_child.py); the sizes alternate, medians of the
runs. `scaling` is the 20,000-question time over the 2,000-question time (10 is linear);
`kb_per_question` is the peak memory the 20,000-question run needed beyond the resident
size before it, per question.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import BENCH_DIR, NotBuilt, PartResult, Row, fmt_s, python, rotations
from gen_content import make_content

CHILD = BENCH_DIR / "validate_child.py"
TARGET_SCALING = 11.0
TARGET_KB = 8.0
SIZES = (2_000, 20_000)
SMOKE_SIZES = (100, 1_000)  # --smoke: the same shape, only to see that it runs


def _child(path: str) -> dict:
    proc = subprocess.run([python(), str(CHILD), path], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"validate child failed on {path}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    try:
        from somekoulutus.cli.validate import validate  # noqa: F401
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.cli.validate: {exc}") from exc
    runs = 1 if smoke else 5 if quick else 7
    small, large = SMOKE_SIZES if smoke else SIZES
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        paths = {
            "bundled": "bundled",
            "small": str(make_content(Path(tmp) / "small", small)),
            "large": str(make_content(Path(tmp) / "large", large)),
        }
        results: dict[str, list[dict]] = {name: [] for name in paths}
        for name in rotations(list(paths), runs):
            results[name].append(_child(paths[name]))
    sec = {n: statistics.median(r["seconds"] for r in rs) for n, rs in results.items()}
    need = {
        n: statistics.median(r["peak_mb"] - r["rss_mb"] for r in rs) for n, rs in results.items()
    }
    scaling = sec["large"] / sec["small"]
    kb = need["large"] * 1024 / large
    return PartResult(
        {
            "scaling": round(scaling, 2),
            "kb_per_question": round(kb, 2),
            "kb_per_question_small": round(need["small"] * 1024 / small, 2),
            "bundled_s": round(sec["bundled"], 4),
            "small_questions": small,
            "large_questions": large,
            "small_s": round(sec["small"], 4),
            "large_s": round(sec["large"], 4),
            "large_peak_mb": round(need["large"], 1),
            "runs": runs,
        },
        [
            Row(f"bundled content, median of {runs}", fmt_s(sec["bundled"])),
            Row(f"{small:,} questions", fmt_s(sec["small"])),
            Row(
                f"{large:,} questions (ratio = {large:,} / {small:,})",
                fmt_s(sec["large"]),
                fmt_s(sec["small"]),
                f"{scaling:.1f}",
                f"<= {TARGET_SCALING:g}",
                scaling <= TARGET_SCALING,
            ),
            Row(
                f"peak memory per question at {large:,} ({need['large']:.0f} MB in all)",
                f"{kb:.1f} KB",
                "",
                "",
                f"<= {TARGET_KB:g} KB",
                kb <= TARGET_KB,
            ),
        ],
    )
