"""Regressions found by using the app as its people do (a QA pass at 80x24 and 160x48)."""

from __future__ import annotations

import random
from pathlib import Path

from textual.widgets import Static

from somekoulutus import progress, quiz, settings
from somekoulutus.store import connect, learning
from somekoulutus.store.learning import Position
from somekoulutus.tui.screens.result import ResultScreen

from .conftest import SIZE, add_person


def failed_attempt(data_dir: Path, content, login: str, role: str, course_id: str) -> None:
    """A finished-answering attempt with every question wrong, saved as the resume place."""
    add_person(data_dir, login, role)
    conn = connect(settings.db_path(data_dir))
    course = content.courses[course_id]
    # The first seed whose draw holds both a scenario group and a question with a scenario.
    for seed in range(100):
        plan = quiz.draw(course.quiz, random.Random(seed))
        asked = [course.quiz.question(p.question_id) for p in plan]
        if any(q.group for q in asked) and any(q.scenario for q in asked):
            break
    attempt = progress.attempt_for(conn, login, course, random.Random(seed))
    for position, planned in enumerate(attempt.plan):
        question = course.quiz.question(planned.question_id)
        wrong = [i for i, c in enumerate(question.choices) if not c.correct][:1]
        attempt, _ = progress.answer(conn, course, attempt, position, wrong)
    learning.save_position(conn, login, Position("quiz", course.id, attempt_id=attempt.id))
    conn.close()


async def test_missed_questions_are_reviewed_with_their_situation(
    make_app, bundled_content, data_dir
):
    # "Mitä teet ensimmäiseksi?" means nothing without the situation it was asked in.
    failed_attempt(data_dir, bundled_content, "liisa", "luottamushenkilo", "luottamushenkilo")
    course = bundled_content.courses["luottamushenkilo"]
    app = make_app(bundled_content, login="liisa")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        missed = screen.query_one("#missed", Static).render().plain
        questions = [course.quiz.question(q) for q in screen.result.missed]
        grouped = [q for q in questions if q.group]
        with_scenario = [q for q in questions if q.scenario]
        assert grouped and with_scenario  # the draw covers both kinds
        for q in grouped:
            assert f"Tilanne: {course.quiz.group(q.group).title}" in missed
        for q in with_scenario:
            first_words = " ".join(q.scenario.split()[:4])
            assert first_words in " ".join(missed.split())
        # And what the person answered, beside the right answer.
        assert missed.count("Vastasit: ") == len(questions)
