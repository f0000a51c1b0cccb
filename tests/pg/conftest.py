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
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from somekoulutus.store.postgres.cluster import (
    INSTALL_HINT,
    Cluster,
    ClusterError,
    current_os_user,
    ensure_os_user,
    find_bindir,
)
from tests.pg.rawclient import OsLearner, RawSession, python_for

try:
    import psycopg
except ImportError:  # an old venv: the fixture says what to do instead of a collection error
    psycopg = None

REQUIRE = os.environ.get("SOMEKOULUTUS_REQUIRE_PG") == "1"
LEARNER_OS_USER = "sklearner"
OWNER = "skowner"
TEMPLATE_DB = "sk_template"


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
    _shared: dict[str, psycopg.Connection] = field(default_factory=dict)

    def dsn(self, user: str | None = None) -> str:
        if user is not None:
            self.cluster.allow(current_os_user(), user)
        return self.cluster.dsn(user, self.dbname)

    def connect(self, user: str | None = None, autocommit: bool = True) -> psycopg.Connection:
        """A connection as `user` (the owner when None), closed after the test."""
        conn = psycopg.connect(self.dsn(user or self.owner), autocommit=autocommit)
        self._conns.append(conn)
        return conn

    def shared(self, user: str | None = None) -> psycopg.Connection:
        """One connection per user for the whole test (for many calls, e.g. hypothesis)."""
        key = user or self.owner
        if key not in self._shared or self._shared[key].closed:
            self._shared[key] = self.connect(key)
        return self._shared[key]

    def close(self) -> None:
        for conn in self._conns:
            conn.close()


_db_numbers = itertools.count(1)
EMPTY_DB = TEMPLATE_DB
READY_DB = "sk_ready"
#: Roles enrolled in the ready registry: learners, and an admin.
LEARNERS = (LEARNER_OS_USER, "maija", "pekka")
ADMINS = ("admin1", "admin2")
ISSUERS = ("skissuer",)


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
            _reset_memberships(conn)


def _reset_memberships(conn: psycopg.Connection) -> None:
    """Roles are the cluster's, not a database's: undo what a test changed in them."""
    rows = conn.execute(
        """SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
           WHERE m.roleid = to_regrole('somekoulutus_admin') AND r.rolcanlogin"""
    ).fetchall()
    for (login,) in rows:
        if login not in ADMINS:
            conn.execute(f'REVOKE somekoulutus_admin FROM "{login}"')
    if rows or conn.execute("SELECT to_regrole('somekoulutus_admin')").fetchone()[0]:
        for login in ADMINS:
            if conn.execute("SELECT to_regrole(%s)", (login,)).fetchone()[0]:
                conn.execute(f'GRANT somekoulutus_admin TO "{login}"')


@pytest.fixture
def pg_empty(pg_cluster: Cluster) -> Iterator[Registry]:
    """A fresh, empty database (no `db init` yet) owned by the registry owner."""
    yield from _copy_database(pg_cluster, EMPTY_DB)


# A small published course: topic A is critical (every A question right), B is not; s1 and s2
# are the two steps of scenario g. Answer keys: question -> (topic, group, correct, options).
COURSE = "testikurssi"
DEFINITION = "testitodistus"
KEYS = {
    "a1": ("A", None, [0], 3),
    "a2": ("A", None, [1], 3),
    "b1": ("B", None, [0, 2], 3),
    "b2": ("B", None, [1], 2),
    "s1": ("B", "g", [0], 2),
    "s2": ("B", "g", [1], 2),
}
DRAWS = {
    "seed-1": ["a1", "b1", "s1", "s2", "b2"],
    "seed-2": ["a2", "b2", "b1", "s1", "s2"],
    "seed-3": ["a1", "a2", "b1", "s1", "s2"],
}
BLUEPRINT = [
    {"topic": "A", "min": 1, "max": None, "pass_share": 1.0},
    {"topic": "B", "min": 1, "max": None, "pass_share": None},
]
POLICY = {"attempts": 3, "wait_hours": 24}


def publish_fixture_course(conn: psycopg.Connection) -> None:
    """Publish COURSE and DEFINITION into a registry (as its owner)."""
    conn.execute(
        """INSERT INTO somekoulutus.published_courses
           (course_id, version, content_hash, pass_mark, blueprint, published_at)
           VALUES (%s, 1, 'hash-1', 0.6, %s, somekoulutus.now_iso())""",
        (COURSE, json.dumps(BLUEPRINT)),
    )
    for qid, (topic, group, correct, options) in KEYS.items():
        conn.execute(
            """INSERT INTO somekoulutus.question_keys VALUES (%s, 1, %s, %s, %s, %s, %s, %s)""",
            (
                COURSE,
                qid,
                topic,
                group,
                correct,
                [f"palaute {qid}/{i}" for i in range(options)],
                f"perustelu {qid}",
            ),
        )
    for seed, plan in DRAWS.items():
        plan_json = json.dumps([{"question": q, "order": list(range(KEYS[q][3]))} for q in plan])
        conn.execute(
            "INSERT INTO somekoulutus.published_draws VALUES (%s, 1, %s, %s, %s)",
            (COURSE, seed, plan, plan_json),
        )
    conn.execute(
        """INSERT INTO somekoulutus.published_definitions
           VALUES (%s, 'hash-d', %s, %s, %s, somekoulutus.now_iso())""",
        (
            DEFINITION,
            [COURSE],
            json.dumps(POLICY),
            json.dumps({"grants": ["sisallontuottaja"], "validity_months": 24}),
        ),
    )


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
        for issuer in ISSUERS:
            conn.execute(f"CREATE ROLE {issuer} LOGIN IN ROLE somekoulutus_issuer")
        publish_fixture_course(conn)
    return READY_DB


@pytest.fixture
def pg_registry(pg_cluster: Cluster, pg_ready_template: str) -> Iterator[Registry]:
    """A fresh registry for one test: initialised, people enrolled, COURSE published."""
    yield from _copy_database(pg_cluster, pg_ready_template)


# -- the learner OS user and its raw client ----------------------------------------------------


@pytest.fixture(scope="session")
def os_learner(pg_cluster: Cluster) -> OsLearner:
    """The OS account `sklearner`, created when the tests run as root."""
    if os.geteuid() != 0:
        unavailable("the attacker tests create a second OS user and need to run as root")
    if not ensure_os_user(LEARNER_OS_USER):
        unavailable(f"could not create the OS user {LEARNER_OS_USER}")
    pythonpath = str(Path(psycopg.__file__).parent.parent)
    python = python_for(LEARNER_OS_USER, pythonpath)
    if python is None:
        pytest.fail(
            f"no Python {sys.version_info.major}.{sys.version_info.minor} that the OS user "
            f"{LEARNER_OS_USER} may run with psycopg from {pythonpath}"
        )
    return OsLearner(LEARNER_OS_USER, python, pythonpath)


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


# -- the fixture course, for the exam tests ------------------------------------------------


class Exam:
    """The fixture course and the learner calls, on psycopg connections."""

    course = COURSE
    definition = DEFINITION
    keys = KEYS
    draws = DRAWS
    right = {q: key[2] for q, key in KEYS.items()}
    wrong = {q: [(key[2][0] + 1) % key[3]] for q, key in KEYS.items()}

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def learner(self, login: str = "maija") -> psycopg.Connection:
        """A connection as `login` whose profile is saved."""
        conn = self.registry.connect(login)
        conn.execute(
            "SELECT somekoulutus.save_profile(%s, %s, 'Viestintä', 'tyontekija')",
            (f"{login.title()} Testaaja", f"{login}@example.fi"),
        )
        return conn

    def start(self, conn) -> tuple[int, str, list[str]]:
        return conn.execute("SELECT * FROM somekoulutus.start_attempt(%s)", (COURSE,)).fetchone()

    def answer(self, conn, attempt_id: int, question: str, choices: list[int]):
        return conn.execute(
            "SELECT * FROM somekoulutus.answer(%s, %s, %s)", (attempt_id, question, choices)
        ).fetchone()

    def finish(self, conn, attempt_id: int):
        return conn.execute(
            "SELECT * FROM somekoulutus.finish_attempt(%s)", (attempt_id,)
        ).fetchone()

    def take(self, conn, answers: dict[str, list[int]]) -> tuple[int, tuple]:
        """Start, answer every planned question from `answers`, finish."""
        attempt_id, _seed, plan = self.start(conn)
        for question in plan:
            self.answer(conn, attempt_id, question, answers[question])
        return attempt_id, self.finish(conn, attempt_id)

    def issue(self, conn, login: str) -> str:
        """Pass the course as `login` and store a certificate as the issuer; its id."""
        attempt_id, (passed, _score) = self.take(conn, self.right)
        assert passed
        issuer = self.registry.connect(ISSUERS[0])
        issuer.execute(
            "SELECT somekoulutus.register_issuer_key('k1', "
            "'-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n')"
        )
        cert_id = f"SK-TEST-{attempt_id}"
        status = issuer.execute(
            """SELECT somekoulutus.store_certificate(%s, %s, %s, %s, '{}', 'sig', 'k1',
                   somekoulutus.now_iso(), '2099-01-01T00:00:00+00:00', NULL)""",
            ([attempt_id], cert_id, login, DEFINITION),
        ).fetchone()[0]
        assert status == "ok", status
        return cert_id


@pytest.fixture
def exam(pg_registry: Registry) -> Exam:
    """The fixture course's calls on a fresh registry."""
    return Exam(pg_registry)


# -- the program's own store on the registry (tests/pg/test_store_flow.py and friends) -------

FIXTURES = Path(__file__).resolve().parents[1] / "certs" / "fixtures"


@pytest.fixture(scope="module")
def content() -> Any:
    """Two tiny courses (perus, lisa) and their certificate definitions."""
    from somekoulutus.content import load_content

    return load_content(FIXTURES / "courses", FIXTURES / "certificates")


@pytest.fixture
def registry(pg_registry: Registry, content: Any) -> Registry:
    """The test registry with the tiny content published by its owner."""
    from somekoulutus import quiz
    from somekoulutus.store.postgres import publish

    publish.publish_content(pg_registry.connect(), content, quiz.publish_drawer, draws=20)
    return pg_registry


def store_as(registry: Registry, role: str) -> Any:
    """The program's own store, connected as `role`."""
    from somekoulutus.store.postgres.store import PgStore

    return PgStore(registry.dsn(role))


def pass_course(store: Any, content: Any, login: str, course_id: str) -> int:
    """Read every lesson and answer every drawn question right, through the domain."""
    import random

    from somekoulutus import progress

    course = content.courses[course_id]
    for lesson in course.lessons:
        store.mark_read(login, course.id, lesson.id)
    attempt = progress.attempt_for(store, login, course, random.Random(7))
    for position, planned in enumerate(attempt.plan):
        question = course.quiz.question(planned.question_id)
        attempt, _ = progress.answer(
            store, course, attempt, position, sorted(question.correct_indexes)
        )
    result = progress.finish(store, course, attempt)
    assert result.passed
    return attempt.id
