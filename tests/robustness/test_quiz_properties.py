"""Property-based tests of the quiz engine (somekoulutus/quiz.py)."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from somekoulutus import quiz as engine
from somekoulutus.content.models import Choice, Question, Quiz, ScenarioGroup


@st.composite
def questions(draw, qid: str, group: str | None = None) -> Question:
    kind = draw(st.sampled_from(("single", "multiple", "true_false")))
    if kind == "true_false":
        flags = draw(st.sampled_from([(True, False), (False, True)]))
    elif kind == "single":
        n = draw(st.integers(2, 5))
        right = draw(st.integers(0, n - 1))
        flags = tuple(i == right for i in range(n))
    else:
        flags = tuple(draw(st.lists(st.booleans(), min_size=2, max_size=6)).copy())
        if not any(flags):
            flags = (True, *flags[1:])
    return Question(
        id=qid,
        topic=draw(st.sampled_from(("rooli", "kriisi", "tietosuoja"))),
        type=kind,
        prompt="?",
        choices=tuple(Choice(f"c{i}", ok, "") for i, ok in enumerate(flags)),
        explanation="",
        source=("roolit",),
        group=group,
    )


@st.composite
def quizzes(draw) -> Quiz:
    n_singles = draw(st.integers(0, 12))
    singles = tuple(draw(questions(f"q{i}")) for i in range(n_singles))
    groups = []
    for g in range(draw(st.integers(0 if singles else 1, 4))):
        size = draw(st.integers(1, 4))
        gid = f"g{g}"
        groups.append(
            ScenarioGroup(
                gid, gid, "", tuple(draw(questions(f"{gid}q{i}", gid)) for i in range(size))
            )
        )
    total = n_singles + sum(len(g.questions) for g in groups)
    return Quiz(
        # Pass marks as YAML writes them: decimals such as 0.8 or 0.75.
        pass_mark=draw(st.integers(1, 100)) / 100,
        draw=draw(st.integers(1, total)),
        shuffle_choices=draw(st.booleans()),
        questions=singles,
        scenarios=tuple(groups),
    )


@st.composite
def attempts(draw):
    """A quiz, a drawn plan and any answers: some positions skipped, any choice sets."""
    quiz = draw(quizzes())
    plan = engine.draw(quiz, random.Random(draw(st.integers(0, 2**32))))
    answers = {}
    for position, planned in enumerate(plan):
        question = quiz.question(planned.question_id)
        how = draw(st.sampled_from(("skip", "right", "any")))
        if how == "right":
            answers[position] = sorted(question.correct_indexes)
        elif how == "any":
            answers[position] = draw(
                st.lists(st.integers(0, len(question.choices) - 1), max_size=4)
            )
    return quiz, plan, answers


@settings(max_examples=300, deadline=None)
@given(attempts())
def test_score_is_a_fraction_and_pass_follows_the_mark(attempt):
    quiz, plan, answers = attempt
    result = engine.score(quiz, plan, answers)
    assert result.total == len(plan)
    if not plan:
        # Only groups too big for the draw: nothing to answer is never a pass.
        assert (result.score, result.passed) == (0.0, False)
        return
    assert 0 <= result.correct <= result.total
    assert 0.0 <= result.score <= 1.0
    assert result.score == result.correct / result.total
    # Documented: a pass exactly when score >= pass mark, compared as exact fractions so that
    # 16/20 passes 0.8 despite float rounding.
    exact = Fraction(result.correct, result.total) >= Fraction(str(quiz.pass_mark))
    assert result.passed == exact
    assert result.passed == (result.score >= quiz.pass_mark)
    assert len(result.missed) == result.total - result.correct
    assert sum(t.correct for t in result.by_topic.values()) == result.correct
    assert sum(t.total for t in result.by_topic.values()) == result.total


@settings(max_examples=200, deadline=None)
@given(attempts())
def test_all_right_passes_and_nothing_answered_fails(attempt):
    quiz, plan, _ = attempt
    if not plan:
        return
    right = {i: sorted(quiz.question(p.question_id).correct_indexes) for i, p in enumerate(plan)}
    full = engine.score(quiz, plan, right)
    assert (full.score, full.passed, full.missed) == (1.0, True, ())
    empty = engine.score(quiz, plan, {})
    assert (empty.score, empty.passed) == (0.0, False)
    assert empty.missed == tuple(p.question_id for p in plan)


def test_pass_mark_boundaries_that_floats_get_wrong():
    # 0.7 * 10 == 7.000000000000001 in floats; 7 of 10 must still pass a 0.7 mark.
    for mark, total in ((0.7, 10), (0.8, 20), (0.6, 5), (0.9, 30), (0.35, 20)):
        q = Question(
            "q", "t", "single", "?", (Choice("a", True, ""), Choice("b", False, "")), "", ()
        )
        quiz = Quiz(pass_mark=mark, draw=total, shuffle_choices=False, questions=(q,) * total)
        plan = [engine.PlannedQuestion("q", (0, 1))] * total
        need = Fraction(str(mark)) * total
        at = {i: [0] for i in range(int(need))}
        below = {i: [0] for i in range(int(need) - 1)}
        assert engine.score(quiz, plan, at).passed, (mark, total)
        assert not engine.score(quiz, plan, below).passed, (mark, total)


@settings(max_examples=300, deadline=None)
@given(quizzes(), st.integers(0, 2**32))
def test_draw_never_repeats_and_keeps_groups_whole(quiz, seed):
    plan = engine.draw(quiz, random.Random(seed))
    ids = [p.question_id for p in plan]
    assert len(ids) == len(set(ids))
    assert len(plan) <= quiz.draw
    if len(quiz.questions) >= quiz.draw:
        # Singles alone can fill the draw, so it is always exactly `draw` questions long.
        assert len(plan) == quiz.draw
    for group in quiz.scenarios:
        group_ids = [q.id for q in group.questions]
        if group_ids[0] in ids:
            start = ids.index(group_ids[0])
            assert ids[start : start + len(group_ids)] == group_ids
        else:
            assert not set(group_ids) & set(ids)
    for planned in plan:
        question = quiz.question(planned.question_id)
        assert sorted(planned.order) == list(range(len(question.choices)))
        if not quiz.shuffle_choices or question.type == "true_false":
            assert planned.order == tuple(range(len(question.choices)))
    # The same seed draws the same plan: an attempt can be replayed.
    assert engine.draw(quiz, random.Random(seed)) == plan
