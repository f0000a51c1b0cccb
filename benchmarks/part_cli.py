"""cli: wall time of command-line runs, against `python -c "import click"` and `python -c pass`.

`somekoulutus --help`, `somekoulutus certs verify ID` (a real certificate in a data dir),
`somekoulutus certs verify QR-TEXT` (what the certificate's QR code holds) and
`somekoulutus validate` (the bundled content), each a fresh process of the venv's console
script, byte-compiled as installed; interleaved with the baselines, medians.
"""

from __future__ import annotations

import base64
import os
import statistics
import tempfile
from pathlib import Path

from common import (
    NotBuilt,
    PartResult,
    Row,
    byte_compile,
    python,
    rotations,
    run_process,
    script,
)

TARGET_MS = 150.0


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    try:
        from somekoulutus import certs, settings
        from somekoulutus.certs.payload import short_form
        from somekoulutus.content import load_content
        from somekoulutus.store import people
        from somekoulutus.store.sqlite_store import SqliteStore
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.cli: {exc}") from exc
    runs = 1 if smoke else 5 if quick else 11
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        store = SqliteStore(data)
        store.save_person(
            people.Person("aino", "Aino", "aino@ylojarvi.fi", "Kirjasto", "tyontekija")
        )
        content = load_content(*settings.content_dirs(None))
        record = certs.issue_manual(
            store, content, data, "aino", "sisallontuottaja", actor="viestinta", reason="lähi"
        )
        store.close()
        assert record is not None
        qr = short_form(record.id, base64.b64decode(record.signature))
        env = {
            **os.environ,
            "SOMEKOULUTUS_HOME": str(data),
            "SOMEKOULUTUS_CACHE": str(Path(tmp) / "cache"),
        }
        tool = script("somekoulutus")
        commands = {
            "python": [python(), "-c", "pass"],
            "click": [python(), "-c", "import click"],
            "help": [tool, "--help"],
            "verify": [tool, "certs", "verify", record.id],
            "verify_qr": [tool, "certs", "verify", qr],
            "validate": [tool, "validate"],
        }
        for argv in commands.values():
            run_process(argv, env)  # warm-up
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name in rotations(list(commands), runs):
            times[name].append(run_process(commands[name], env))
    ms = {name: statistics.median(t) * 1000 for name, t in times.items()}
    rows = []
    labels = {
        "help": "somekoulutus --help",
        "verify": "somekoulutus certs verify ID",
        "verify_qr": "somekoulutus certs verify QR-TEXT",
        "validate": "somekoulutus validate (bundled content)",
    }
    for name, label in labels.items():
        target = TARGET_MS if name in ("help", "verify") else None
        rows.append(
            Row(
                f"{label}, median of {runs}",
                f"{ms[name]:.0f} ms",
                f"{ms['click']:.0f} ms import click",
                f"{ms[name] / ms['click']:.2f}",
                f"<= {target:g} ms" if target else "",
                None if target is None else ms[name] <= target,
            )
        )
    rows.append(Row("  python -c pass", f"{ms['python']:.0f} ms"))
    return PartResult(
        {
            "help_ms": round(ms["help"], 1),
            "verify_ms": round(ms["verify"], 1),
            "verify_qr_ms": round(ms["verify_qr"], 1),
            "validate_ms": round(ms["validate"], 1),
            "click_ms": round(ms["click"], 1),
            "python_ms": round(ms["python"], 1),
            "runs": runs,
        },
        rows,
    )
