"""SQLite storage: the only package that writes SQL."""

from somekoulutus.store.db import DatabaseBusy, connect, transaction

__all__ = ["DatabaseBusy", "connect", "transaction"]
