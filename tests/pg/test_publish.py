"""Publishing the bundled content, and an exam on a real course drawn from a published seed."""

from __future__ import annotations

import random

import pytest

from somekoulutus import quiz
from somekoulutus.quiz import publish_drawer
from somekoulutus.store.postgres import publish
from somekoulutus.store.postgres.errors import RegistryError


def test_publish_bundled_content_then_take_a_real_exam(pg_registry, bundled_content, exam):
    owner = pg_registry.connect()
    done = publish.publish_content(owner, bundled_content, publish_drawer, draws=20)
    assert set(done.new) == {*bundled_content.courses, *bundled_content.certificates}
    again = publish.publish_content(owner, bundled_content, publish_drawer, draws=20)
    assert again.new == () and set(again.unchanged) == set(done.new)

    course = next(c for c in bundled_content.courses.values() if c.quiz.blueprint)
    conn = exam.learner("maija")
    attempt_id, seed, plan = conn.execute(
        "SELECT * FROM somekoulutus.start_attempt(%s)", (course.id,)
    ).fetchone()
    # The client and the issuer recompute the plan from the seed.
    drawn = quiz.draw(course.quiz, random.Random(seed))
    assert plan == [p.question_id for p in drawn]
    stored = conn.execute("SELECT plan FROM somekoulutus.attempts WHERE id = %s", (attempt_id,))
    assert stored.fetchone()[0] == publish.plan_json(drawn)
    answers = {}
    for position, planned in enumerate(drawn):
        question = course.quiz.question(planned.question_id)
        chosen = sorted(question.correct_indexes) if position else [0]
        answers[position] = chosen
        exam.answer(conn, attempt_id, planned.question_id, chosen)
    passed, score = exam.finish(conn, attempt_id)
    expected = quiz.score(course.quiz, drawn, answers)
    assert (passed, score) == (expected.passed, round(100 * expected.score))
    keys = conn.execute(
        "SELECT question_id, correct FROM somekoulutus.my_answer_keys WHERE attempt_id = %s",
        (attempt_id,),
    ).fetchall()
    assert {q: c for q, c in keys} == {
        p.question_id: sorted(course.quiz.question(p.question_id).correct_indexes) for p in drawn
    }


def test_a_published_version_cannot_change(pg_registry, bundled_content, tmp_path):
    owner = pg_registry.connect()
    course = next(iter(bundled_content.courses.values()))
    assert publish.publish_course(owner, course, publish_drawer, draws=3)
    changed_file = tmp_path / "course.yaml"
    changed_file.write_bytes(course.path.read_bytes() + b"\n# muutettu\n")
    changed = course._replace(path=changed_file)
    with pytest.raises(RegistryError, match="Nosta kurssin versionumeroa"):
        publish.publish_course(owner, changed, publish_drawer, draws=3)
    newer = changed._replace(version=course.version + 1)
    assert publish.publish_course(owner, newer, publish_drawer, draws=3)
