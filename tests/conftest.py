"""Fixtures shared by all tests: the bundled content and a throwaway data dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from somekoulutus import settings
from somekoulutus.content import load_content
from somekoulutus.content.models import Content
from somekoulutus.store.sqlite_store import SqliteStore


@pytest.fixture(scope="session", autouse=True)
def _content_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The content cache of every test (and of the processes tests start) in a temp folder,
    never in the user's own cache folder."""

    os.environ["SOMEKOULUTUS_CACHE"] = str(tmp_path_factory.mktemp("content-cache"))


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
def conn(data_dir: Path) -> Iterator[SqliteStore]:
    """The embedded store in data_dir (also usable as a connection for raw SQL)."""
    store = SqliteStore(data_dir)
    yield store
    store.close()
