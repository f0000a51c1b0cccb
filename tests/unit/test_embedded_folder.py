"""The embedded store is one person's: a folder or database others can write is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext
from somekoulutus.store import StoreError
from somekoulutus.store.sqlite_store import SqliteStore


@pytest.mark.parametrize("target", ["folder", "database"])
def test_a_folder_or_database_others_can_write_is_refused(tmp_path: Path, target: str) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    SqliteStore(data).close()
    path = data if target == "folder" else data / "somekoulutus.db"
    os.chmod(path, 0o777 if target == "folder" else 0o666)
    with pytest.raises(StoreError, match="muidenkin kirjoitettavissa"):
        SqliteStore(data)
    result = CliRunner().invoke(
        main, ["--data-dir", str(data), "admins", "list"], obj=AppContext(login="matti")
    )
    assert result.exit_code == 1
    assert "chmod go-w" in result.stderr and "Traceback" not in result.output
    os.chmod(path, 0o700 if target == "folder" else 0o600)
    SqliteStore(data).close()  # fixed: opens again
