"""Fixtures shared by all tests: the bundled content and a throwaway data dir."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from somekoulutus import settings
from somekoulutus.content import load_content
from somekoulutus.content.models import Content
from somekoulutus.store import connect


@pytest.fixture(scope="session", autouse=True)
def _content_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The content cache of every test (and of the processes tests start) in a temp folder,
    never in the user's own cache folder."""
    import os

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
def conn(data_dir: Path) -> sqlite3.Connection:
    """A migrated SQLite database file inside data_dir."""
    connection = connect(settings.db_path(data_dir))
    yield connection
    connection.close()


# -- no silent skips ---------------------------------------------------------------------
# A skip must name its reason (pytest prints them with -rs). Where everything the tests need
# is installed (CI sets SOMEKOULUTUS_NO_SKIPS=1), any skip fails the run.
_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and os.environ.get("SOMEKOULUTUS_NO_SKIPS") == "1":
        print("\nSkipped tests are not allowed here (SOMEKOULUTUS_NO_SKIPS=1):")
        for line in _skipped:
            print(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
