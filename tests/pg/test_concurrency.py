"""Many learners at once on one registry: every answer written, no lock error, audit complete."""

from __future__ import annotations

import threading

import psycopg

from somekoulutus.store.postgres import setup

LEARNERS = [f"rinn{n:02d}" for n in range(20)]
SESSIONS = 3  # connections per learner, answering in turn as separate processes would


def test_twenty_learners_and_an_admin_at_once(pg_registry, exam):
    owner = pg_registry.connect()
    setup.enrol(owner, LEARNERS)
    owner.execute("UPDATE somekoulutus.published_definitions SET policy = NULL")
    dsns = {login: pg_registry.dsn(login) for login in LEARNERS}
    admin_dsn = pg_registry.dsn("admin1")
    errors: list[BaseException] = []
    start = threading.Barrier(len(LEARNERS) + 1)

    def learner(login: str) -> None:
        try:
            conns = [psycopg.connect(dsns[login], autocommit=True) for _ in range(SESSIONS)]
            start.wait()
            conn = conns[0]
            conn.execute(
                "SELECT somekoulutus.save_profile(%s, %s, 'Yksikkö', 'tyontekija')",
                (login, f"{login}@example.fi"),
            )
            for _round in range(2):
                attempt_id, _seed, plan = exam.start(conns[1])
                for i, question in enumerate(plan):
                    exam.answer(conns[i % SESSIONS], attempt_id, question, exam.right[question])
                assert exam.finish(conns[2], attempt_id) == (True, 100)
            for c in conns:
                c.close()
        except BaseException as exc:  # reported below with the login
            errors.append(exc)

    def admin() -> None:
        try:
            with psycopg.connect(admin_dsn, autocommit=True) as conn:
                start.wait()
                for login in LEARNERS[:10]:
                    assert conn.execute("SELECT somekoulutus.add_admin(%s)", (login,)).fetchone()
                    conn.execute("SELECT somekoulutus.remove_admin(%s)", (login,))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=learner, args=(login,)) for login in LEARNERS]
    threads.append(threading.Thread(target=admin))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    counts = owner.execute(
        """SELECT count(*) FILTER (WHERE passed = 1), count(DISTINCT login)
           FROM somekoulutus.attempts"""
    ).fetchone()
    assert counts == (2 * len(LEARNERS), len(LEARNERS))
    answers = owner.execute("SELECT count(*) FROM somekoulutus.answers").fetchone()[0]
    assert answers == 2 * len(LEARNERS) * 5
    audit = owner.execute(
        "SELECT action, count(*) FROM somekoulutus.audit_log "
        "WHERE action IN ('admin.add', 'admin.remove') GROUP BY action ORDER BY action"
    ).fetchall()
    assert audit == [("admin.add", 10), ("admin.remove", 10)]
