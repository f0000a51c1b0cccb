"""A real, throwaway PostgreSQL server for the registry tests, and a learner OS user.

The server runs from the machine's PostgreSQL binaries in a temporary folder on a Unix socket
(see somekoulutus.store.postgres.cluster); as root it runs as the `postgres` OS user. Without
the binaries the tests skip with one line saying how to install them; with
SOMEKOULUTUS_REQUIRE_PG=1 (set by .ci/run) they fail instead, so CI cannot pass without them.

The attacker tests need a second OS user, `sklearner`, created here when the tests run as root.
Its SQL client (sql_client.py) runs under `runuser -u sklearner`, so PostgreSQL's peer
authentication takes its identity from the OS, never from the environment.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from somekoulutus.store.postgres.cluster import (
    INSTALL_HINT,
    Cluster,
    ClusterError,
    current_os_user,
    ensure_os_user,
    find_bindir,
)

try:
    import psycopg
except ImportError:  # an old venv: the fixture says what to do instead of a collection error
    psycopg = None

REQUIRE = os.environ.get("SOMEKOULUTUS_REQUIRE_PG") == "1"
LEARNER_OS_USER = "sklearner"
OWNER = "skowner"
TEMPLATE_DB = "sk_template"
CLIENT = Path(__file__).with_name("sql_client.py")


def unavailable(reason: str) -> None:
    """Skip, or fail when PostgreSQL tests are required (CI)."""
    if REQUIRE:
        pytest.fail(f"{reason} (SOMEKOULUTUS_REQUIRE_PG=1: the PostgreSQL tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's PostgreSQL server."""
    if psycopg is None:
        unavailable("psycopg is not installed: pip install -e '.[test]'")
    bindir = find_bindir()
    if bindir is None:
        unavailable(INSTALL_HINT)
    cluster = Cluster(bindir)
    try:
        cluster.start()
    except ClusterError as exc:
        cluster.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL server: {exc}")
    try:
        with psycopg.connect(cluster.superuser_dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE")
            conn.execute(f"CREATE DATABASE {TEMPLATE_DB} OWNER {OWNER}")
        yield cluster
    finally:
        cluster.stop()


@dataclass
class Registry:
    """One database of the test server. `dsn(user)` connects as that role (peer, mapped)."""

    cluster: Cluster
    dbname: str
    owner: str = OWNER
    _conns: list[psycopg.Connection] = field(default_factory=list)

    def dsn(self, user: str | None = None) -> str:
        if user is not None:
            self.cluster.allow(current_os_user(), user)
        return self.cluster.dsn(user, self.dbname)

    def connect(self, user: str | None = None, autocommit: bool = True) -> psycopg.Connection:
        """A connection as `user` (the owner when None), closed after the test."""
        conn = psycopg.connect(self.dsn(user or self.owner), autocommit=autocommit)
        self._conns.append(conn)
        return conn

    def close(self) -> None:
        for conn in self._conns:
            conn.close()


_db_numbers = itertools.count(1)
EMPTY_DB = TEMPLATE_DB
READY_DB = "sk_ready"
#: Roles enrolled in the ready registry: learners, and an admin.
LEARNERS = (LEARNER_OS_USER, "maija", "pekka")
ADMINS = ("admin1",)


def _copy_database(cluster: Cluster, template: str) -> Iterator[Registry]:
    name = f"sk_test_{next(_db_numbers)}"
    with psycopg.connect(cluster.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template} OWNER {OWNER}")
    registry = Registry(cluster, name)
    try:
        yield registry
    finally:
        registry.close()
        with psycopg.connect(cluster.superuser_dsn(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def pg_empty(pg_cluster: Cluster) -> Iterator[Registry]:
    """A fresh, empty database (no `db init` yet) owned by the registry owner."""
    yield from _copy_database(pg_cluster, EMPTY_DB)


@pytest.fixture(scope="session")
def pg_ready_template(pg_cluster: Cluster) -> str:
    """A database after `db init`, with LEARNERS and ADMINS enrolled: the template of tests."""
    from somekoulutus.store.postgres import setup

    with psycopg.connect(pg_cluster.superuser_dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {READY_DB} OWNER {OWNER}")
    registry = Registry(pg_cluster, READY_DB)
    with registry.connect() as conn:
        setup.init(conn)
        setup.enrol(conn, LEARNERS)
        setup.enrol(conn, ADMINS, admin=True)
    return READY_DB


@pytest.fixture
def pg_registry(pg_cluster: Cluster, pg_ready_template: str) -> Iterator[Registry]:
    """A fresh registry for one test: initialised, LEARNERS and ADMINS enrolled."""
    yield from _copy_database(pg_cluster, pg_ready_template)


# -- the learner OS user and its raw client ----------------------------------------------------


@dataclass(frozen=True)
class OsLearner:
    """The second OS user and the Python it can run psycopg with."""

    name: str
    python: str
    pythonpath: str


def _python_for(user: str, pythonpath: str) -> str | None:
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


@pytest.fixture(scope="session")
def os_learner(pg_cluster: Cluster) -> OsLearner:
    """The OS account `sklearner`, created when the tests run as root."""
    if os.geteuid() != 0:
        unavailable("the attacker tests create a second OS user and need to run as root")
    if not ensure_os_user(LEARNER_OS_USER):
        unavailable(f"could not create the OS user {LEARNER_OS_USER}")
    pythonpath = str(Path(psycopg.__file__).parent.parent)
    python = _python_for(LEARNER_OS_USER, pythonpath)
    if python is None:
        pytest.fail(
            f"no Python {sys.version_info.major}.{sys.version_info.minor} that the OS user "
            f"{LEARNER_OS_USER} may run with psycopg from {pythonpath}"
        )
    return OsLearner(LEARNER_OS_USER, python, pythonpath)


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


@pytest.fixture
def raw_learner(pg_registry: Registry, os_learner: OsLearner):
    """Open raw sessions as the learner OS user: raw_learner(env={...}) -> RawSession."""
    sessions: list[RawSession] = []

    def open_session(env: dict[str, str] | None = None) -> RawSession:
        session = RawSession(
            os_learner, pg_registry.cluster.dsn(None, pg_registry.dbname), env or {}
        )
        sessions.append(session)
        return session

    yield open_session
    for session in sessions:
        session.close()
