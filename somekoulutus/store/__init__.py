"""Storage: the only package that writes SQL. `open_store` picks the backend."""

from __future__ import annotations

from pathlib import Path

from somekoulutus.store.base import NotAdminError, Refused, Store
from somekoulutus.store.db import BUSY_MESSAGE, DatabaseBusy, StoreError, connect, transaction

__all__ = [
    "BUSY_MESSAGE",
    "DatabaseBusy",
    "NotAdminError",
    "Refused",
    "Store",
    "StoreError",
    "connect",
    "open_store",
    "transaction",
]


def open_store(data_dir: Path, dsn: str | None = None) -> Store:
    """The organisation's PostgreSQL registry when `dsn` is given, else the embedded store."""
    if dsn:
        from somekoulutus.store.postgres.store import PgStore

        return PgStore(dsn)
    from somekoulutus.store.sqlite_store import SqliteStore

    return SqliteStore(data_dir)
