"""Item analysis for admins, as Moodle's quiz statistics compute it. Pure: no I/O.

Per question: how many times it was shown and to how many people, the facility index (the
share answered right), the discrimination index (the point-biserial correlation of the
question's score with the rest of the attempt's score) and the share choosing each option.
Flags tell which items to look at once enough people have seen them.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from somekoulutus.content.models import Course
from somekoulutus.store.base import Store

#: Flags are raised only for questions shown to at least this many people.
MIN_LEARNERS = 30
TOO_EASY, TOO_HARD, POOR_DISCRIMINATION = 0.95, 0.30, 0.20

FLAG_TEXTS = {
    "too_easy": "liian helppo",
    "too_hard": "liian vaikea",
    "poor_discrimination": "erottelee huonosti",
}


@dataclass(frozen=True)
class Answer:
    """One recorded answer of a finished attempt."""

    attempt_id: int
    login: str
    question_id: str
    chosen: tuple[int, ...]
    correct: bool


@dataclass(frozen=True)
class ItemStat:
    """The statistics of one question."""

    question_id: str
    topic: str
    shown: int
    learners: int
    facility: float | None
    discrimination: float | None
    option_shares: tuple[float, ...]
    flags: tuple[str, ...]


def course_stats(store: Store, course: Course) -> list[ItemStat]:
    """The statistics of a course's questions from the answers the registry holds."""
    answers = (
        Answer(
            int(r["attempt_id"]),
            str(r["login"]),
            str(r["question_id"]),
            tuple(json.loads(r["chosen"])),
            bool(r["correct"]),
        )
        for r in store.course_answers(course.id)
    )
    return item_stats(course, answers)


def item_stats(course: Course, answers: Iterable[Answer]) -> list[ItemStat]:
    """Statistics of every question of the course, in course order (unseen ones included)."""
    by_attempt: dict[int, list[Answer]] = defaultdict(list)
    for a in answers:
        by_attempt[a.attempt_id].append(a)
    totals = {aid: sum(x.correct for x in rows) for aid, rows in by_attempt.items()}
    per_question: dict[str, list[tuple[float, float]]] = defaultdict(list)
    learners: dict[str, set[str]] = defaultdict(set)
    picks: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for aid, rows in by_attempt.items():
        for a in rows:
            x = 1.0 if a.correct else 0.0
            per_question[a.question_id].append((x, totals[aid] - x))
            learners[a.question_id].add(a.login)
            picks[a.question_id].append(a.chosen)
    out = []
    for q in course.quiz.all_questions():
        pairs = per_question.get(q.id, [])
        shown = len(pairs)
        facility = sum(x for x, _ in pairs) / shown if shown else None
        discrimination = _correlation(pairs)
        shares = tuple(
            sum(i in chosen for chosen in picks[q.id]) / shown if shown else 0.0
            for i in range(len(q.choices))
        )
        seen_by = len(learners.get(q.id, ()))
        out.append(
            ItemStat(
                q.id,
                q.topic,
                shown,
                seen_by,
                facility,
                discrimination,
                shares,
                _flags(seen_by, facility, discrimination),
            )
        )
    return out


def _correlation(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r of (item score, rest score); None when either does not vary."""
    n = len(pairs)
    if n < 2:
        return None
    mx = sum(x for x, _ in pairs) / n
    my = sum(y for _, y in pairs) / n
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    syy = sum((y - my) ** 2 for _, y in pairs)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _flags(learners: int, facility: float | None, discrimination: float | None) -> tuple[str, ...]:
    if learners < MIN_LEARNERS or facility is None:
        return ()
    flags = []
    if facility > TOO_EASY:
        flags.append("too_easy")
    if facility < TOO_HARD:
        flags.append("too_hard")
    if discrimination is not None and discrimination < POOR_DISCRIMINATION:
        flags.append("poor_discrimination")
    return tuple(flags)
