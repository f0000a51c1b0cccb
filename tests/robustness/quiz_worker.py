"""A learner in a separate process: takes quizzes through store.learning and quiz.draw.

Run by the robustness tests (which kill it or run twenty at once). It prints one JSON line
per event, flushed, so the parent knows what had been saved before it pulled the plug:
  {"event": "attempt", "attempt": id, "from": first unanswered position, "size": n}
  {"event": "saved", "attempt": id, "position": p}
  {"event": "finished", "attempt": id, "correct": c, "total": n, "passed": bool}
  {"event": "done", "attempts": [ids], "answers": count saved by this process}
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from somekoulutus import quiz as engine
from somekoulutus.content.models import Choice, Question, Quiz, ScenarioGroup
from somekoulutus.store import learning, people
from somekoulutus.store.sqlite_store import SqliteStore

COURSE_ID = "robustness"
COURSE_VERSION = 1


def _question(qid: str, kind: str = "single", group: str | None = None) -> Question:
    if kind == "true_false":
        choices = (Choice("Tosi", True, "Oikein."), Choice("Epätosi", False, "Väärin."))
    else:
        choices = (
            Choice("Ensimmäinen", True, "Oikein."),
            Choice("Toinen", kind == "multiple", "Katso ohje."),
            Choice("Kolmas", False, "Väärin."),
            Choice("Neljäs", False, "Väärin."),
        )
    return Question(
        id=qid,
        topic=f"aihe-{qid[-1]}",
        type=kind,  # type: ignore[arg-type]
        prompt=f"Kysymys {qid}?",
        choices=choices,
        explanation="Selitys.",
        source=("roolit",),
        group=group,
    )


def fixture_quiz() -> Quiz:
    """A course quiz of 24 singles and two scenario groups; 20 questions are drawn."""
    kinds = ("single", "multiple", "true_false")
    singles = tuple(_question(f"q{i:02d}", kinds[i % 3]) for i in range(24))
    groups = tuple(
        ScenarioGroup(
            f"s{g}",
            f"Tilanne {g}",
            "Tarina.",
            tuple(_question(f"s{g}q{i}", group=f"s{g}") for i in range(3)),
        )
        for g in range(2)
    )
    return Quiz(pass_mark=0.8, draw=20, shuffle_choices=True, questions=singles, scenarios=groups)


def _emit(**event: object) -> None:
    print(json.dumps(event), flush=True)


def _choose(question: Question, order: tuple[int, ...], rng: random.Random) -> list[int]:
    # Mostly right, sometimes a wrong choice, as a person would.
    if rng.random() < 0.8:
        return sorted(question.correct_indexes)
    return [order[rng.randrange(len(order))]]


def take_quiz(conn, quiz: Quiz, login: str, rng: random.Random, delay: float) -> tuple[int, int]:
    """Resume the open attempt (or start one), answer the rest, finish; (attempt id, saved)."""
    attempt = learning.open_attempt(conn, login, COURSE_ID)
    if attempt is None:
        plan = engine.draw(quiz, rng)
        attempt_id = conn.start_attempt(
            login, COURSE_ID, COURSE_VERSION, "seed", [(p.question_id, p.order) for p in plan]
        ).id
        attempt = learning.get_attempt(conn, attempt_id)
    conn.save_position(login, learning.Position("quiz", COURSE_ID, None, attempt.id))
    _emit(
        event="attempt",
        attempt=attempt.id,
        size=len(attempt.plan),
        **{"from": attempt.next_position},
    )
    answers = dict(attempt.answers)
    saved = 0
    for position in range(attempt.next_position, len(attempt.plan)):
        planned = attempt.plan[position]
        question = quiz.question(planned.question_id)
        chosen = _choose(question, planned.order, rng)
        conn.record_answer(
            attempt.id, position, question.id, chosen, engine.is_correct(question, chosen)
        )
        answers[position] = tuple(chosen)
        saved += 1
        _emit(event="saved", attempt=attempt.id, position=position)
        if delay:
            time.sleep(delay)
    result = engine.score(quiz, list(attempt.plan), answers)
    conn.finish_attempt(attempt.id, result.score, result.passed)
    _emit(
        event="finished",
        attempt=attempt.id,
        correct=result.correct,
        total=result.total,
        passed=result.passed,
    )
    return attempt.id, saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("login")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds between answers")
    parser.add_argument("--attempts", type=int, default=1, help="quizzes to take in a row")
    parser.add_argument("--start-file", type=Path, help="wait for this file before starting")
    args = parser.parse_args(argv)

    if args.start_file:
        # A crude barrier so that all workers hit the database at the same moment.
        while not args.start_file.exists():
            time.sleep(0.005)
    rng = random.Random(args.seed)
    quiz = fixture_quiz()
    conn = SqliteStore(args.db.parent, args.db)
    conn.save_person(
        people.Person(
            args.login,
            f"Testi {args.login}",
            f"{args.login}@ylojarvi.fi",
            "Viestintä",
            "tyontekija",
        ),
    )
    attempts, saved = [], 0
    for _ in range(args.attempts):
        attempt_id, n = take_quiz(conn, quiz, args.login, rng, args.delay)
        attempts.append(attempt_id)
        saved += n
    conn.close()
    _emit(event="done", attempts=attempts, answers=saved)
    return 0


if __name__ == "__main__":
    sys.exit(main())
