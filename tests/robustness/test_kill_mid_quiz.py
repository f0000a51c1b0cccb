"""A learner's process killed with SIGKILL mid-quiz loses nothing it had saved and resumes."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

from somekoulutus.store import connect, learning

COURSE = "robustness"  # quiz_worker.COURSE_ID
QUESTIONS = 20  # quiz_worker.fixture_quiz().draw


def _kill_after(proc, saved_wanted: int, seconds: float | None = None) -> list[dict]:
    """Read events until `saved_wanted` answers are reported (or time passes), then SIGKILL."""
    events: list[dict] = []
    saved = 0
    deadline = None
    while True:
        line = proc.stdout.readline()
        assert line, f"worker ended early: {proc.wait()} {proc.stderr.read()}"
        event = json.loads(line)
        events.append(event)
        if event["event"] == "attempt" and seconds is not None and deadline is None:
            deadline = time.monotonic() + seconds
        saved += event["event"] == "saved"
        if seconds is None and saved >= saved_wanted:
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    for line in rest.splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            pass  # a line cut short by the kill
    return events


def _assert_sound(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _saved_positions(conn: sqlite3.Connection, attempt_id: int) -> list[int]:
    rows = conn.execute(
        "SELECT position FROM answers WHERE attempt_id = ? ORDER BY position", (attempt_id,)
    )
    return [r[0] for r in rows]


def test_killed_between_answers_resumes_at_last_saved(tmp_path: Path, spawn_worker):
    db = tmp_path / "somekoulutus.db"
    proc = spawn_worker(db, "liisa", "--delay", "0.1")
    events = _kill_after(proc, saved_wanted=5)
    reported = {e["position"] for e in events if e["event"] == "saved"}
    attempt_id = events[0]["attempt"]

    conn = connect(db)
    _assert_sound(conn)
    attempt = learning.open_attempt(conn, "liisa", COURSE)
    assert attempt is not None and attempt.id == attempt_id
    saved = _saved_positions(conn, attempt_id)
    # Every answer the learner was told was saved is there, in order, with no gaps.
    assert reported <= set(saved)
    assert saved == list(range(len(saved)))
    assert 5 <= len(saved) < QUESTIONS
    assert attempt.next_position == len(saved)
    assert learning.position(conn, "liisa") == learning.Position("quiz", COURSE, None, attempt_id)
    conn.close()

    resumed = spawn_worker(db, "liisa")
    out, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 0, err
    first = json.loads(out.splitlines()[0])
    assert (first["attempt"], first["from"]) == (attempt_id, len(saved))

    conn = connect(db)
    done = learning.get_attempt(conn, attempt_id)
    assert done.finished_at is not None and done.score is not None
    assert sorted(done.answers) == list(range(QUESTIONS))
    conn.close()


def test_killed_while_writing_leaves_consistent_db(tmp_path: Path, spawn_worker):
    # The worker answers as fast as it can, quiz after quiz; the kill lands wherever it lands,
    # often inside a transaction.
    for round_, seconds in enumerate((0.05, 0.2, 0.4)):
        db = tmp_path / f"round{round_}.db"
        proc = spawn_worker(db, "pekka", "--attempts", "100000", "--seed", str(round_))
        events = _kill_after(proc, saved_wanted=0, seconds=seconds)
        reported = {(e["attempt"], e["position"]) for e in events if e["event"] == "saved"}
        finished = {e["attempt"] for e in events if e["event"] == "finished"}

        conn = connect(db)
        _assert_sound(conn)
        rows = conn.execute("SELECT attempt_id, position FROM answers").fetchall()
        assert reported <= {tuple(r) for r in rows}
        unfinished = conn.execute("SELECT id FROM attempts WHERE finished_at IS NULL").fetchall()
        assert len(unfinished) <= 1
        for (attempt_id,) in conn.execute("SELECT id FROM attempts").fetchall():
            saved = _saved_positions(conn, attempt_id)
            assert saved == list(range(len(saved)))
            if attempt_id in finished:
                assert len(saved) == QUESTIONS
        open_attempt = learning.open_attempt(conn, "pekka", COURSE)
        conn.close()

        resumed = spawn_worker(db, "pekka")
        out, err = resumed.communicate(timeout=60)
        assert resumed.returncode == 0, err
        first = json.loads(out.splitlines()[0])
        if open_attempt is not None:
            assert (first["attempt"], first["from"]) == (
                open_attempt.id,
                open_attempt.next_position,
            )
        else:
            assert first["from"] == 0
