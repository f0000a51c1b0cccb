"""Shared pieces of the benchmarks: timing, results, 'not built yet'."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent


class NotBuilt(Exception):
    """The code this part measures does not exist yet (the message says which)."""


@dataclass
class Row:
    """One line of the printed table."""

    measure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    ok: bool | None = None


@dataclass
class PartResult:
    """A part's figures (for JSON) and rows (for the table)."""

    figures: dict[str, float | None]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def interleaved_best(
    fns: dict[str, Callable[[], object]], runs: int, warmup: int = 1
) -> dict[str, float]:
    """Best (lowest) wall time of each function over `runs`, calling them in turn.

    Best-of-N is timeit's convention for in-process timings: other work on a shared machine
    only ever adds time, so the minimum is the steadiest estimate of the cost itself.
    Calling the functions in turn makes a change of load hit ours and the baseline alike.
    """
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: min(t) for name, t in times.items()}


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s"


def python() -> str:
    """The interpreter to run child processes with (the project's venv)."""
    return sys.executable
