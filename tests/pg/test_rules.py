"""The server's pass rule and attempt policy agree with the Python rules, case by case."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somekoulutus import quiz
from somekoulutus.content.models import BlueprintTopic, Choice, Question, Quiz
from somekoulutus.store.postgres.policy import next_attempt_at

TOPICS = ("A", "B", "C")
SHARES = (0.1, 1 / 3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0)
FAST = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def blueprint_json(blueprint) -> str:
    return json.dumps(
        [
            {"topic": b.topic, "min": b.min, "max": b.max, "pass_share": b.pass_share}
            for b in blueprint
        ]
    )


def sql_passes(conn, by_topic, pass_mark, blueprint) -> bool:
    topics = {t: [s.correct, s.total] for t, s in by_topic.items()}
    return conn.execute(
        "SELECT somekoulutus._passes(%s::jsonb, %s::numeric, %s::jsonb)",
        (json.dumps(topics), str(pass_mark), blueprint_json(blueprint)),
    ).fetchone()[0]


scores = st.dictionaries(
    st.sampled_from(TOPICS),
    st.integers(0, 12).flatmap(lambda total: st.tuples(st.integers(0, total), st.just(total))),
)
blueprints = st.lists(
    st.builds(
        BlueprintTopic,
        topic=st.sampled_from(TOPICS),
        min=st.just(0),
        max=st.none(),
        pass_share=st.one_of(st.none(), st.sampled_from(SHARES)),
    ),
    max_size=3,
    unique_by=lambda b: b.topic,
)


@FAST
@given(scores=scores, pass_mark=st.sampled_from(SHARES), blueprint=blueprints)
def test_pass_rule_same_on_server_and_in_python(pg_registry, scores, pass_mark, blueprint):
    conn = pg_registry.shared()
    by_topic = {t: quiz.TopicScore(c, n) for t, (c, n) in scores.items()}
    expected = quiz.passes(by_topic, pass_mark, blueprint)
    assert sql_passes(conn, by_topic, pass_mark, blueprint) is expected


def fixture_quiz(exam) -> Quiz:
    """The fixture course as the content model has it (same keys, pass mark, blueprint)."""
    questions = tuple(
        Question(
            id=qid,
            topic=topic,
            type="multiple" if len(correct) > 1 else "single",
            prompt=qid,
            choices=tuple(
                Choice(str(i), i in correct, f"palaute {qid}/{i}") for i in range(options)
            ),
            explanation="",
            source=(),
            group=group,
        )
        for qid, (topic, group, correct, options) in exam.keys.items()
    )
    blueprint = (
        BlueprintTopic("A", 1, None, 1.0),
        BlueprintTopic("B", 1, None, None),
    )
    return Quiz(0.6, 5, False, questions, (), blueprint)


def test_the_same_answer_sets_pass_or_fail_alike(pg_registry, exam):
    """Random answer sets through the server's exam and through quiz.score: same verdict."""
    owner = pg_registry.connect()
    owner.execute("UPDATE somekoulutus.published_definitions SET policy = NULL")
    content_quiz = fixture_quiz(exam)
    conn = exam.learner("maija")
    rng = random.Random(13)
    verdicts = set()
    for _ in range(40):
        attempt_id, _seed, plan = exam.start(conn)
        answers = {}
        for position, question in enumerate(plan):
            options = exam.keys[question][3]
            pick = exam.right[question] if rng.random() < 0.7 else [rng.randrange(options)]
            answers[position] = pick
            exam.answer(conn, attempt_id, question, pick)
        passed, score = exam.finish(conn, attempt_id)
        planned = [quiz.PlannedQuestion(q, ()) for q in plan]
        expected = quiz.score(content_quiz, planned, answers)
        assert passed is expected.passed, (plan, answers)
        assert score == round(100 * expected.score)
        verdicts.add(passed)
    assert verdicts == {True, False}


moments = st.lists(st.integers(0, 24 * 60 * 6), max_size=10).map(sorted)


@FAST
@given(
    minutes=moments,
    attempts=st.one_of(st.none(), st.integers(1, 4)),
    wait=st.sampled_from((0.5, 1, 6, 24, 36.5)),
    now_minute=st.integers(0, 24 * 60 * 8),
)
def test_attempt_policy_same_on_server_and_in_python(
    pg_registry, minutes, attempts, wait, now_minute
):
    conn = pg_registry.shared()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    started = [base + timedelta(minutes=m) for m in minutes]
    now = base + timedelta(minutes=max([now_minute, *minutes]))
    expected = next_attempt_at(started, attempts, wait, now)
    got = conn.execute(
        "SELECT somekoulutus._next_attempt_at(%s::timestamptz[], %s, %s::numeric, %s)",
        (started, attempts, str(wait), now),
    ).fetchone()[0]
    assert got == expected
