"""A raw SQL client run as another OS user: the attacker's own psycopg connection.

    python sql_client.py DSN

Connects once (libpq picks the role: PGUSER if set, else the OS user), prints one JSON line
{"connected": true, "session_user": ...} or {"connected": false, "error": ...}, then reads
JSON lines {"sql": ..., "params": [...]} from stdin and answers each with one JSON line:
{"ok": true, "columns": [...], "rows": [...]} or {"ok": false, "sqlstate": ..., "error": ...}.
Each statement runs in its own transaction (autocommit). Imports nothing from somekoulutus.
"""

from __future__ import annotations

import json
import sys

import psycopg


def _reply(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def main() -> int:
    try:
        conn = psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        _reply({"connected": False, "error": str(exc)})
        return 0
    user = conn.execute("SELECT session_user, current_user").fetchone()
    _reply({"connected": True, "session_user": user[0], "current_user": user[1]})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            cur = conn.execute(request["sql"], request.get("params") or None)
            columns = [c.name for c in cur.description] if cur.description else []
            rows = [list(r) for r in cur.fetchall()] if cur.description else []
            _reply({"ok": True, "columns": columns, "rows": rows})
        except psycopg.Error as exc:
            _reply({"ok": False, "sqlstate": exc.sqlstate, "error": str(exc).strip()})
    conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
