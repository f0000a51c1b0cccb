"""The review after a failed attempt: missed questions by topic, each topic linked to its lesson."""

from __future__ import annotations

import random

import pytest
from textual.widgets import Button

from somekoulutus import progress, quiz, review
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.screens.result import ResultScreen

from .conftest import SIZE, add_person, course_for, read_all


def _teaches(content, lesson, question) -> bool:
    """The lesson cites one of the question's sections, or a parent or child of one."""
    return any(review._related(content.guideline, s, question.source) for s in lesson.source)


def test_every_topic_of_the_bundled_courses_links_to_lessons_that_teach_it(bundled_content):
    checked = 0
    for course in bundled_content.courses.values():
        questions = course.quiz.all_questions()
        for topic in sorted({q.topic for q in questions}):
            lessons = review.lessons_for_topic(bundled_content, course, topic)
            assert lessons, (course.id, topic)
            mine = [q for q in questions if q.topic == topic]
            # Every linked lesson teaches a question of the topic, and together they teach
            # most of them (a question citing a section no lesson covers cannot be linked).
            for lesson in lessons:
                assert any(_teaches(bundled_content, lesson, q) for q in mine), (topic, lesson.id)
            taught = [q for q in mine if any(_teaches(bundled_content, x, q) for x in lessons)]
            assert len(taught) >= len(mine) / 2, (course.id, topic)
            checked += 1
    assert checked >= 10


def test_review_groups_every_missed_question_under_its_own_topic(bundled_content):
    for course in bundled_content.courses.values():
        questions = course.quiz.all_questions()
        # Everything answered wrong: every topic has a group.
        missed = tuple(q.id for q in questions)
        result = quiz.AttemptResult(
            correct=0,
            total=len(questions),
            score=0.0,
            passed=False,
            by_topic={
                t: quiz.TopicScore(0, sum(q.topic == t for q in questions))
                for t in {q.topic for q in questions}
            },
            missed=missed,
        )
        groups = review.review_by_topic(bundled_content, course, result)
        assert {g.topic for g in groups} == {q.topic for q in questions}
        assert sorted(m for g in groups for m in g.missed) == sorted(missed)
        for group in groups:
            assert group.lessons, (course.id, group.topic)
            for question_id in group.missed:
                assert course.quiz.question(question_id).topic == group.topic


async def test_failed_review_links_each_topic_to_its_lesson(make_app, fixture_content, data_dir):
    add_person(data_dir)
    course = course_for(fixture_content)
    conn = SqliteStore(data_dir)
    read_all(conn, "matti", course)
    attempt = progress.attempt_for(conn, "matti", course, random.Random(1))
    for position, planned in enumerate(attempt.plan):
        question = course.quiz.question(planned.question_id)
        wrong = [i for i, c in enumerate(question.choices) if not c.correct][:1]
        attempt, _ = progress.answer(conn, course, attempt, position, wrong)
    progress.finish(conn, course, attempt)
    conn.save_position("matti", progress.Position("result", course.id, attempt_id=attempt.id))
    conn.close()
    app = make_app(fixture_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen) and not screen.result.passed
        links = list(screen.query(".review-link").results(Button))
        # The fixture's topics are named after the lessons that teach them.
        topics = [w.render().plain for w in screen.query(".review-topic")]
        assert [t.split(" (")[0] for t in topics] == [
            f"Aihe: {x.label.plain.split(': ', 1)[1]}" for x in links
        ]
        # By keyboard: Tab to the second link, Enter opens that lesson.
        target = links[1]
        while app.focused is not target:
            await pilot.press("tab")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        assert app.screen.lesson.id == target.name
        assert set(app.screen.review) == {x.name for x in links}


@pytest.mark.parametrize("topic", ["Kuvat ja luvat", "Kriisit ja häiriköinti", "Somen perusteet"])
def test_fixture_topics_map_to_their_lessons(fixture_content, topic):
    course = course_for(fixture_content)
    [lesson] = review.lessons_for_topic(fixture_content, course, topic)
    assert lesson.title == topic
