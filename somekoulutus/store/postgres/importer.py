"""Moving an embedded registry into the organisation's: every row with its id unchanged, the
certificates with their PDFs and signatures, and the embedded issuer's public key, so that
`certs verify` of an imported certificate passes afterwards. Run by the database owner."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from somekoulutus.store.db import StoreError

#: In an order that satisfies the foreign keys.
TABLES = (
    "people",
    "lesson_reads",
    "positions",
    "attempts",
    "answers",
    "certificates",
    "channels",
    "city_channel_contacts",
    "rights",
    "holds",
    "audit_log",
)
#: Tables whose integer id the registry generates: its counter moves past the imported ids.
IDENTITY = ("attempts", "rights", "holds", "audit_log")
BATCH = 1000


def import_sqlite(
    raw: psycopg.Connection[Any],
    db_file: Path,
    public_keys: list[tuple[str, str]],
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy the tables of `db_file` into the registry; rows already there are kept as they are.

    `public_keys` are (key_id, PEM) of the embedded issuer, published so that its
    certificates verify. Returns the number of rows read per table.
    """
    try:
        source = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        source.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except sqlite3.Error as exc:
        raise StoreError(
            f"Tiedostoa {db_file} ei voi lukea somekoulutuksen tietokantana ({exc})."
        ) from exc
    source.row_factory = sqlite3.Row
    counts: dict[str, int] = {}
    with raw.transaction():
        for table in TABLES:
            counts[table] = _copy(raw, source, table, progress)
        for table in IDENTITY:
            raw.execute(
                f"SELECT setval(pg_get_serial_sequence('somekoulutus.{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM somekoulutus.{table}), 1))"
            )
        for key_id, pem in public_keys:
            raw.execute(
                "INSERT INTO somekoulutus.issuer_keys (key_id, public_pem, created_at) "
                "VALUES (%s, %s, somekoulutus.now_iso()) ON CONFLICT DO NOTHING",
                (key_id, pem),
            )
    source.close()
    return counts


def _copy(
    raw: psycopg.Connection[Any],
    source: sqlite3.Connection,
    table: str,
    progress: Callable[[str, int], None] | None,
) -> int:
    exists = source.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if not exists:
        return 0
    target = {
        r[0]
        for r in raw.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'somekoulutus' AND table_name = %s",
            (table,),
        )
    }
    cursor = source.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description if d[0] in target]
    extra = ["pdf"] if table == "certificates" and "pdf" in target else []
    columns = ", ".join(names + extra)
    marks = ", ".join(["%s"] * (len(names) + len(extra)))
    sql = (
        f"INSERT INTO somekoulutus.{table} ({columns}) OVERRIDING SYSTEM VALUE "
        f"VALUES ({marks}) ON CONFLICT DO NOTHING"
    )
    count = 0
    while rows := cursor.fetchmany(BATCH):
        values = []
        for row in rows:
            item = [row[n] for n in names]
            if extra:
                item.append(_pdf_bytes(row["pdf_path"]))
            values.append(item)
        with raw.cursor() as cur:
            cur.executemany(sql, values)
        count += len(rows)
        if progress is not None:
            progress(table, count)
    return count


def _pdf_bytes(path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        return None
