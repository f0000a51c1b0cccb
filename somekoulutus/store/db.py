"""Open the SQLite database: WAL, busy timeout, migrations, short immediate transactions."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from somekoulutus.store.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000


BUSY_MESSAGE = (
    "Tietokanta on juuri nyt varattu toisen käyttäjän työhön. Yritä hetken kuluttua uudelleen."
)


class DatabaseBusy(Exception):
    """The database stayed locked by another process for longer than the busy timeout.

    Its text is the Finnish message for people (`BUSY_MESSAGE`); SQLite's own error is the
    exception's `__cause__`.
    """

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


def iso(moment: datetime | None = None) -> str:
    """A time as the database stores it: UTC ISO 8601 with seconds, comparable as text.

    Now when None. A naive datetime is refused rather than guessed to be local time.
    """
    moment = datetime.now(UTC) if moment is None else moment
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware time")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating and upgrading as needed) the database at `path`."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's user_version: how many migrations it has had."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int | None = None) -> None:
    """Apply the migrations the database has not had yet, each in its own transaction."""
    target = len(MIGRATIONS) if target is None else target
    while True:
        with transaction(conn):
            version = schema_version(conn)
            if version >= target:
                return
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction, so split the script ourselves;
    # complete_statement() keeps trigger bodies (with inner semicolons) whole.
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf)
            buf = ""
    if buf.strip():
        out.append(buf)
    return out


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error; DatabaseBusy if the lock never frees."""
    _retry(lambda: conn.execute("BEGIN IMMEDIATE"))
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        _retry(lambda: conn.execute("COMMIT"))


def _retry(op, attempts: int = 5):
    # The busy timeout handles most waits; a few retries cover the cases SQLite returns
    # SQLITE_BUSY at once (e.g. a WAL switch while another connection reads).
    for i in range(attempts):
        try:
            return op()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if i == attempts - 1:
                raise DatabaseBusy() from exc
            time.sleep(0.05 * (i + 1))
