"""A learner's progress: lessons read, where they were, quiz attempts and answers."""

import json
from typing import Any, NamedTuple

from somekoulutus.plan import PlannedQuestion
from somekoulutus.store.db import Conn, Row, iso


class Position(NamedTuple):
    """Where a learner was, so that the app can resume there."""

    screen: str  # e.g. 'home', 'lesson', 'quiz', 'result'
    course_id: str | None = None
    lesson_id: str | None = None
    attempt_id: int | None = None


class Attempt(NamedTuple):
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
    #: The draw seed the plan was made from (None for attempts from before seeds).
    seed: str | None = None

    @property
    def next_position(self) -> int:
        """The first unanswered position (len(plan) when all are answered)."""
        return next((i for i in range(len(self.plan)) if i not in self.answers), len(self.plan))


def mark_read(conn: Conn, login: str, course_id: str, lesson_id: str) -> None:
    """Record that a lesson has been read (idempotent); inside a transaction."""
    conn.execute(
        """INSERT INTO lesson_reads (login, course_id, lesson_id, read_at) VALUES (?, ?, ?, ?)
           ON CONFLICT DO NOTHING""",
        (login, course_id, lesson_id, iso()),
    )


def lessons_read(conn: Conn, login: str, course_id: str) -> set[str]:
    """Ids of the lessons this person has read in a course."""
    rows = conn.execute(
        "SELECT lesson_id FROM lesson_reads WHERE login = ? AND course_id = ?", (login, course_id)
    )
    return {r[0] for r in rows}


def save_position(conn: Conn, login: str, pos: Position) -> None:
    """Remember where the person is, to resume there; inside a transaction."""
    conn.execute(
        """INSERT INTO positions (login, screen, course_id, lesson_id, attempt_id, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(login) DO UPDATE SET screen = excluded.screen,
             course_id = excluded.course_id, lesson_id = excluded.lesson_id,
             attempt_id = excluded.attempt_id, updated_at = excluded.updated_at""",
        (login, pos.screen, pos.course_id, pos.lesson_id, pos.attempt_id, iso()),
    )


def position(conn: Conn, login: str) -> Position | None:
    """Where the person was last, or None."""
    row = conn.execute(
        "SELECT screen, course_id, lesson_id, attempt_id FROM positions WHERE login = ?", (login,)
    ).fetchone()
    return Position(*tuple(row)) if row else None


def plan_json(plan: list[tuple[str, tuple[int, ...]]]) -> str:
    """A drawn plan as stored: [{"question": id, "order": [choice indexes as shown]}]."""
    return json.dumps([{"question": q, "order": list(order)} for q, order in plan])


def start_attempt(
    conn: Conn,
    login: str,
    course_id: str,
    course_version: int,
    seed: str,
    plan: list[tuple[str, tuple[int, ...]]],
) -> int:
    """Store a new attempt with its seed and drawn plan; returns its id. In a transaction."""
    conn.execute(
        """INSERT INTO attempts (login, course_id, course_version, plan, started_at, seed)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (login, course_id, course_version, plan_json(plan), iso(), seed),
    )
    row = conn.execute(
        "SELECT MAX(id) FROM attempts WHERE login = ? AND course_id = ?", (login, course_id)
    ).fetchone()
    assert row is not None  # MAX() always yields one row
    return int(row[0])


def attempt_starts(conn: Conn, login: str, course_id: str) -> list[str]:
    """Start times of the person's attempts at a course, oldest first."""
    rows = conn.execute(
        "SELECT started_at FROM attempts WHERE login = ? AND course_id = ? ORDER BY started_at",
        (login, course_id),
    )
    return [r[0] for r in rows]


def record_answer(
    conn: Conn,
    attempt_id: int,
    position: int,
    question_id: str,
    chosen: list[int] | tuple[int, ...],
    correct: bool,
) -> None:
    """Save one answer; a position is answered once. In a transaction."""
    conn.execute(
        """INSERT INTO answers (attempt_id, position, question_id, chosen, correct, answered_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
        (attempt_id, position, question_id, json.dumps(sorted(chosen)), int(correct), iso()),
    )


def finish_attempt(conn: Conn, attempt_id: int, score: float, passed: bool) -> None:
    """Close an attempt with its score (the first closing stays). In a transaction."""
    conn.execute(
        """UPDATE attempts SET finished_at = ?, score = ?, passed = ?
           WHERE id = ? AND finished_at IS NULL""",
        (iso(), score, int(passed), attempt_id),
    )


def answer_of(conn: Conn, attempt_id: int, position: int) -> Row | None:
    """The stored answer at a position, or None."""
    return conn.execute(
        "SELECT correct FROM answers WHERE attempt_id = ? AND position = ?", (attempt_id, position)
    ).fetchone()


def get_attempt(conn: Conn, attempt_id: int) -> Attempt | None:
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
        seed=row["seed"],
    )


def open_attempt(conn: Conn, login: str, course_id: str) -> Attempt | None:
    """The person's unfinished attempt at a course, if any."""
    row = conn.execute(
        """SELECT id FROM attempts WHERE login = ? AND course_id = ? AND finished_at IS NULL
           ORDER BY id DESC LIMIT 1""",
        (login, course_id),
    ).fetchone()
    return get_attempt(conn, row[0]) if row else None


def last_attempt(conn: Conn, login: str, course_id: str) -> Attempt | None:
    """The person's most recent attempt at a course, or None."""
    row = conn.execute(
        "SELECT MAX(id) FROM attempts WHERE login = ? AND course_id = ?", (login, course_id)
    ).fetchone()
    return get_attempt(conn, row[0]) if row and row[0] is not None else None


def latest_passed(conn: Conn, login: str) -> dict[str, Attempt]:
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


def course_answers(conn: Conn, course_id: str) -> Any:
    """Every answer of the finished attempts of a course (for item analysis), by attempt."""
    return conn.execute(
        """SELECT n.attempt_id, a.login, n.question_id, n.chosen, n.correct
           FROM answers n JOIN attempts a ON a.id = n.attempt_id
           WHERE a.course_id = ? AND a.finished_at IS NOT NULL
           ORDER BY n.attempt_id, n.position""",
        (course_id,),
    )
