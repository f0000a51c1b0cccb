"""registry_scale: issue 17's registry.<backend>.* figures at --scale certificates (default
100,000, with --quick 20,000, --smoke 2,000; 1,000,000 runs in several minutes) on both
backends.

The same generated registry (gen_registry.scale_*: scale/5 people, superseded and revoked
certificates, real-sized payloads, 300 accounts and rights of every tenth person) goes into
a SQLite file (executemany in one transaction) and a throwaway PostgreSQL server (COPY).
Each of our calls is timed beside the same question asked in raw SQL on the same database,
interleaved, medians of 7 runs (5 with --quick).

The export is the real command, `somekoulutus certs list --format csv` (click, the admin
check, the visible-text stdout), run in a child process writing to a file; the child reports
its peak resident memory from /proc/self/status (VmHWM: getrusage's ru_maxrss would carry
this benchmark's own high-water mark across fork and exec). The same command asking for no
rows gives the baseline: the memory of the program itself. The two backends' exports must be
byte for byte the same.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from common import PartResult, Row, fmt_ms, interleaved_median
from gen_registry import (
    SCALE_CERT_COLUMNS,
    SCALE_NOW,
    _t,
    scale_certificates,
    scale_channels,
    scale_id,
    scale_people,
    scale_rights,
)

TARGETS = {
    "lookup_ms": 2,
    "first_row_ms": 100,
    "search_ms": 50,
    "audit_ms": 500,
    "export_s": 20,
    "export_peak_mb": 200,
}
SEARCH = "korh"  # one keystroke of a holder search (matches one surname in fourteen)
DEFINITION = "sisallontuottaja"

# The real console command in this process, then its peak memory and exit code on stderr.
EXPORT_CHILD = r"""
import sys
from somekoulutus.cli import main
code = 0
try:
    main(sys.argv[1:], prog_name="somekoulutus")
except SystemExit as exc:
    code = exc.code or 0
sys.stdout.flush()
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(code, peak, file=sys.stderr)
"""

RAW_FIRST_ROW = """SELECT c.*, p.name FROM certificates c LEFT JOIN people p ON p.login = c.login
                   WHERE c.definition_id = ? AND c.revoked_at IS NULL
                     AND c.superseded_by IS NULL AND c.expires_at > ?
                   ORDER BY c.issued_at DESC, c.rowid DESC LIMIT 1"""
RAW_TROUBLE = """SELECT r.login, p.name, r.channel_id, r.role, r.certificate_id, c.expires_at,
                        c.revoked_at, c.revoke_reason, c.superseded_by
                 FROM rights r JOIN certificates c ON c.id = r.certificate_id
                 LEFT JOIN people p ON p.login = r.login
                 WHERE r.withdrawn_at IS NULL
                   AND (c.revoked_at IS NOT NULL OR c.superseded_by IS NOT NULL
                        OR c.expires_at <= ?)"""
RAW_COUNTS = """SELECT channel_id, COUNT(*), SUM(CASE WHEN role = 'paakayttaja' THEN 1 ELSE 0 END)
                FROM rights WHERE withdrawn_at IS NULL GROUP BY channel_id"""
RAW_CHANNELS = "SELECT id, contact_login FROM channels"
RAW_EXPORT = """SELECT c.id, c.login, p.name, p.email, p.unit, c.definition_id, c.issued_at,
                       c.expires_at, c.revoked_at, c.revoke_reason, c.superseded_by,
                       c.issued_by, c.pdf_path
                FROM certificates c LEFT JOIN people p ON p.login = c.login
                ORDER BY c.issued_at DESC, c.rowid DESC"""


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    from somekoulutus import settings
    from somekoulutus.content import load_content

    n = scale or (2_000 if smoke else 20_000 if quick else 100_000)
    runs = 1 if smoke else 5 if quick else 7
    content = load_content(*settings.content_dirs(None))
    ids = [scale_id(i) for i in range(n)]
    sample = [ids[(i * 7919) % n] for i in range(200)]
    rows: list[Row] = []
    figures: dict[str, float] = {}
    digests: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for backend in ("sqlite", "postgresql"):
            runner = _sqlite if backend == "sqlite" else _postgresql
            result = runner(Path(tmp), n, ids, sample, content, runs)
            if result is None:
                rows.append(Row(f"{backend}", "n/a (no PostgreSQL binaries)"))
                continue
            backend_figures, backend_rows, digests[backend] = result
            figures |= {f"{backend}.{k}": v for k, v in backend_figures.items()}
            rows += backend_rows
    notes = []
    null_because = {}
    if "postgresql" not in digests:
        null_because = {
            f"registry.postgresql.{key}": "no PostgreSQL server binaries on this machine"
            for key in TARGETS
        }
    if len(set(digests.values())) > 1:
        notes.append(f"registry_scale: the exports differ between backends: {digests}")
    elif len(digests) == 2:
        rows.append(Row("exports of both backends byte for byte equal", "yes"))
    return PartResult({"scale": n, **figures}, rows, notes, null_because)


# --- the two backends --------------------------------------------------------------------


def _sqlite(tmp: Path, n: int, ids: list[str], sample: list[str], content, runs: int):
    from somekoulutus import settings
    from somekoulutus.store.sqlite_store import SqliteStore

    data = tmp / "sqlite"
    data.mkdir(mode=0o700)
    settings.save_config(data, {"admins": [getpass.getuser()]})
    store = SqliteStore(data)
    start = time.perf_counter()
    raw = sqlite3.connect(settings.db_path(data))  # foreign keys off: rows refer forward
    with raw:
        raw.executemany("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?)", scale_people(n // 5))
        raw.executemany(
            f"INSERT INTO certificates ({', '.join(SCALE_CERT_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(SCALE_CERT_COLUMNS))})",
            scale_certificates(n, ids),
        )
        raw.executemany("INSERT INTO channels VALUES (?, ?, ?, ?, ?, ?, ?)", scale_channels())
        raw.executemany(
            """INSERT INTO rights (login, channel_id, role, certificate_id, granted_at,
                 granted_by, withdrawn_at, withdrawn_by, withdraw_reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            scale_rights(n, ids),
        )
    raw.execute("ANALYZE")
    made = time.perf_counter() - start
    figures, rows = _measure("sqlite", store, raw.execute, "?", sample, content, runs)
    rows.insert(0, Row(f"sqlite: {n:,} certificates, {n // 5:,} people", f"{made:.0f} s made"))
    store.close()
    export = _export("sqlite", ["--data-dir", str(data)], tmp, n, raw.execute, "?", figures, rows)
    raw.close()
    return figures, rows, export


def _postgresql(tmp: Path, n: int, ids: list[str], sample: list[str], content, runs: int):
    import psycopg

    from somekoulutus.store.postgres import setup
    from somekoulutus.store.postgres.cluster import Cluster, current_os_user, find_bindir
    from somekoulutus.store.postgres.store import PgStore

    bindir = find_bindir()
    if bindir is None:
        return None
    cluster = Cluster(bindir)
    cluster.start()
    try:
        with psycopg.connect(cluster.superuser_dsn(), autocommit=True) as su:
            su.execute("CREATE ROLE skowner LOGIN CREATEROLE")
            su.execute("CREATE DATABASE skbench OWNER skowner")
        cluster.allow(current_os_user(), "skowner")
        cluster.allow(current_os_user(), "benchadmin")
        owner = psycopg.connect(cluster.dsn("skowner", "skbench"), autocommit=True)
        setup.init(owner)
        setup.enrol(owner, ["benchadmin"], admin=True)
        owner.execute("SET search_path TO somekoulutus, public")
        start = time.perf_counter()
        with owner.cursor() as cur:
            copies = {
                "people (login, name, email, unit, role, created_at, updated_at)": (
                    scale_people(n // 5)
                ),
                f"certificates ({', '.join(SCALE_CERT_COLUMNS)})": scale_certificates(n, ids),
                "channels (id, platform, url, unit, contact_login, registered_at, "
                "registered_by)": scale_channels(),
                "rights (login, channel_id, role, certificate_id, granted_at, granted_by, "
                "withdrawn_at, withdrawn_by, withdraw_reason)": scale_rights(n, ids),
            }
            for table, source in copies.items():
                with cur.copy(f"COPY {table} FROM STDIN") as copy:
                    for record in source:
                        copy.write_row(record)
        owner.execute("VACUUM ANALYZE")
        made = time.perf_counter() - start
        dsn = cluster.dsn("benchadmin", "skbench")
        store = PgStore(dsn)

        def raw_execute(sql: str, args=()):
            return owner.execute(sql.replace("?", "%s"), args)

        figures, rows = _measure("postgresql", store, raw_execute, "%s", sample, content, runs)
        rows.insert(
            0, Row(f"postgresql: {n:,} certificates, {n // 5:,} people", f"{made:.0f} s made")
        )
        store.close()
        data = tmp / "pg-data"
        data.mkdir(mode=0o700)
        export = _export(
            "postgresql",
            ["--data-dir", str(data), "--database", dsn],
            tmp,
            n,
            raw_execute,
            "%s",
            figures,
            rows,
        )
        owner.close()
    finally:
        cluster.stop()
    return figures, rows, export


# --- the figures -------------------------------------------------------------------------


def _measure(backend, store, raw_execute, mark, sample, content, runs):
    """Look-up, first row, search and audit: ours beside raw SQL."""
    from somekoulutus import certs, rights, rights_audit

    now = SCALE_NOW + timedelta(days=180)  # some certificates expired, some expiring
    now_text = _t(now)
    horizon = _t(now + timedelta(days=30))

    def first_row():
        items = certs.list_certificates(store, definition_id=DEFINITION, status="valid", now=now)
        try:
            return next(items)
        finally:
            items.close()

    def raw_audit():
        trouble = raw_execute(RAW_TROUBLE, (horizon,)).fetchall()
        counts = raw_execute(RAW_COUNTS).fetchall()
        channels = raw_execute(RAW_CHANNELS).fetchall()
        return len(trouble) + len(counts) + len(channels)

    like = "instr(lower(p.name), ?) > 0" if mark == "?" else "strpos(lower(p.name), %s) > 0"
    raw_search_sql = f"""SELECT c.id, p.name FROM people p JOIN certificates c ON c.login = p.login
                         WHERE {like} ORDER BY p.name, p.login LIMIT 501"""
    t = interleaved_median(
        {
            "lookup": lambda: [certs.get_certificate(store, i) for i in sample],
            "raw_lookup": lambda: [
                raw_execute("SELECT * FROM certificates WHERE id = ?", (i,)).fetchone()
                for i in sample
            ],
            "first_row": first_row,
            "raw_first_row": lambda: raw_execute(RAW_FIRST_ROW, (DEFINITION, now_text)).fetchone(),
            "search": lambda: rights.certificate_holders(store, search=SEARCH, now=now),
            "raw_search": lambda: raw_execute(raw_search_sql, (SEARCH,)).fetchall(),
            "audit": lambda: rights_audit.audit(store, content, now=now),
            "raw_audit": raw_audit,
        },
        runs,
    )
    findings = len(rights_audit.audit(store, content, now=now))
    active = raw_execute("SELECT COUNT(*) FROM rights WHERE withdrawn_at IS NULL").fetchone()[0]
    figures: dict[str, float] = {}
    rows: list[Row] = []
    pairs = {
        "lookup_ms": (t["lookup"] / len(sample), t["raw_lookup"] / len(sample), "look-up by id"),
        "first_row_ms": (t["first_row"], t["raw_first_row"], "first valid of a definition"),
        "search_ms": (t["search"], t["raw_search"], f"holder search '{SEARCH}'"),
        "audit_ms": (
            t["audit"],
            t["raw_audit"],
            f"rights audit ({active:,} active rights, {findings:,} findings)",
        ),
    }
    for key, (ours, base, label) in pairs.items():
        figures[key] = round(ours * 1000, 3)
        figures[f"raw_{key}"] = round(base * 1000, 3)
        rows.append(
            Row(
                f"{backend} {label}",
                fmt_ms(ours),
                fmt_ms(base),
                f"{ours / base:.2f}",
                f"<= {TARGETS[key]} ms",
                ours * 1000 <= TARGETS[key],
            )
        )
    return figures, rows


def _export(backend, args, tmp, n, raw_execute, mark, figures, rows) -> str:
    """The real `certs list --format csv` in a child; its time, peak memory and digest."""
    out = tmp / f"{backend}.csv"
    export_s, peak_kb = _child(args + ["certs", "list", "--format", "csv"], out)
    digest, lines = _digest(out)
    assert lines == n + 1, (backend, lines, n)
    out.unlink()
    _, idle_kb = _child(args + ["certs", "list", "--format", "csv", "--definition", "-"], out)
    out.unlink()
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        for r in raw_execute(RAW_EXPORT):
            sink.write(",".join("" if v is None else str(v) for v in r) + "\n")
    raw_s = time.perf_counter() - start
    figures |= {
        "export_s": round(export_s, 2),
        "raw_export_s": round(raw_s, 2),
        "export_peak_mb": round(peak_kb / 1024, 1),
        "export_idle_mb": round(idle_kb / 1024, 1),
    }
    rows.append(
        Row(
            f"{backend} certs list --format csv (child, to a file)",
            f"{export_s:.2f} s",
            f"{raw_s:.2f} s",
            f"{export_s / raw_s:.2f}",
            f"<= {TARGETS['export_s']} s",
            export_s <= TARGETS["export_s"],
        )
    )
    rows.append(
        Row(
            f"{backend} export peak RSS (same command, no rows)",
            f"{peak_kb / 1024:.0f} MB",
            f"{idle_kb / 1024:.0f} MB",
            f"{peak_kb / idle_kb:.2f}",
            f"<= {TARGETS['export_peak_mb']} MB",
            peak_kb / 1024 <= TARGETS["export_peak_mb"],
        )
    )
    return digest


def _child(args: list[str], out: Path) -> tuple[float, int]:
    """(seconds, peak RSS in KB) of the command run in a child process, stdout to `out`."""
    env = {**os.environ, "SOMEKOULUTUS_CACHE": "off"}
    env.pop("SOMEKOULUTUS_DATABASE", None)
    start = time.perf_counter()
    with open(out, "wb") as fh:
        child = subprocess.run(
            [sys.executable, "-c", EXPORT_CHILD, *args],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    seconds = time.perf_counter() - start
    code, peak_kb = (int(x) for x in child.stderr.split()[-2:])
    if code != 0:
        raise RuntimeError(f"certs list failed ({code}): {child.stderr[-2000:]}")
    return seconds, peak_kb


def _digest(path: Path) -> tuple[str, int]:
    sha = hashlib.sha256()
    lines = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            sha.update(chunk)
            lines += chunk.count(b"\n")
    return sha.hexdigest(), lines
