"""A learner's progress: lessons read, where they were, quiz attempts and answers."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from somekoulutus.quiz import PlannedQuestion
from somekoulutus.store.db import iso, transaction


@dataclass(frozen=True)
class Position:
    """Where a learner was, so that the app can resume there."""

    screen: str  # e.g. 'home', 'lesson', 'quiz', 'result'
    course_id: str | None = None
    lesson_id: str | None = None
    attempt_id: int | None = None


@dataclass(frozen=True)
class Attempt:
    """A stored quiz attempt: its drawn plan and the answers given so far."""

    id: int
    login: str
    course_id: str
    course_version: int
    plan: tuple[PlannedQuestion, ...]
    started_at: str
    finished_at: str | None
    score: float | None
    passed: bool | None
    #: plan position -> chosen YAML choice indexes
    answers: dict[int, tuple[int, ...]]

    @property
    def next_position(self) -> int:
        """The first unanswered position (len(plan) when all are answered)."""
        return next((i for i in range(len(self.plan)) if i not in self.answers), len(self.plan))


def mark_read(conn: sqlite3.Connection, login: str, course_id: str, lesson_id: str) -> None:
    """Record that a lesson has been read (idempotent)."""
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO lesson_reads VALUES (?, ?, ?, ?)",
            (login, course_id, lesson_id, iso()),
        )


def lessons_read(conn: sqlite3.Connection, login: str, course_id: str) -> set[str]:
    """Ids of the lessons this person has read in a course."""
    rows = conn.execute(
        "SELECT lesson_id FROM lesson_reads WHERE login = ? AND course_id = ?", (login, course_id)
    )
    return {r[0] for r in rows}


def save_position(conn: sqlite3.Connection, login: str, pos: Position) -> None:
    """Remember where the person is, to resume there."""
    with transaction(conn):
        conn.execute(
            """INSERT INTO positions VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(login) DO UPDATE SET screen = excluded.screen,
                 course_id = excluded.course_id, lesson_id = excluded.lesson_id,
                 attempt_id = excluded.attempt_id, updated_at = excluded.updated_at""",
            (login, pos.screen, pos.course_id, pos.lesson_id, pos.attempt_id, iso()),
        )


def position(conn: sqlite3.Connection, login: str) -> Position | None:
    """Where the person was last, or None."""
    row = conn.execute(
        "SELECT screen, course_id, lesson_id, attempt_id FROM positions WHERE login = ?", (login,)
    ).fetchone()
    return Position(*row) if row else None


def start_attempt(
    conn: sqlite3.Connection,
    login: str,
    course_id: str,
    course_version: int,
    plan: list[PlannedQuestion],
) -> int:
    """Store a new attempt with its drawn plan; returns its id."""
    data = json.dumps([{"question": p.question_id, "order": list(p.order)} for p in plan])
    with transaction(conn):
        cur = conn.execute(
            """INSERT INTO attempts (login, course_id, course_version, plan, started_at)
               VALUES (?, ?, ?, ?, ?)""",
            (login, course_id, course_version, data, iso()),
        )
        return int(cur.lastrowid)


def record_answer(
    conn: sqlite3.Connection,
    attempt_id: int,
    position: int,
    question_id: str,
    chosen: list[int] | tuple[int, ...],
    correct: bool,
) -> None:
    """Save one answer the moment it is given; a position is answered once."""
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
            (
                attempt_id,
                position,
                question_id,
                json.dumps(sorted(chosen)),
                int(correct),
                iso(),
            ),
        )


def finish_attempt(conn: sqlite3.Connection, attempt_id: int, score: float, passed: bool) -> None:
    """Close an attempt with its score."""
    with transaction(conn):
        conn.execute(
            "UPDATE attempts SET finished_at = ?, score = ?, passed = ? WHERE id = ?",
            (iso(), score, int(passed), attempt_id),
        )


def get_attempt(conn: sqlite3.Connection, attempt_id: int) -> Attempt | None:
    """An attempt with its answers, or None."""
    row = conn.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
    if row is None:
        return None
    answers = {
        r["position"]: tuple(json.loads(r["chosen"]))
        for r in conn.execute(
            "SELECT position, chosen FROM answers WHERE attempt_id = ?", (attempt_id,)
        )
    }
    return Attempt(
        id=row["id"],
        login=row["login"],
        course_id=row["course_id"],
        course_version=row["course_version"],
        plan=tuple(
            PlannedQuestion(p["question"], tuple(p["order"])) for p in json.loads(row["plan"])
        ),
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        score=row["score"],
        passed=None if row["passed"] is None else bool(row["passed"]),
        answers=answers,
    )


def open_attempt(conn: sqlite3.Connection, login: str, course_id: str) -> Attempt | None:
    """The person's unfinished attempt at a course, if any."""
    row = conn.execute(
        """SELECT id FROM attempts WHERE login = ? AND course_id = ? AND finished_at IS NULL
           ORDER BY id DESC LIMIT 1""",
        (login, course_id),
    ).fetchone()
    return get_attempt(conn, row[0]) if row else None


def latest_passed(conn: sqlite3.Connection, login: str) -> dict[str, Attempt]:
    """course_id -> the person's latest passed attempt of that course."""
    rows = conn.execute(
        """SELECT course_id, MAX(id) FROM attempts WHERE login = ? AND passed = 1
           GROUP BY course_id""",
        (login,),
    )
    out = {}
    for course_id, attempt_id in rows.fetchall():
        attempt = get_attempt(conn, attempt_id)
        if attempt:
            out[course_id] = attempt
    return out
