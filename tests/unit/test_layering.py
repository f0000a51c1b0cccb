"""The layers stay apart: only the TUI imports Textual, and only the CLI imports the CLI.

Read from the source with `ast` (nothing is imported), so a lazy import inside a function
counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import somekoulutus

PACKAGE_DIR = Path(somekoulutus.__file__).resolve().parent

# `python -m somekoulutus` is the command line's entry point, so it must import it.
# The console script (the app without click when started alone) and `python -m`.
CLI_ENTRY_POINTS = {"somekoulutus/__main__.py", "somekoulutus/console.py"}


def module_name(path: Path) -> str:
    """somekoulutus/certs/issue.py -> somekoulutus.certs.issue (packages without __init__)."""
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, package: str) -> set[str]:
    """Every module the source imports; relative imports resolved against `package`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from somekoulutus import cli` imports the module somekoulutus.cli.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def imports_of(path: Path) -> set[str]:
    """Every module a file of the package imports."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    return imported_modules(path.read_text("utf-8"), package)


def sources() -> list[Path]:
    """Every Python file of the package."""
    return sorted(PACKAGE_DIR.rglob("*.py"))


def relative(path: Path) -> str:
    """The path as it reads from the repository root."""
    return path.relative_to(PACKAGE_DIR.parent).as_posix()


def in_layer(path: Path, layer: str) -> bool:
    """True when the file belongs to somekoulutus/<layer>/."""
    return relative(path).startswith(f"somekoulutus/{layer}/")


def imports_any(modules: set[str], package: str) -> list[str]:
    """The imported modules that are `package` or inside it."""
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


def test_only_the_tui_imports_textual() -> None:
    offenders = {
        relative(path): imports_any(imports_of(path), "textual")
        for path in sources()
        if not in_layer(path, "tui")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_cli_imports_the_cli() -> None:
    offenders = {
        relative(path): imports_any(imports_of(path), "somekoulutus.cli")
        for path in sources()
        if not in_layer(path, "cli") and relative(path) not in CLI_ENTRY_POINTS
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_domain_does_not_import_the_faces() -> None:
    """Content, quiz, store, certs, rights...: neither the TUI nor the CLI."""
    offenders = {
        relative(path): imports_any(imports_of(path), "somekoulutus.tui")
        + imports_any(imports_of(path), "somekoulutus.cli")
        for path in sources()
        if not (in_layer(path, "tui") or in_layer(path, "cli"))
        and relative(path) not in CLI_ENTRY_POINTS
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import textual.app", {"textual.app"}),
        ("from textual import work", {"textual", "textual.work"}),
        ("from ..cli import context", {"somekoulutus.cli", "somekoulutus.cli.context"}),
        ("from . import ids", {"somekoulutus.certs", "somekoulutus.certs.ids"}),
        (
            "def run():\n    from somekoulutus.cli import main",
            {"somekoulutus.cli", "somekoulutus.cli.main"},
        ),
    ],
)
def test_the_scan_sees_every_form_of_import(source: str, expected: set[str]) -> None:
    """The checks above would pass vacuously if the scan missed relative or lazy imports."""
    assert imported_modules(source, "somekoulutus.certs") == expected
