"""A locked database gives a Finnish message; the audit's query does not scan certificates."""

from __future__ import annotations

import pytest

from somekoulutus.store import db
from somekoulutus.store.sqlite_store import SqliteStore

from .conftest import Cli, add_person


def test_a_busy_database_is_a_finnish_message_not_a_traceback(
    cli: Cli, admin_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = SqliteStore(admin_dir)
    add_person(holder, "yhteys")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    # Opening the store takes no write lock; the command's own write meets the held one.
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("channels", "set-contact", "facebook-kaupunki", "yhteys")
    finally:
        holder.execute("ROLLBACK")
    assert result.exit_code == 1
    assert "Tietokanta on juuri nyt varattu" in result.stderr
    assert "locked" not in result.output and "Traceback" not in result.output


def test_audit_reaches_certificates_by_key_only(conn) -> None:
    """The audit's cost follows the active rights, not the size of the registry."""
    from somekoulutus.store import rights as store

    plan = conn.execute("EXPLAIN QUERY PLAN " + store.TROUBLE_SQL, ("2025-01-01",)).fetchall()
    details = " | ".join(row["detail"] for row in plan)
    assert "SCAN c" not in details, details
    assert "c USING INDEX" in details or "c USING PRIMARY KEY" in details, details
