"""One `somekoulutus validate ROOT --format json`, in-process, in a fresh interpreter.

    python validate_child.py ROOT   -> prints {"seconds": ..., "rss_mb": ..., "peak_mb": ...}

The bundled content is validated first, untimed, so imports are not counted; `rss_mb` is
the resident size just before the timed run and `peak_mb` the process's high-water mark
after it (VmHWM), so peak - rss is what the run itself needed at its peak.
"""

from __future__ import annotations

import json
import sys
import time

from click.testing import CliRunner

from somekoulutus.cli import main as cli


def _status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{key} not in /proc/self/status")


def _validate(path: str | None) -> None:
    args = ["validate", "--format", "json"] + ([path] if path else [])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(
            f"validate {path or 'bundled'} exit {result.exit_code}:\n{result.output[-3000:]}"
        )


def main() -> None:
    path = None if sys.argv[1] == "bundled" else sys.argv[1]
    _validate(None)
    rss = _status_mb("VmRSS:")
    start = time.perf_counter()
    _validate(path)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss_mb": rss, "peak_mb": _status_mb("VmHWM:")}))


if __name__ == "__main__":
    main()
