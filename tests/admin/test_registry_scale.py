"""The registry at scale on SQLite: the holder search goes through indexes and stops at its
limit without counting the whole registry."""

from __future__ import annotations

from somekoulutus.store import rights as rights_sql
from somekoulutus.store.sqlite_store import SqliteStore

NOW = "2026-06-01T00:00:00+00:00"
HORIZON = "2026-07-01T00:00:00+00:00"


def fill(store: SqliteStore, people: int, per_person: int) -> None:
    conn = store.conn()
    with conn:
        conn.executemany(
            "INSERT INTO people VALUES (?, ?, ?, 'Kirjasto', 'tyontekija', ?, ?)",
            (
                (f"u{i:06d}", f"Henkilö{i:06d} Öljynen", f"u{i}@x.fi", NOW, NOW)
                for i in range(people)
            ),
        )
        conn.executemany(
            """INSERT INTO certificates (id, login, definition_id, payload, signature, key_id, pdf_path,
                                         issued_at, expires_at)
               VALUES (?, ?, ?, '{}', '', 'k', '', ?, ?)""",
            (
                (
                    f"SK-{i:08d}",
                    f"u{i // per_person:06d}",
                    "perus" if i % 2 else "lisa",
                    f"2026-01-{1 + i % 28:02d}T00:00:00+00:00",
                    "2027-01-01T00:00:00+00:00" if i % 3 else "2026-02-01T00:00:00+00:00",
                )
                for i in range(people * per_person)
            ),
        )
        conn.execute("ANALYZE")


def plan(store: SqliteStore, **filters) -> str:
    """The query plan of the holder search, captured through the connection's trace."""
    sqls: list[str] = []
    conn = store.conn()
    conn.set_trace_callback(sqls.append)
    try:
        rights_sql.holders(conn, NOW, HORIZON, **filters)
    finally:
        conn.set_trace_callback(None)
    # The traced statement has its parameters bound; EXPLAIN it as it ran.
    lines = conn.execute("EXPLAIN QUERY PLAN " + sqls[-1]).fetchall()
    return "\n".join(row[3] for row in lines)


def test_search_is_capped_and_uses_indexes(conn: SqliteStore) -> None:
    fill(conn, people=2000, per_person=5)
    rows, total = rights_sql.holders(conn.conn(), NOW, HORIZON, limit=500)
    assert len(rows) == 500 and total == 501  # "500+", not a count of 10,000
    assert [r["login"] for r in rows[:5]] == ["u000000"] * 5
    rows, total = rights_sql.holders(conn.conn(), NOW, HORIZON, search="henkilö000123")
    assert total == 5 and {r["login"] for r in rows} == {"u000123"}
    rows, total = rights_sql.holders(conn.conn(), NOW, HORIZON, search="sk-0000004")
    assert {r["id"] for r in rows} == {f"SK-0000004{d}" for d in range(10)}
    rows, _ = rights_sql.holders(
        conn.conn(), NOW, HORIZON, search="u00000", definition="perus", status="expired"
    )
    assert rows and all(r["definition_id"] == "perus" and r["status"] == "expired" for r in rows)

    first_page = plan(conn)
    assert "USING INDEX people_by_name" in first_page
    assert "certificates_by_login" in first_page
    assert "SCAN c" not in first_page and "SCAN certificates" not in first_page
    by_id = plan(conn, search="SK-0000")
    assert "USING INDEX sqlite_autoindex_certificates_1" in by_id or "PRIMARY KEY" in by_id, by_id
    assert "SCAN c\n" not in by_id + "\n"


def test_export_writes_each_row_before_the_next_is_read(capsys) -> None:
    import json

    from somekoulutus.cli.admin_common import emit, emit_stream

    columns = [("id", "Tunnus"), ("name", "Nimi")]
    rows = [{"id": f"SK-{i}", "name": f"=Nimi {i}\nrivi"} for i in range(5)]
    for fmt in ("csv", "json"):
        emit(rows, columns, fmt)
        whole = capsys.readouterr().out

        pieces: list[str] = []

        def source(fmt=fmt, pieces=pieces):
            for i, row in enumerate(rows):
                pieces.append(capsys.readouterr().out)
                if i:  # the previous row is already out when the next one is read
                    assert f"SK-{i - 1}" in pieces[-1], fmt
                yield row

        emit_stream(source(), columns, fmt)
        pieces.append(capsys.readouterr().out)
        assert "".join(pieces) == whole  # the same text as the whole-list output
        if fmt == "json":
            assert json.loads(whole) == rows
    emit_stream(iter(()), columns, "json")
    assert json.loads(capsys.readouterr().out) == []
    emit_stream(iter(rows), columns, "json")
    assert capsys.readouterr().out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
