"""The learner sees a clear message when the certificate cannot be written, and R retries."""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, datetime
from pathlib import Path

from textual.worker import WorkerFailed

from somekoulutus import certs, quiz
from somekoulutus.store import learning, people
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.screens.result import ResultScreen

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SIZE = (100, 30)
COURSE = "sisallontuottaja"


def _all_but_the_last_answer(conn, content) -> None:
    """Maija has read the course and answered all but the last question right; she was there."""
    course = content.courses[COURSE]
    plan = quiz.draw(course.quiz, random.Random(3))
    attempt_id = conn.start_attempt(
        "maija", COURSE, course.version, "seed", [(p.question_id, p.order) for p in plan]
    ).id
    for position, planned in enumerate(plan[:-1]):
        question = course.quiz.question(planned.question_id)
        chosen = sorted(question.correct_indexes)
        conn.record_answer(attempt_id, position, question.id, chosen, True)
    for lesson in course.lessons:
        conn.mark_read("maija", COURSE, lesson.id)
    conn.save_position("maija", learning.Position("quiz", COURSE, None, attempt_id))


async def _answer_the_last_question(pilot) -> None:
    quiz_screen = pilot.app.screen
    assert isinstance(quiz_screen, QuizScreen)
    assert quiz_screen.position == len(quiz_screen.attempt.plan) - 1
    for shown, yaml_index in enumerate(quiz_screen.order, start=1):
        if yaml_index in quiz_screen.question.correct_indexes:
            await pilot.press(str(shown))
    await pilot.press("enter")  # answer
    await pilot.pause()
    await pilot.press("enter")  # on to the result
    await pilot.pause()
    assert isinstance(pilot.app.screen, ResultScreen)


def _status(app: SomeApp) -> str:
    return app.screen.query_one("#certificate-status").render().plain


async def test_failed_certificate_write_shows_a_message_and_r_retries(bundled_content, data_dir):
    conn = SqliteStore(data_dir)
    conn.save_person(
        people.Person("maija", "Maija Virtanen", "maija@ylojarvi.fi", "Kirjasto", "tyontekija"),
    )
    # Root ignores permission bits: a file where the certificates folder should be.
    _all_but_the_last_answer(conn, bundled_content)
    blocker = certs.certificates_dir(data_dir)
    blocker.write_text("ei kansio")
    app = SomeApp(
        data_dir=data_dir,
        login="maija",
        content=bundled_content,
        now=lambda: NOW,
        rng=random.Random(3),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _answer_the_last_question(pilot)
        # Waiting on the worker while it runs raises its error here (the app shows it).
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)  # the app did not fall over
        status = _status(app)
        assert "todistusta ei voitu tehdä" in status
        assert "Todistuksen tallennus epäonnistui" in status
        assert "Yritä uudelleen painamalla R" in status
        assert certs.certificates_of(conn, "maija") == []

        blocker.unlink()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        issued = certs.certificates_of(conn, "maija")
        assert [r.definition_id for r in issued] == ["sisallontuottaja"]
        assert Path(issued[0].pdf_path).is_file()
        assert issued[0].id in _status(app)
    conn.close()
