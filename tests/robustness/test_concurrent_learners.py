"""Twenty learners' processes taking quizzes on one database at once lose no answer."""

from __future__ import annotations

from pathlib import Path

from somekoulutus.store import connect

WORKERS = 20
ATTEMPTS = 2
QUESTIONS = 20  # quiz_worker.fixture_quiz().draw


def test_twenty_processes_on_one_database(tmp_path: Path, spawn_worker, parse_events):
    # The database does not exist yet: the first run's migration races too.
    db = tmp_path / "somekoulutus.db"
    start = tmp_path / "go"
    procs = [
        spawn_worker(
            db, f"oppija{i:02d}", "--seed", i, "--attempts", ATTEMPTS, "--start-file", start
        )
        for i in range(WORKERS)
    ]
    start.touch()
    reports = {}
    for i, proc in enumerate(procs):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Busy" not in err, err
        events = parse_events(out)
        assert events[-1]["event"] == "done"
        reports[f"oppija{i:02d}"] = events

    conn = connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for login, events in reports.items():
        done = events[-1]
        assert done["answers"] == ATTEMPTS * QUESTIONS
        written = conn.execute(
            """SELECT a.id, COUNT(n.position), a.finished_at IS NOT NULL
               FROM attempts a LEFT JOIN answers n ON n.attempt_id = a.id
               WHERE a.login = ? GROUP BY a.id ORDER BY a.id""",
            (login,),
        ).fetchall()
        assert [tuple(r) for r in written] == [(a, QUESTIONS, 1) for a in done["attempts"]]
        saved = {(e["attempt"], e["position"]) for e in events if e["event"] == "saved"}
        rows = conn.execute(
            "SELECT attempt_id, position FROM answers JOIN attempts ON id = attempt_id WHERE login = ?",
            (login,),
        ).fetchall()
        assert {tuple(r) for r in rows} == saved
    total = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    assert total == WORKERS * ATTEMPTS * QUESTIONS
    assert conn.execute("SELECT COUNT(*) FROM people").fetchone()[0] == WORKERS
    conn.close()
