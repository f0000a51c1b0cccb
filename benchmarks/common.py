"""Shared pieces of the benchmarks: timing, results, 'not built yet'."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
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
    #: Target keys of issue 17 this part does not measure, dotted ("registry.postgresql.
    #: audit_ms"), with the reason; the JSON keeps them null and says why.
    null_because: dict[str, str] = field(default_factory=dict)


def interleaved_best(
    fns: dict[str, Callable[[], object]], runs: int, warmup: int = 1
) -> dict[str, float]:
    """Best (lowest) wall time of each function over `runs`, calling them in turn.

    Best-of-N is timeit's convention for in-process timings: other work on a shared machine
    only ever adds time, so the minimum is the steadiest estimate of the cost itself.
    Calling the functions in turn makes a change of load hit ours and the baseline alike.
    """
    return {name: min(t) for name, t in interleaved_times(fns, runs, warmup).items()}


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s"


def python() -> str:
    """The interpreter to run child processes with (the project's venv)."""
    return sys.executable


def interleaved_median(
    fns: dict[str, Callable[[], object]], runs: int, warmup: int = 1
) -> dict[str, float]:
    """Median wall time of each function over `runs`, calling them in turn (runs >= 5)."""
    return {name: statistics.median(t) for name, t in interleaved_times(fns, runs, warmup).items()}


def interleaved_times(
    fns: dict[str, Callable[[], object]], runs: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Every wall time of each function over `runs`, calling them in turn."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for name in rotations(list(fns), runs):
        start = time.perf_counter()
        fns[name]()
        times[name].append(time.perf_counter() - start)
    return times


def rotations(names: list[str], runs: int) -> Iterator[str]:
    """Each name once per round for `runs` rounds, the first one rotating from round to
    round: no side always runs first, or always right after the same other side."""
    for i in range(runs):
        k = i % len(names)
        yield from names[k:] + names[:k]


def run_process(argv: list[str], env: dict[str, str] | None = None, ok=(0,)) -> float:
    """Wall time of one process run from start to exit; raises when it fails."""
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return elapsed


def byte_compile() -> None:
    """Byte-compile our package, as pip does when it installs the wheel.

    Textual and the other libraries in site-packages have their .pyc files; without this a
    checkout run with PYTHONDONTWRITEBYTECODE would compile our modules at every start.
    """
    import compileall

    compileall.compile_dir(ROOT / "somekoulutus", quiet=1)


def script(name: str) -> str:
    """A console script of the venv the benchmark runs in (e.g. `somekoulutus`)."""
    return str(Path(sys.executable).parent / name)
