"""SQLite storage: the only package that writes SQL."""

from somekoulutus.store.db import BUSY_MESSAGE, DatabaseBusy, connect, transaction

__all__ = ["BUSY_MESSAGE", "DatabaseBusy", "connect", "transaction"]
