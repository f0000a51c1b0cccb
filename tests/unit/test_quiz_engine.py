import random

from somekoulutus.content.models import Choice, Question, Quiz, ScenarioGroup
from somekoulutus.quiz import draw, is_correct, score


def _q(qid: str, topic: str = "t", group: str | None = None) -> Question:
    return Question(
        id=qid,
        topic=topic,
        type="single",
        prompt="?",
        choices=(Choice("a", True, "f"), Choice("b", False, "f"), Choice("c", False, "f")),
        explanation="e",
        source=("roolit",),
        group=group,
    )


def _quiz(draw_n: int = 5) -> Quiz:
    singles = tuple(_q(f"q{i}") for i in range(6))
    group = ScenarioGroup("g", "G", "story", tuple(_q(f"g{i}", group="g") for i in range(3)))
    return Quiz(
        pass_mark=0.8, draw=draw_n, shuffle_choices=True, questions=singles, scenarios=(group,)
    )


def test_draw_keeps_groups_whole_and_in_order():
    for seed in range(50):
        plan = draw(_quiz(), random.Random(seed))
        ids = [p.question_id for p in plan]
        assert len(ids) == 5 == len(set(ids))
        if "g0" in ids:
            i = ids.index("g0")
            assert ids[i : i + 3] == ["g0", "g1", "g2"]


def test_score_pass_exactly_at_mark():
    quiz = _quiz()
    plan = draw(quiz, random.Random(1))
    answers = {i: [0] for i in range(4)}
    answers[4] = [1]
    result = score(quiz, plan, answers)
    assert (result.correct, result.total, result.passed) == (4, 5, True)
    assert result.missed == (plan[4].question_id,)


def test_multiple_is_all_or_nothing():
    q = _q("m")
    assert is_correct(q, [0])
    assert not is_correct(q, [0, 1])
    assert not is_correct(q, [])


def test_draw_is_exact_even_when_groups_must_be_combined():
    # One standalone question and groups of 2, 2 and 3: a draw of 5 needs 2 + 3 or 2 + 2 + 1;
    # taking the group of 3 and the single first would leave a gap no group fits.
    sizes = (2, 2, 3)
    groups = tuple(
        ScenarioGroup(f"g{k}", "G", "s", tuple(_q(f"g{k}-{j}", group=f"g{k}") for j in range(n)))
        for k, n in enumerate(sizes)
    )
    quiz = Quiz(
        pass_mark=0.8, draw=5, shuffle_choices=False, questions=(_q("s"),), scenarios=groups
    )
    assert quiz.draw_is_exact()
    assert {len(draw(quiz, random.Random(seed))) for seed in range(300)} == {5}


def test_unreachable_draw_is_detected():
    groups = tuple(
        ScenarioGroup(f"h{k}", "H", "s", tuple(_q(f"h{k}-{j}", group=f"h{k}") for j in range(4)))
        for k in range(3)
    )
    quiz = Quiz(pass_mark=0.8, draw=6, shuffle_choices=False, questions=(), scenarios=groups)
    assert not quiz.draw_is_exact()
