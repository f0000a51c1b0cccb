"""The learner OS user's raw SQL client, seen from the tests: runs sql_client.py under runuser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CLIENT = Path(__file__).with_name("sql_client.py")


@dataclass(frozen=True)
class OsLearner:
    """The second OS user and the Python it can run psycopg with."""

    name: str
    python: str
    pythonpath: str


def python_for(user: str, pythonpath: str) -> str | None:
    """An interpreter `user` may run that imports this venv's psycopg (same minor version)."""
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        sys.executable,
        getattr(sys, "_base_executable", ""),
        f"/usr/bin/{minor}",
        f"/usr/local/bin/{minor}",
        "/usr/bin/python3",
    ]
    env = {**os.environ, "PYTHONPATH": pythonpath}
    for candidate in dict.fromkeys(c for c in candidates if c and os.path.exists(c)):
        probe = subprocess.run(
            ["runuser", "-u", user, "--", candidate, "-c", "import psycopg"],
            env=env,
            capture_output=True,
            cwd="/",
        )
        if probe.returncode == 0:
            return candidate
    return None


class RawSession:
    """A live psycopg connection opened by sql_client.py running as the learner OS user."""

    def __init__(self, learner: OsLearner, dsn: str, env: dict[str, str]) -> None:
        environment = {**os.environ, "PYTHONPATH": learner.pythonpath}
        for key in ("PGUSER", "PGHOST", "PGDATABASE", "PGPORT"):
            environment.pop(key, None)
        overrides = [f"{k}={v}" for k, v in env.items()]
        self.proc = subprocess.Popen(
            ["runuser", "-u", learner.name, "--", "env", *overrides, learner.python, str(CLIENT)]
            + [dsn],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
            cwd="/",
        )
        self.hello = self._read()
        self.connected: bool = self.hello["connected"]
        self.session_user: str | None = self.hello.get("session_user")

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"sql_client.py ended (exit {self.proc.wait()})")
        return json.loads(line)

    def sql(self, sql: str, *params) -> dict:
        """Run one statement; the reply has ok, rows/columns or sqlstate/error."""
        self.proc.stdin.write(json.dumps({"sql": sql, "params": list(params)}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
