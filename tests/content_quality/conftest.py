"""Helpers shared by the content quality tests: the bundled content files and their texts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from somekoulutus import settings

REPO_ROOT = Path(__file__).resolve().parents[2]
GUIDELINE = REPO_ROOT / "docs" / "source" / "sosiaalisen-median-ohje.txt"


def words(text: str) -> list[str]:
    """Lowercased words with punctuation stripped (underscores count as separators)."""
    return re.findall(r"[^\W_]+", text.lower())


def strings(node: Any) -> Iterator[str]:
    """Every string value in a parsed YAML tree (mapping keys are field names, not text)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


@pytest.fixture(scope="session")
def bundled_dirs(monkeypatch_session: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(courses_dir, certificates_dir) of the bundled content, whatever the environment says."""
    monkeypatch_session.delenv("SOMEKOULUTUS_COURSES", raising=False)
    return settings.content_dirs(None)


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    """A session-wide MonkeyPatch (the built-in fixture is function scoped)."""
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


@pytest.fixture(scope="session")
def content_files(bundled_dirs: tuple[Path, Path]) -> dict[Path, Any]:
    """Every bundled course and certificate YAML file, parsed."""
    courses_dir, certificates_dir = bundled_dirs
    paths = sorted(courses_dir.glob("*.yaml")) + sorted(certificates_dir.glob("*.yaml"))
    return {path: yaml.safe_load(path.read_text("utf-8")) for path in paths}
