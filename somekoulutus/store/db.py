"""Open the SQLite database: WAL, busy timeout, migrations, short immediate transactions."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from somekoulutus.store.migrations import MIGRATIONS

#: How long a statement waits for another process's lock before giving up (DatabaseBusy).
BUSY_TIMEOUT_MS = 30_000
#: After this long waiting, the wait notice (if set) tells the person that we are waiting.
NOTICE_AFTER_MS = 500

WAIT_MESSAGE = (
    "Tietokanta on varattu toisen käyttäjän työhön; odotetaan… "
    "(enintään {seconds} s, sitten luovutetaan)"
)

T = TypeVar("T")

_wait_notice: Callable[[str], None] | None = None


def set_wait_notice(callback: Callable[[str], None] | None) -> None:
    """Who is told (with WAIT_MESSAGE) when a transaction waits for a lock; None: no one.

    The CLI prints it on stderr, the TUI shows a notice. The callback may be called from
    any thread.
    """
    global _wait_notice
    _wait_notice = callback


BUSY_MESSAGE = (
    "Tietokanta on juuri nyt varattu toisen käyttäjän työhön. Yritä hetken kuluttua uudelleen."
)


if TYPE_CHECKING:
    # For mypy only: making three Protocol classes cost every start of the app ~0.3 ms, and
    # nothing asks isinstance of them.

    class Row(Protocol):
        """A result row of either backend: indexable by position and by column name."""

        def __getitem__(self, key: int | str, /) -> Any: ...

        def keys(self) -> list[str]: ...

        def __iter__(self) -> Iterator[Any]: ...

    class Cursor(Protocol):
        """What the shared SQL reads from an executed statement."""

        def fetchone(self) -> Row | None: ...

        def fetchall(self) -> list[Row]: ...

        def __iter__(self) -> Iterator[Row]: ...

    class Conn(Protocol):
        """What the shared SQL needs of a connection: `execute` with `?` or `:name` parameters."""

        def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

else:
    Row = Cursor = Conn = object


class StoreError(Exception):
    """A registry operation failed; the message is Finnish and says what to do next."""


class DatabaseBusy(StoreError):
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
    # WAL stays set in the file: switched once, when the database is new.
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _retry(conn, lambda: conn.execute("PRAGMA journal_mode = WAL"))
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's user_version: how many migrations it has had."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection, target: int | None = None) -> None:
    """Apply the migrations the database has not had yet, each in its own transaction."""
    target = len(MIGRATIONS) if target is None else target
    # Up to date (every start but the first after an upgrade): no write lock is taken, so a
    # start never waits for another process's write.
    if schema_version(conn) >= target:
        return
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
    out: list[str] = []
    buf = ""
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
    _retry(conn, lambda: conn.execute("BEGIN IMMEDIATE"))
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        _retry(conn, lambda: conn.execute("COMMIT"))


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _retry(conn: sqlite3.Connection, op: Callable[[], T], attempts: int = 5) -> T:
    """Run `op`; while another process holds the lock, wait up to the busy timeout.

    The connection's busy timeout (PRAGMA busy_timeout, BUSY_TIMEOUT_MS by default) is the
    whole wait. The first NOTICE_AFTER_MS of it pass quietly; then the wait notice says
    "odotetaan…" once and the rest is waited for. DatabaseBusy when the lock never frees.
    A few short retries cover the cases SQLite returns SQLITE_BUSY at once (e.g. a WAL
    switch while another connection reads).
    """
    total = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    quick = min(total, NOTICE_AFTER_MS)
    changed = quick < total
    if changed:
        conn.execute(f"PRAGMA busy_timeout = {quick}")
    try:
        try:
            return op()
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            last = exc
        deadline = time.monotonic() + (total - quick) / 1000
        if _wait_notice is not None and total > quick:
            _wait_notice(WAIT_MESSAGE.format(seconds=max(1, round(total / 1000))))
        for i in range(attempts):
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms <= 0 and i > 0:
                break
            conn.execute(f"PRAGMA busy_timeout = {max(left_ms, 1)}")
            changed = True
            try:
                return op()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                last = exc
            time.sleep(0.05 * (i + 1))
        raise DatabaseBusy() from last
    finally:
        if changed:
            conn.execute(f"PRAGMA busy_timeout = {total}")
