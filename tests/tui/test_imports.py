"""Every TUI module imports on its own, first, in a fresh interpreter: no import cycle.

A module that takes part in a cycle imports fine when its partner happened to be loaded
first and fails ("partially initialized module") when it is the first one. The import-linter
contracts in pyproject.toml hold the direction and the typing-only imports; this test holds
what Python itself does.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import somekoulutus.tui

# One interpreter for all modules: before each one, every module of ours is forgotten, so
# each is imported first; Textual stays loaded, which keeps the test fast.
PROBE = """
import importlib, json, sys, traceback
failed = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "somekoulutus" or m.startswith("somekoulutus.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps(failed))
"""


def tui_modules() -> list[str]:
    found = pkgutil.walk_packages(somekoulutus.tui.__path__, "somekoulutus.tui.")
    return sorted(m.name for m in found)


def test_each_tui_module_imports_first_on_its_own() -> None:
    modules = tui_modules()
    assert "somekoulutus.tui.screens.base" in modules and "somekoulutus.tui.app" in modules
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(modules)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == {}
