"""Storage: the only package that writes SQL. `open_store` picks the backend.

The store interface (`Store`, `Refused`, `NotAdminError`) is imported on first use (PEP 562):
it pulls in every table's SQL module, and `somekoulutus --help` needs none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from somekoulutus.store.db import BUSY_MESSAGE, DatabaseBusy, StoreError, connect, transaction

if TYPE_CHECKING:
    from somekoulutus.store.base import NotAdminError, Refused, Store

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


def __getattr__(name: str) -> Any:
    if name in ("NotAdminError", "Refused", "Store"):
        from somekoulutus.store import base

        value = getattr(base, name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
