"""A quiz attempt: draw, shuffle, grade and score. Pure: no I/O, randomness injected."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from somekoulutus.content.models import Question, Quiz, fills_exactly


@dataclass(frozen=True)
class PlannedQuestion:
    """One drawn question and the order its choices are shown in (YAML indexes)."""

    question_id: str
    order: tuple[int, ...]


@dataclass(frozen=True)
class TopicScore:
    """Right answers out of questions asked, for one topic."""

    correct: int
    total: int


@dataclass(frozen=True)
class AttemptResult:
    """The outcome of a scored attempt: totals, pass or fail, per topic, missed."""

    correct: int
    total: int
    score: float
    passed: bool
    by_topic: dict[str, TopicScore] = field(default_factory=dict)
    #: Ids of the questions answered wrong or not at all, in the order asked.
    missed: tuple[str, ...] = ()


def draw(quiz: Quiz, rng: random.Random) -> list[PlannedQuestion]:
    """Draw `quiz.draw` questions; a scenario group is drawn whole and in its own order."""
    units: list[tuple[Question, ...]] = [(q,) for q in quiz.questions]
    units += [g.questions for g in quiz.scenarios if g.questions]
    rng.shuffle(units)
    exact = quiz.draw_is_exact()
    chosen: list[tuple[Question, ...]] = []
    room = quiz.draw
    singles_left = sum(1 for u in units if len(u) == 1)
    for i, unit in enumerate(units):
        if room == 0:
            break
        if len(unit) == 1:
            singles_left -= 1
        # Take a unit only if the rest can still fill the draw exactly: a group taken too
        # early could otherwise leave a gap that only a (now too large) group would fill.
        if len(unit) <= room and (
            not exact
            or fills_exactly(
                room - len(unit),
                singles_left,
                (len(u) for u in itertools.islice(units, i + 1, None) if len(u) > 1),
            )
        ):
            chosen.append(unit)
            room -= len(unit)
    # Keep the random unit order but never split a group.
    plan = []
    for unit in chosen:
        for q in unit:
            order = list(range(len(q.choices)))
            if quiz.shuffle_choices and q.type != "true_false":
                rng.shuffle(order)
            plan.append(PlannedQuestion(q.id, tuple(order)))
    return plan


def is_correct(question: Question, chosen: Iterable[int]) -> bool:
    """All-or-nothing: the chosen YAML indexes are exactly the correct ones."""
    return frozenset(chosen) == question.correct_indexes


def score(
    quiz: Quiz, plan: list[PlannedQuestion], answers: Mapping[int, Iterable[int]]
) -> AttemptResult:
    """Score an attempt; `answers` maps a plan position to the chosen YAML indexes."""
    correct = 0
    topics: dict[str, list[int]] = {}
    missed = []
    for position, planned in enumerate(plan):
        question = quiz.question(planned.question_id)
        ok = position in answers and is_correct(question, answers[position])
        correct += ok
        t = topics.setdefault(question.topic, [0, 0])
        t[0] += ok
        t[1] += 1
        if not ok:
            missed.append(question.id)
    total = len(plan)
    value = correct / total if total else 0.0
    return AttemptResult(
        correct=correct,
        total=total,
        score=value,
        # Compare as fractions so that 16/20 passes a 0.8 mark despite float rounding.
        passed=total > 0 and correct >= quiz.pass_mark * total - 1e-9,
        by_topic={k: TopicScore(*v) for k, v in topics.items()},
        missed=tuple(missed),
    )
