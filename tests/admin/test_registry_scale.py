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


def test_export_writes_rows_in_bounded_chunks_as_they_come(capsys, monkeypatch) -> None:
    """csv goes out a chunk of rows at a time (row k is written before row k + chunk is
    read), json row by row; the text is the same as the whole-list output."""
    import json

    from somekoulutus import csvexport
    from somekoulutus.cli.admin_common import emit, emit_stream

    chunk = 3
    monkeypatch.setattr(csvexport, "ROWS_PER_CHUNK", chunk)
    columns = [("id", "Tunnus"), ("name", "Nimi")]
    rows = [
        {"id": f"SK-{i}", "name": f"=Nimi {i}\nrivi" if i % 2 else f"Nimi {i}"} for i in range(8)
    ]
    for fmt, lag in (("csv", chunk), ("json", 1)):
        emit(rows, columns, fmt)
        whole = capsys.readouterr().out

        pieces: list[str] = []

        def source(fmt=fmt, pieces=pieces, lag=lag):
            for i, row in enumerate(rows):
                pieces.append(capsys.readouterr().out)
                if i >= lag:  # a row is out before the one `lag` rows later is read
                    assert f"SK-{i - lag}" in "".join(pieces), (fmt, i)
                if fmt == "csv":  # never more than a chunk behind
                    assert f"SK-{i}" not in "".join(pieces)
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


def test_export_memory_does_not_grow_with_the_registry(tmp_path) -> None:
    """The real `certs list --format csv` of 30,000 certificates needs no more memory than
    that of 2,000: rows stream from the cursor to stdout (all held would be ~30 MB more)."""
    import os
    import pwd

    from somekoulutus import settings
    from tests.registry_rows import export_peak_kb, fill_sqlite

    peaks = {}
    for count in (2_000, 30_000):
        data = tmp_path / f"data{count}"
        data.mkdir(mode=0o700)
        settings.save_config(data, {"admins": [pwd.getpwuid(os.getuid()).pw_name]})
        store = SqliteStore(data)
        fill_sqlite(store.conn(), count, count // 5)
        store.close()
        out = tmp_path / "out.csv"
        peaks[count] = export_peak_kb(["--data-dir", str(data)], out)
        assert out.read_text(encoding="utf-8").count("\nSK-") == count
    assert peaks[30_000] - peaks[2_000] < 6 * 1024, peaks


def test_rights_audit_reads_certificates_from_the_compact_index(conn: SqliteStore) -> None:
    """The audit's look-up of each active right's certificate reads the certificates_state
    index only, never the wide rows (at a million certificates that is 25x faster)."""
    fill(conn, people=2000, per_person=5)
    db = conn.conn()
    with db:
        db.executemany(
            """INSERT INTO rights (login, channel_id, role, certificate_id, granted_at, granted_by)
               VALUES (?, 'tili', 'sisallontuottaja', ?, ?, 'admin')""",
            ((f"u{i:06d}", f"SK-{i * 5:08d}", NOW) for i in range(0, 2000, 4)),
        )
        db.execute("ANALYZE")
    lines = db.execute("EXPLAIN QUERY PLAN " + rights_sql.TROUBLE_SQL, (HORIZON,)).fetchall()
    text = "\n".join(row[3] for row in lines)
    assert "COVERING INDEX certificates_state" in text, text
    trouble = rights_sql.rights_in_trouble(db, HORIZON)
    assert len(trouble) == 500 // 3 + 1  # every third certificate expired on 2026-02-01
