"""The benchmark keeps running: `benchmarks/run.py --smoke` runs every part once at tiny sizes.

The parts import the program's real API (the store, issuing, the loader); when that changes
and a part is not ported, this test fails instead of the benchmark rotting unnoticed. The
JSON must carry every key of issue 17's target table as a number, or null with the reason
the part gave for not measuring it (never because a part failed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from somekoulutus.store.postgres.cluster import find_bindir

ROOT = Path(__file__).resolve().parent.parent
PARTS = {
    "startup",
    "paint",
    "cli",
    "issue",
    "validate",
    "memory",
    "registry",
    "registry_scale",
}
# Issue 17's target table, written out here so that the benchmark cannot drop a key quietly.
TARGET_KEYS = [
    "startup.ratio_comparable",
    "paint.ratio_comparable",
    "cli.help_ms",
    "cli.verify_ms",
    "issue.ms_per_cert",
    "issue.ratio",
    *(
        f"registry.{backend}.{key}"
        for backend in ("sqlite", "postgresql")
        for key in (
            "lookup_ms",
            "first_row_ms",
            "export_s",
            "export_peak_mb",
            "search_ms",
            "audit_ms",
        )
    ),
    "validate.scaling",
    "validate.kb_per_question",
    "memory.tui_mb",
]


def _get(figures: dict, dotted: str) -> object:
    node: object = figures
    for part in dotted.split("."):
        assert isinstance(node, dict), f"{dotted}: {part} is not under an object"
        assert part in node, f"{dotted}: no key {part!r}"
        node = node[part]
    return node


def test_every_part_runs_and_every_target_key_is_a_number(tmp_path: Path) -> None:
    out = tmp_path / "smoke.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SOMEKOULUTUS_CACHE": str(tmp_path / "cache")},
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    table = proc.stdout
    assert "FAILED" not in table, table[-6000:]
    assert "not built yet" not in table, table[-6000:]
    figures = json.loads(out.read_text("utf-8"))
    meta = figures["meta"]
    assert meta["smoke"] is True
    assert set(meta["parts"]) == PARTS

    null_because = meta["null_because"]
    for key in TARGET_KEYS:
        value = _get(figures, key)
        if value is None:
            reason = null_because.get(key, "")
            assert reason, f"{key} is null and no part says why"
            assert "failed" not in reason and "did not give" not in reason, (key, reason)
        else:
            assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
            assert value >= 0, (key, value)
    # Only the reasons the parts themselves gave, and no target key is left out of them.
    assert set(null_because) <= set(TARGET_KEYS)
    if os.environ.get("SOMEKOULUTUS_REQUIRE_PG") or find_bindir() is not None:
        for key in ("lookup_ms", "first_row_ms", "export_s", "export_peak_mb", "search_ms"):
            assert isinstance(figures["registry"]["postgresql"][key], int | float), key
