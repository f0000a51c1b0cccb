"""Benchmarks of somekoulutus, each figure beside a baseline measured in the same run.

    .venv/bin/python benchmarks/run.py [--quick | --smoke] [--scale N] [--json FILE]
                                       [--only PART ...]

Prints a table; with --json writes the same figures as nested JSON ({"startup":
{"ratio_comparable": ...}, ...}, every key of issue 17's target table, `TARGET_KEYS`) and a
"meta" object saying which scale and mode ran. A target figure that is null has its reason
in meta.null_because (the part could not run, or says why it does not measure it).
`--smoke` runs every part once at tiny sizes: its figures mean nothing, it only shows that
every part still runs (tests/test_benchmark_smoke.py). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inspect  # noqa: E402

import part_cli  # noqa: E402
import part_issue  # noqa: E402
import part_memory  # noqa: E402
import part_paint  # noqa: E402
import part_registry  # noqa: E402
import part_registry_scale  # noqa: E402
import part_startup  # noqa: E402
import part_validate  # noqa: E402
from common import NotBuilt, PartResult  # noqa: E402

# part name -> (module, the figure keys the JSON must always carry)
PARTS = {
    "startup": (part_startup, ("ratio_comparable",)),
    "paint": (part_paint, ("ratio_comparable",)),
    "cli": (part_cli, ("help_ms", "verify_ms")),
    "issue": (part_issue, ("ms_per_cert", "ratio")),
    "validate": (part_validate, ("scaling", "kb_per_question")),
    "memory": (part_memory, ("tui_mb",)),
    # The SQLite registry at 100,000 certificates; issue 17's registry.<backend>.* figures
    # at a million come with the store's own benchmark.
    "registry": (part_registry, ("lookup_ms", "list_ms", "audit_ms", "ratio_max")),
    # registry.<backend>.* at --scale (issue 17's million), on both backends.
    "registry_scale": (part_registry_scale, ("scale",)),
}
BACKENDS = ("sqlite", "postgresql")
REGISTRY_TARGETS = (
    "lookup_ms",
    "first_row_ms",
    "export_s",
    "export_peak_mb",
    "search_ms",
    "audit_ms",
)
# Issue 17's target table: the dotted keys every JSON carries (a number, or null with a
# reason in meta.null_because), and the part that measures each.
TARGET_KEYS = {
    "startup.ratio_comparable": "startup",
    "paint.ratio_comparable": "paint",
    "cli.help_ms": "cli",
    "cli.verify_ms": "cli",
    "issue.ms_per_cert": "issue",
    "issue.ratio": "issue",
    **{f"registry.{b}.{k}": "registry_scale" for b in BACKENDS for k in REGISTRY_TARGETS},
    "validate.scaling": "validate",
    "validate.kb_per_question": "validate",
    "memory.tui_mb": "memory",
}


def _get(figures: dict, dotted: str) -> object:
    node: object = figures
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _null_reasons(
    figures: dict, ran: dict[str, str], said: dict[str, str], only: list[str] | None
) -> dict[str, str]:
    """Target key -> why it is null: the part's own reason, its failure, or not run."""
    reasons = {}
    for key, part in TARGET_KEYS.items():
        if isinstance(_get(figures, key), int | float):
            continue
        if key in said:
            reasons[key] = said[key]
        elif part in ran:
            reasons[key] = ran[part]
        elif only and part not in only:
            reasons[key] = f"{part} was not run (--only)"
        else:
            reasons[key] = f"{part} did not give it"
    return reasons


def _table(results: dict[str, PartResult | str]) -> str:
    header = ("part", "measure", "ours", "baseline", "ratio", "target", "")
    lines = [header]
    for name, result in results.items():
        if isinstance(result, str):
            lines.append((name, result, "", "", "", "", ""))
            continue
        for row in result.rows:
            mark = "" if row.ok is None else ("ok" if row.ok else "MISSED")
            lines.append((name, row.measure, row.value, row.baseline, row.ratio, row.target, mark))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for i, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller data")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one run of everything at tiny sizes: checks that every part runs, figures mean nothing",
    )
    parser.add_argument(
        "--scale", type=int, default=None, help="registry size for parts that take one"
    )
    parser.add_argument("--only", nargs="+", choices=list(PARTS), help="run just these parts")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load = os.getloadavg()[0]
    results: dict[str, PartResult | str] = {}
    figures: dict[str, dict[str, float | None]] = {}
    notes: list[str] = []
    not_run: dict[str, str] = {}  # part -> why it gave no figures
    null_because: dict[str, str] = {}  # target key -> the part's reason for not measuring it
    quick = args.quick or args.smoke
    for name, (module, keys) in PARTS.items():
        if args.only and name not in args.only:
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        params = inspect.signature(module.run).parameters
        kwargs: dict[str, object] = {}
        if "scale" in params:
            kwargs["scale"] = args.scale
        if args.smoke:
            if "smoke" not in params:
                raise SystemExit(f"part {name} has no smoke mode (run(quick, smoke=...))")
            kwargs["smoke"] = True
        try:
            result = module.run(quick, **kwargs)
        except NotBuilt as exc:
            results[name] = "n/a (not built yet)"
            figures[name] = dict.fromkeys(keys)
            notes.append(f"{name}: not built yet: {exc}")
            not_run[name] = f"{name}: not built yet: {exc}"
            continue
        except Exception as exc:  # noqa: BLE001 — one broken part must not hide the others
            results[name] = f"FAILED: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
            figures[name] = dict.fromkeys(keys)
            notes.append(f"{name}: failed:\n{traceback.format_exc()}")
            not_run[name] = f"{name} failed: {type(exc).__name__}"
            continue
        null_because |= result.null_because
        results[name] = result
        figures[name] = {**dict.fromkeys(keys), **result.figures}
        if name == "registry":  # one backend so far: registry.sqlite.<figure>
            figures[name] = {"sqlite": figures[name]}
        if name == "registry_scale":  # "sqlite.lookup_ms" -> registry.sqlite.lookup_ms
            for key, value in result.figures.items():
                backend, _, figure = key.rpartition(".")
                if backend:
                    figures.setdefault("registry", {}).setdefault(backend, {})[figure] = value
        notes += result.notes

    elapsed = time.perf_counter() - started
    print(_table(results))
    for note in notes:
        print(f"- {note}")
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    print(
        f"({mode} run, {elapsed:.0f} s; load average at start {load:.2f} on {os.cpu_count()} CPUs)"
    )
    if args.json:
        for key in TARGET_KEYS:  # every target key is present, null when not measured
            node = figures
            *path, last = key.split(".")
            for part in path:
                node = node.setdefault(part, {})
            node.setdefault(last, None)
        figures["meta"] = {
            "quick": quick,
            "smoke": args.smoke,
            "scale": args.scale,
            "null_because": _null_reasons(figures, not_run, null_because, args.only),
            "parts": sorted(results),
            "when": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "load_average": round(load, 2),
            "seconds": round(elapsed, 1),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
