"""A generated registry for the tests at scale: the same rows for both backends, and the
real `somekoulutus certs list --format csv` in a child process with its peak memory."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

NOW = "2026-06-01T00:00:00+00:00"
PEOPLE_COLUMNS = "login, name, email, unit, role, created_at, updated_at"
CERT_COLUMNS = (
    "id, login, definition_id, payload, signature, key_id, pdf_path, issued_at, expires_at, "
    "issued_by, revoked_at, revoked_by, revoke_reason, superseded_by"
)
# Names a spreadsheet or the csv module must be careful with, now and then.
ODD_NAMES = ('Öljynen, "Ö"', "=SUMMA(A1)", "-Viiva", "Rivi\nvaihto", "Ohjaus\x1b[31m")


def people(count: int) -> Iterator[tuple[str, ...]]:
    for p in range(count):
        odd = ODD_NAMES[p // 7 % len(ODD_NAMES)] if p % 7 == 0 else ""
        yield (
            f"u{p:06d}",
            f"Henkilö{p:06d} Öljynen{odd}",
            f"u{p}@x.fi",
            f"Yksikkö {p % 9}",
            "tyontekija",
            NOW,
            NOW,
        )


def certificates(count: int, people_count: int) -> Iterator[tuple[str | None, ...]]:
    """Valid, expiring, expired, revoked and superseded ones, issued in row order; a
    superseded certificate points at one inserted before it (foreign keys hold at once)."""
    for i in range(count):
        revoked = i % 13 == 5
        yield (
            f"SK-{i:08d}",
            f"u{i % people_count:06d}",
            ("perus", "lisa")[i % 2],
            "{}",
            "",
            "k",
            f"/srv/somekoulutus/certificates/SK-{i:08d}.pdf" + "x" * 200,
            f"2026-0{1 + i * 5 // count}-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
            ("2026-02-01", "2027-01-01", "2026-06-15")[i % 3] + "T00:00:00+00:00",
            "viestinta" if i % 11 == 0 else None,
            NOW if revoked else None,
            "viestinta" if revoked else None,
            'Väärä tunnus, "tarkistettu"' if revoked else None,
            f"SK-{i - 2:08d}" if i % 17 == 3 and i >= 2 else None,
        )


def fill_sqlite(conn, certificate_count: int, people_count: int) -> None:
    """Insert the rows into an embedded registry's connection."""
    with conn:
        conn.executemany(
            f"INSERT INTO people ({PEOPLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            people(people_count),
        )
        conn.executemany(
            f"INSERT INTO certificates ({CERT_COLUMNS}) VALUES ({', '.join('?' * 14)})",
            certificates(certificate_count, people_count),
        )


def fill_pg(raw, certificate_count: int, people_count: int) -> None:
    """The same rows into an organisation registry, as its owner (psycopg connection)."""
    with raw.cursor() as cur:
        with cur.copy(f"COPY somekoulutus.people ({PEOPLE_COLUMNS}) FROM STDIN") as copy:
            for row in people(people_count):
                copy.write_row(row)
        with cur.copy(f"COPY somekoulutus.certificates ({CERT_COLUMNS}) FROM STDIN") as copy:
            for row in certificates(certificate_count, people_count):
                copy.write_row(row)
    raw.execute("ANALYZE somekoulutus.people")
    raw.execute("ANALYZE somekoulutus.certificates")


# The console command in this process, then its exit code and peak memory (VmHWM: the
# child's own, unlike getrusage's ru_maxrss, which keeps the parent's across fork and exec).
_CHILD = r"""
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


def export_peak_kb(args: list[str], out: Path, env: dict[str, str] | None = None) -> int:
    """Run `somekoulutus ARGS certs list --format csv` with stdout to `out`; its peak RSS."""
    with open(out, "wb") as fh:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, *args, "certs", "list", "--format", "csv"],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    code, peak = (int(x) for x in child.stderr.split()[-2:])
    assert code == 0, child.stderr
    return peak
