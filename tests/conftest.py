"""Fixtures shared by all tests: the bundled content and a throwaway data dir."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from somekoulutus import settings
from somekoulutus.content import load_content
from somekoulutus.content.models import Content
from somekoulutus.store import connect


@pytest.fixture(scope="session")
def bundled_content() -> Content:
    """The real bundled courses and certificate definitions."""
    return load_content(*settings.content_dirs(None))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data dir in tmp_path, also set as SOMEKOULUTUS_HOME."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("SOMEKOULUTUS_HOME", str(path))
    return path


@pytest.fixture
def conn(data_dir: Path) -> sqlite3.Connection:
    """A migrated SQLite database file inside data_dir."""
    connection = connect(settings.db_path(data_dir))
    yield connection
    connection.close()
