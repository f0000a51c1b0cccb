"""Time `somekoulutus validate ROOT --format json` in-process, in a fresh interpreter.

    python validate_child.py ROOT RUNS   -> prints a JSON list of seconds per run

A fresh process per content size keeps one size's garbage from slowing the next. The first
call validates the bundled content untimed, so imports are not counted.
"""

from __future__ import annotations

import json
import sys
import time

from click.testing import CliRunner

from somekoulutus.cli import main as cli


def _validate(path: str | None) -> None:
    args = ["validate", "--format", "json"] + ([path] if path else [])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(
            f"validate {path or 'bundled'} exit {result.exit_code}:\n{result.output[-3000:]}"
        )


def main() -> None:
    path = None if sys.argv[1] == "bundled" else sys.argv[1]
    runs = int(sys.argv[2])
    _validate(None)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        _validate(path)
        times.append(time.perf_counter() - start)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
