"""A quiz attempt: draw, shuffle, grade and score. Pure: no I/O, randomness injected."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from fractions import Fraction

from somekoulutus.content.blueprint import Solver
from somekoulutus.content.models import BlueprintTopic, Course, Question, Quiz
from somekoulutus.plan import PlannedQuestion


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


def draw(
    quiz: Quiz, rng: random.Random, avoid: AbstractSet[str] = frozenset()
) -> list[PlannedQuestion]:
    """Draw an attempt: `quiz.draw` questions that meet the quiz's blueprint.

    A scenario group is drawn whole and in its own order. Questions whose ids are in
    `avoid` (say, the previous attempt's) are left out whenever an attempt can be made of
    the other questions; otherwise the other questions are preferred, one by one.

    A pure function of the quiz, the random generator's state and `avoid`:
    `random.Random(seed)` gives the same plan every time, which is how a server recomputes
    a plan from its seed.
    """
    units: list[tuple[Question, ...]] = [(q,) for q in quiz.questions]
    units += [g.questions for g in quiz.scenarios if g.questions]
    rng.shuffle(units)
    solver = Solver.of(quiz.blueprint)
    order = list(range(len(units)))
    if avoid:
        fresh = [i for i in order if not any(q.id in avoid for q in units[i])]
        if solver.feasible(quiz.draw, (0,) * len(solver.topics), [units[i] for i in fresh]):
            order = fresh
        else:
            # Some repeats are needed: fresh units are still considered first (a stable
            # sort keeps the random order within each kind).
            order.sort(key=lambda i: any(q.id in avoid for q in units[i]))
    taken = solver.choose([units[i] for i in order], quiz.draw)
    # The plan keeps the shuffled order, whatever order the units were considered in.
    plan = []
    for index in sorted(order[k] for k in taken):
        for q in units[index]:
            choices = list(range(len(q.choices)))
            if quiz.shuffle_choices and q.type != "true_false":
                rng.shuffle(choices)
            plan.append(PlannedQuestion(q.id, tuple(choices)))
    return plan


def seeded_draw(
    quiz: Quiz, seed: str, avoid: AbstractSet[str] = frozenset()
) -> list[PlannedQuestion]:
    """The draw made from a seed: what the server stores, the client shows and the issuer
    recomputes (the plan is a pure function of the seed and the content)."""
    return draw(quiz, random.Random(seed), avoid)


def publish_drawer(course: Course, seed: str) -> list[PlannedQuestion]:
    """`seeded_draw` in the shape `db publish` asks for."""
    return seeded_draw(course.quiz, seed)


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
    by_topic = {k: TopicScore(*v) for k, v in topics.items()}
    return AttemptResult(
        correct=correct,
        total=total,
        score=correct / total if total else 0.0,
        passed=passes(by_topic, quiz.pass_mark, quiz.blueprint),
        by_topic=by_topic,
        missed=tuple(missed),
    )


def _at_least(correct: int, total: int, share: float) -> bool:
    # Exact decimal arithmetic, as SQL's numeric does: 16 of 20 meets 0.8 (in floats
    # 0.8 * 20 is not exactly 16) and 7 of 10 meets 0.7.
    return correct >= Fraction(str(share)) * total


def passes(
    by_topic: Mapping[str, TopicScore], pass_mark: float, blueprint: Sequence[BlueprintTopic]
) -> bool:
    """The pass rule, from the right answers per topic. A learner passes when

    1. at least one question was asked, and right answers / questions >= `pass_mark`; and
    2. for every critical topic of the blueprint (`pass_share` set): at least one of its
       questions was asked, and its right answers / its questions >= its `pass_share`.

    Shares compare as exact decimals (correct >= share * total), never as floats. Topics
    outside the blueprint, and blueprint topics that are not critical, count only in 1.
    The server's SQL mirror of this function is tested against it: keep both in step.
    """
    correct = sum(t.correct for t in by_topic.values())
    total = sum(t.total for t in by_topic.values())
    if total == 0 or not _at_least(correct, total, pass_mark):
        return False
    for row in blueprint:
        if row.pass_share is None:
            continue
        asked = by_topic.get(row.topic, TopicScore(0, 0))
        if asked.total == 0 or not _at_least(asked.correct, asked.total, row.pass_share):
            return False
    return True


def feedback_deferred(quiz: Quiz, plan: Sequence[PlannedQuestion], position: int) -> bool:
    """Should the feedback on the answer at `position` wait until its scenario ends?

    In a scenario of several steps, what is said about one step (the right choice, why)
    can give away the next ones, so the feedback of every step but the last is held back
    and shown, with the last step's, when the scenario ends (`feedback_due`). A standalone
    question, or the last step of a scenario in the plan, gets its feedback at once.
    """
    group = quiz.question(plan[position].question_id).group
    if group is None or position + 1 >= len(plan):
        return False
    return quiz.question(plan[position + 1].question_id).group == group


def feedback_due(quiz: Quiz, plan: Sequence[PlannedQuestion], position: int) -> list[int]:
    """The positions whose feedback is shown after answering `position`, in plan order:
    nothing while a scenario goes on, every step of it when it ends, else just `position`."""
    if feedback_deferred(quiz, plan, position):
        return []
    group = quiz.question(plan[position].question_id).group
    start = position
    while (
        group is not None
        and start > 0
        and quiz.question(plan[start - 1].question_id).group == group
    ):
        start -= 1
    return list(range(start, position + 1))
