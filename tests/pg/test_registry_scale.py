"""The registry at scale on PostgreSQL: the holder search goes through indexes (trigram or
prefix on people, the login index on certificates) and stops at its limit."""

from __future__ import annotations

from somekoulutus.store import rights as rights_sql
from somekoulutus.store.postgres.store import PgStore

from .conftest import Registry

NOW = "2026-06-01T00:00:00+00:00"
HORIZON = "2026-07-01T00:00:00+00:00"
PEOPLE = 20000
PER_PERSON = 3


def fill(registry: Registry) -> None:
    with registry.connect() as raw:
        raw.execute("SET search_path TO somekoulutus, public")
        raw.execute(
            """INSERT INTO people (login, name, email, unit, role, created_at, updated_at)
               SELECT 'u' || lpad(i::text, 6, '0'), 'Henkilö' || lpad(i::text, 6, '0')
                      || ' Öljynen', 'u' || i || '@x.fi', 'Kirjasto', 'tyontekija', %s, %s
               FROM generate_series(0, %s - 1) AS i""",
            (NOW, NOW, PEOPLE),
        )
        raw.execute(
            """INSERT INTO certificates (id, login, definition_id, payload, signature, key_id,
                                         issued_at, expires_at)
               SELECT 'SK-' || lpad(i::text, 8, '0'), 'u' || lpad((i / %s)::text, 6, '0'),
                      CASE WHEN i %% 2 = 1 THEN 'perus' ELSE 'lisa' END, '{}', '', 'k',
                      '2026-01-' || lpad((1 + i %% 28)::text, 2, '0') || 'T00:00:00+00:00',
                      CASE WHEN i %% 3 = 0 THEN '2026-02-01T00:00:00+00:00'
                           ELSE '2027-01-01T00:00:00+00:00' END
               FROM generate_series(0, %s - 1) AS i""",
            (PER_PERSON, PEOPLE * PER_PERSON),
        )
        raw.execute("ANALYZE people")
        raw.execute("ANALYZE certificates")


def plan(store: PgStore, **filters) -> str:
    conn = store._read()
    sql, args = rights_sql.holders_query(conn, NOW, HORIZON, **filters)
    return "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql, args).fetchall())


def test_search_is_capped_and_uses_indexes(pg_registry: Registry) -> None:
    fill(pg_registry)
    store = PgStore(pg_registry.dsn("admin1"))
    try:
        rows, total = store.holders(now=NOW, horizon=HORIZON, limit=500)
        assert len(rows) == 500 and total == 501
        assert [r["login"] for r in rows[:3]] == ["u000000"] * 3
        rows, total = store.holders(now=NOW, horizon=HORIZON, search="henkilö000123")
        assert total == 3 and {r["login"] for r in rows} == {"u000123"}
        rows, total = store.holders(now=NOW, horizon=HORIZON, search="sk-0000004")
        assert {r["id"] for r in rows} == {f"SK-0000004{d}" for d in range(10)}
        rows, _ = store.holders(
            now=NOW, horizon=HORIZON, search="u00000", definition="perus", status="expired"
        )
        assert rows and all(
            r["definition_id"] == "perus" and r["status"] == "expired" for r in rows
        )

        for filters in ({}, {"search": "lkilö01234"}, {"search": "u01234"}):
            text = plan(store, **filters)
            assert "Seq Scan on certificates" not in text, (filters, text)
            assert "Seq Scan on people" not in text, (filters, text)
            assert "Index" in text, (filters, text)
        by_id = plan(store, search="SK-0001")
        assert "Seq Scan on certificates" not in by_id, by_id
    finally:
        store.close()
