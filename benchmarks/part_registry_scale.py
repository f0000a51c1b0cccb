"""registry_scale: issue 17's registry.<backend>.* figures at --scale certificates (default
100,000 with --quick 20,000; 1,000,000 runs in a few minutes) and scale/5 people.

Rows go in with executemany in one transaction. Each of our calls is timed beside the same
question asked with raw SQL on the same file. The export runs in a child process (our
`certs list --format csv` path: the registry cursor into the streaming CSV writer, to
/dev/null) and reports its peak resident memory. PostgreSQL runs on a throwaway server (somekoulutus.store.postgres.cluster).
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import PartResult, Row, fmt_ms, interleaved_best

NOW = "2026-06-01T00:00:00+00:00"
HORIZON = "2026-07-01T00:00:00+00:00"
DEFINITIONS = ("perus", "sisallontuottaja", "paakayttaja")
TARGETS = {
    "lookup_ms": 2,
    "first_row_ms": 100,
    "export_s": 20,
    "export_peak_mb": 200,
    "search_ms": 50,
}
SURNAMES = (
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Saarinen",
    "Salminen",
    "Öljynen",
)
FIRST = ("Aino", "Eino", "Helmi", "Väinö", "Olli", "Matti", "Liisa", "Sanna", "Jussi", "Ääli")

EXPORT_CHILD = r"""
import sys
from pathlib import Path
from somekoulutus import certs
from somekoulutus.cli.admin_common import emit_stream
from somekoulutus.cli.certs import CSV_COLUMNS
from somekoulutus.store.sqlite_store import SqliteStore
store = SqliteStore(Path(sys.argv[1]))
n = 0
def rows():
    global n
    for item in certs.list_certificates(store, status="all"):
        n += 1
        yield item.as_dict()
emit_stream(rows(), CSV_COLUMNS, "csv")
sys.stdout.flush()
# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark into ru_maxrss across
# fork and exec, so a child of the big benchmark process would report the parent's size.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(n, peak, file=sys.stderr)
"""


def _fill(conn: sqlite3.Connection, n: int, rng: random.Random) -> list[str]:
    people = max(1, n // 5)
    with conn:
        conn.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?, 'tyontekija', ?, ?)",
            (
                (
                    f"h{i:07d}",
                    f"{FIRST[i % 10]} {SURNAMES[(i // 10) % 14]}{i}",
                    f"h{i}@x.fi",
                    f"Yksikkö {i % 40}",
                    NOW,
                    NOW,
                )
                for i in range(people)
            ),
        )
        ids = [f"SK-{i:04X}-{rng.getrandbits(16):04X}-{i % 10}" for i in range(n)]
        conn.executemany(
            """INSERT INTO certificates (id, login, definition_id, payload, signature, key_id,
                                         pdf_path, issued_at, expires_at, revoked_at)
               VALUES (?, ?, ?, '{}', 'sig', 'k1', '', ?, ?, ?)""",
            (
                (
                    ids[i],
                    f"h{i % people:07d}",
                    DEFINITIONS[i % 3],
                    f"202{4 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00",
                    f"202{6 + (i // 3) % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00",
                    NOW if i % 97 == 0 else None,
                )
                for i in range(n)
            ),
        )
    conn.execute("ANALYZE")
    return ids


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    from somekoulutus import certs, rights, settings
    from somekoulutus.store.sqlite_store import SqliteStore

    n = scale or (2_000 if smoke else 20_000 if quick else 100_000)
    runs = 1 if smoke else 3 if quick else 7
    rng = random.Random(17)
    rows: list[Row] = []
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        data = Path(tmp)
        store = SqliteStore(data)
        start = time.perf_counter()
        ids = _fill(store.conn(), n, rng)
        rows.append(
            Row(
                f"sqlite: {n:,} certificates, {n // 5:,} people generated",
                f"{time.perf_counter() - start:.1f} s",
            )
        )
        raw = sqlite3.connect(settings.db_path(data))
        sample = rng.sample(ids, 200)

        def first_row():
            items = certs.list_certificates(store, definition_id="perus", status="valid")
            try:
                return next(items)
            finally:
                items.close()

        def raw_first_row():
            return raw.execute(
                """SELECT c.*, p.name FROM certificates c LEFT JOIN people p ON p.login = c.login
                   WHERE c.definition_id = 'perus' AND c.revoked_at IS NULL
                     AND c.superseded_by IS NULL AND c.expires_at > ?
                   ORDER BY c.issued_at DESC, c.rowid DESC LIMIT 1""",
                (datetime.now(UTC).replace(microsecond=0).isoformat(),),
            ).fetchone()

        def search():
            return rights.certificate_holders(store, search="korh")

        def raw_search():
            return raw.execute(
                """SELECT c.id, p.name FROM people p JOIN certificates c ON c.login = p.login
                   WHERE p.name LIKE '%korh%' ORDER BY p.name, p.login LIMIT 501"""
            ).fetchall()

        t = interleaved_best(
            {
                "lookup": lambda: [certs.get_certificate(store, i) for i in sample],
                "raw_lookup": lambda: [
                    raw.execute("SELECT * FROM certificates WHERE id = ?", (i,)).fetchone()
                    for i in sample
                ],
                "first_row": first_row,
                "raw_first_row": raw_first_row,
                "search": search,
                "raw_search": raw_search,
            },
            runs,
        )
        _query_figures("sqlite", t, len(sample), figures, rows)
        export_s, peak_kb = _child_export(EXPORT_CHILD, str(data), n)
        start = time.perf_counter()
        with open("/dev/null", "w") as sink:
            for r in raw.execute(
                "SELECT * FROM certificates c LEFT JOIN people p ON p.login = c.login"
            ):
                sink.write(",".join(map(str, r)) + "\n")
        raw_export_s = time.perf_counter() - start
        figures["export_s"] = round(export_s, 2)
        figures["raw_export_s"] = round(raw_export_s, 2)
        figures["export_peak_mb"] = round(peak_kb / 1024, 1)
        rows.append(
            Row(
                "sqlite export csv (child process)",
                f"{export_s:.2f} s",
                f"{raw_export_s:.2f} s",
                f"{export_s / raw_export_s:.2f}",
                "<= 20 s",
                export_s <= 20,
            )
        )
        rows.append(
            Row(
                "sqlite export peak RSS",
                f"{peak_kb / 1024:.0f} MB",
                "",
                "",
                "<= 200 MB",
                peak_kb / 1024 <= 200,
            )
        )
        raw.close()
        store.close()
    pg_figures, pg_rows = run_pg(n, runs)
    rows += pg_rows
    figures = {f"sqlite.{k}": v for k, v in figures.items()}
    figures |= {f"postgresql.{k}": v for k, v in pg_figures.items()}
    null_because = {
        "registry.postgresql.audit_ms": "the rights audit is not measured on PostgreSQL yet "
        "(registry.sqlite.audit_ms comes from the registry part, SQLite at 100,000)"
    }
    if not pg_figures:
        null_because |= {
            f"registry.postgresql.{key}": "no PostgreSQL server binaries on this machine"
            for key in TARGETS
        }
    return PartResult(
        {"scale": n, **figures},
        rows,
        ["registry_scale: audit_ms at scale is not measured here (see the registry part)"],
        null_because,
    )


PG_EXPORT_CHILD = EXPORT_CHILD.replace(
    "from somekoulutus.store.sqlite_store import SqliteStore\nstore = SqliteStore(Path(sys.argv[1]))",
    "from somekoulutus.store.postgres.store import PgStore\nstore = PgStore(sys.argv[1])",
)


def run_pg(n: int, runs: int) -> tuple[dict[str, float], list[Row]]:
    """The same figures on a throwaway PostgreSQL server (COPY for the rows)."""
    import psycopg

    from somekoulutus import certs, rights
    from somekoulutus.store.postgres import setup
    from somekoulutus.store.postgres.cluster import Cluster, find_bindir
    from somekoulutus.store.postgres.store import PgStore

    bindir = find_bindir()
    if bindir is None:
        return {}, [Row("postgresql", "n/a (no PostgreSQL binaries)")]
    cluster = Cluster(bindir)
    cluster.start()
    rows: list[Row] = []
    figures: dict[str, float] = {}
    try:
        with psycopg.connect(cluster.superuser_dsn(), autocommit=True) as su:
            su.execute("CREATE ROLE skowner LOGIN CREATEROLE")
            su.execute("CREATE DATABASE skbench OWNER skowner")
        from somekoulutus.store.postgres.cluster import current_os_user

        cluster.allow(current_os_user(), "skowner")
        cluster.allow(current_os_user(), "benchadmin")
        owner = psycopg.connect(cluster.dsn("skowner", "skbench"), autocommit=True)
        setup.init(owner)
        setup.enrol(owner, ["benchadmin"], admin=True)
        owner.execute("SET search_path TO somekoulutus, public")
        rng = random.Random(17)
        people = max(1, n // 5)
        start = time.perf_counter()
        with owner.cursor() as cur:
            with cur.copy(
                "COPY people (login, name, email, unit, role, created_at, updated_at) FROM STDIN"
            ) as copy:
                for i in range(people):
                    copy.write_row(
                        (
                            f"h{i:07d}",
                            f"{FIRST[i % 10]} {SURNAMES[(i // 10) % 14]}{i}",
                            f"h{i}@x.fi",
                            f"Yksikkö {i % 40}",
                            "tyontekija",
                            NOW,
                            NOW,
                        )
                    )
            ids = [f"SK-{i:04X}-{rng.getrandbits(16):04X}-{i % 10}" for i in range(n)]
            with cur.copy(
                """COPY certificates (id, login, definition_id, payload, signature, key_id,
                                      issued_at, expires_at, revoked_at) FROM STDIN"""
            ) as copy:
                for i in range(n):
                    copy.write_row(
                        (
                            ids[i],
                            f"h{i % people:07d}",
                            DEFINITIONS[i % 3],
                            "{}",
                            "sig",
                            "k1",
                            f"202{4 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00",
                            f"202{6 + (i // 3) % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00",
                            NOW if i % 97 == 0 else None,
                        )
                    )
        owner.execute("ANALYZE")
        rows.append(
            Row(
                f"postgresql: {n:,} certificates generated (COPY)",
                f"{time.perf_counter() - start:.1f} s",
            )
        )
        dsn = cluster.dsn("benchadmin", "skbench")
        store = PgStore(dsn)
        sample = rng.sample(ids, 200)
        now = datetime.now(UTC).replace(microsecond=0).isoformat()

        def first_row():
            items = certs.list_certificates(store, definition_id="perus", status="valid")
            try:
                return next(items)
            finally:
                items.close()

        t = interleaved_best(
            {
                "lookup": lambda: [certs.get_certificate(store, i) for i in sample],
                "raw_lookup": lambda: [
                    owner.execute("SELECT * FROM certificates WHERE id = %s", (i,)).fetchone()
                    for i in sample
                ],
                "first_row": first_row,
                "raw_first_row": lambda: owner.execute(
                    """SELECT c.*, p.name FROM certificates c LEFT JOIN people p ON p.login = c.login
                       WHERE c.definition_id = 'perus' AND c.revoked_at IS NULL
                         AND c.superseded_by IS NULL AND c.expires_at > %s
                       ORDER BY c.issued_at DESC, c.rowid DESC LIMIT 1""",
                    (now,),
                ).fetchone(),
                "search": lambda: rights.certificate_holders(store, search="korh"),
                "raw_search": lambda: owner.execute(
                    """SELECT c.id, p.name FROM people p JOIN certificates c ON c.login = p.login
                       WHERE casefold(p.name) LIKE '%%korh%%' ORDER BY p.name, p.login LIMIT 501"""
                ).fetchall(),
            },
            runs,
        )
        _query_figures("postgresql", t, len(sample), figures, rows)
        export_s, peak_kb = _child_export(PG_EXPORT_CHILD, dsn, n)
        start = time.perf_counter()
        with open("/dev/null", "w") as sink, owner.cursor() as cur:
            with cur.copy(
                "COPY (SELECT * FROM certificates c LEFT JOIN people p ON p.login = c.login) "
                "TO STDOUT WITH (FORMAT csv)"
            ) as copy:
                for data in copy:
                    sink.write(bytes(data).decode())
        raw_export_s = time.perf_counter() - start
        figures["export_s"] = round(export_s, 2)
        figures["raw_export_s"] = round(raw_export_s, 2)
        figures["export_peak_mb"] = round(peak_kb / 1024, 1)
        rows.append(
            Row(
                "postgresql export csv (child process)",
                f"{export_s:.2f} s",
                f"{raw_export_s:.2f} s",
                f"{export_s / raw_export_s:.2f}",
                "<= 20 s",
                export_s <= 20,
            )
        )
        rows.append(
            Row(
                "postgresql export peak RSS",
                f"{peak_kb / 1024:.0f} MB",
                "",
                "",
                "<= 200 MB",
                peak_kb / 1024 <= 200,
            )
        )
        store.close()
        owner.close()
    finally:
        cluster.stop()
    return figures, rows


def _query_figures(
    backend: str, t: dict[str, float], samples: int, figures: dict, rows: list
) -> None:
    """Look-up, first row and search: ours beside raw SQL, into the figures and the table."""
    pairs = {
        "lookup_ms": (t["lookup"] / samples, t["raw_lookup"] / samples),
        "first_row_ms": (t["first_row"], t["raw_first_row"]),
        "search_ms": (t["search"], t["raw_search"]),
    }
    for key, (ours, base) in pairs.items():
        figures[key] = round(ours * 1000, 3)
        figures[f"raw_{key}"] = round(base * 1000, 3)
        rows.append(
            Row(
                f"{backend} {key[:-3]}",
                fmt_ms(ours),
                fmt_ms(base),
                f"{ours / base:.2f}",
                f"<= {TARGETS[key]} ms",
                ours * 1000 <= TARGETS[key],
            )
        )


def _child_export(script: str, arg: str, expected: int) -> tuple[float, int]:
    """(seconds, peak RSS in KB) of the CSV export run in a child process."""
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", script, arg],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    exported, peak_kb = (int(x) for x in child.stderr.split()[-2:])
    assert exported == expected, (exported, expected)
    return seconds, peak_kb
