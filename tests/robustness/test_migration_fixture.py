"""A database made by the first schema opens, upgrades in place, and keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from somekoulutus.store import connect, learning, transaction
from somekoulutus.store.db import migrate, schema_version
from somekoulutus.store.migrations import MIGRATIONS
from somekoulutus.store.sqlite_store import SqliteStore

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.sql"


def _schema(conn: sqlite3.Connection) -> set[tuple]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql NOT NULL")
    return {tuple(r) for r in rows}


def _v1_copy() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(FIXTURE.read_text("utf-8"))
    return conn


def _tables_and_rows(conn: sqlite3.Connection) -> dict[str, tuple[list[str], set[tuple]]]:
    """table -> (its columns, its rows) as the first schema had them."""
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        rows = {tuple(r) for r in conn.execute(f"SELECT * FROM {table}")}
        out[table] = (columns, rows)
    return out


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A file holding the fixture database, exactly as version 1 left it."""
    path = tmp_path / "somekoulutus.db"
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text("utf-8"))
    conn.close()
    return path


def test_fixture_is_the_first_schema():
    # Guards the fixture and migration 1 against each other: migration 1 must never change.
    fixture = _v1_copy()
    assert schema_version(fixture) == 1
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(fresh, target=1)
    assert _schema(fixture) == _schema(fresh)


def test_old_database_upgrades_in_place_with_data_intact(old_db: Path):
    before = _tables_and_rows(_v1_copy())
    assert sum(len(rows) for _, rows in before.values()) >= 25

    conn = connect(old_db)
    assert schema_version(conn) == len(MIGRATIONS)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Every row of the first schema is still there, column by column. A later migration that
    # reshapes a table on purpose must update this test with the mapping it applies.
    for table, (columns, rows) in before.items():
        selected = ", ".join(columns)
        after = {tuple(r) for r in conn.execute(f"SELECT {selected} FROM {table}")}
        assert after == rows, table
    conn.close()

    # Opening again is a no-op.
    conn = connect(old_db)
    assert schema_version(conn) == len(MIGRATIONS)
    conn.close()


def test_upgraded_database_works_through_the_domain(old_db: Path):
    conn = SqliteStore(old_db.parent, old_db)
    assert conn.person("alaine").name == "Aino Läine-Öhman"
    assert learning.lessons_read(conn, "mvirtanen", "sisallontuottaja") == {
        "miksi-somessa",
        "tekijanoikeudet",
    }
    assert learning.position(conn, "jkorhonen") == learning.Position(
        "quiz", "sisallontuottaja", None, 3
    )
    # The half-done attempt resumes where it stopped and can be finished.
    attempt = learning.open_attempt(conn, "jkorhonen", "sisallontuottaja")
    assert (attempt.id, attempt.next_position) == (3, 1)
    conn.record_answer(3, 1, "q-kriisi", [0], True)
    conn.record_answer(3, 2, "q-tietosuoja", [1, 3], True)
    conn.finish_attempt(3, 2 / 3, False)
    assert learning.open_attempt(conn, "jkorhonen", "sisallontuottaja") is None
    assert learning.latest_passed(conn, "mvirtanen")["sisallontuottaja"].id == 2
    # The audit log is still append-only after the upgrade.
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        with transaction(conn.conn()):
            conn.execute("DELETE FROM audit_log")
    conn.close()


def test_an_up_to_date_database_opens_while_another_process_writes(
    old_db: Path, monkeypatch: pytest.MonkeyPatch
):
    connect(old_db).close()  # upgraded once
    holder = connect(old_db)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    monkeypatch.setattr("somekoulutus.store.db.BUSY_TIMEOUT_MS", 20)
    try:
        # A start reads the schema version without asking for the write lock, so it neither
        # waits for nor fails on the other process's write.
        conn = connect(old_db)
        assert schema_version(conn) == len(MIGRATIONS)
        assert conn.execute("SELECT COUNT(*) FROM people").fetchone()[0] > 0
        conn.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
