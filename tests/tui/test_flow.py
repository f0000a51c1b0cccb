"""The learner's way: first launch to a passed quiz, a failed attempt and retry, resuming."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from somekoulutus import certs
from somekoulutus.progress import finnish_date
from somekoulutus.review import REVIEW_MAX
from somekoulutus.store import learning
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.screens.home import HomeScreen
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.screens.result import ResultScreen
from somekoulutus.tui.widgets.choices import ChoiceList

from .conftest import SIZE, add_person, answer, choice_texts, course_for, read_all_lessons


def db(data_dir: Path):
    return SqliteStore(data_dir)


async def test_first_launch_to_passed_quiz(make_app, bundled_content, data_dir):
    course = course_for(bundled_content)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for field, value in (("#name", "Maija Virtanen"), ("#email", "maija@ylojarvi.fi")):
            app.screen.query_one(field, Input).value = value
        app.screen.query_one("#unit", Input).value = "Kirjasto"
        app.screen.query_one("#role-tyontekija").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("j")  # resume: the first lesson of the first course
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        assert app.screen.lesson.id == course.lessons[0].id
        await pilot.press("k")  # the quiz stays shut until every lesson is read
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)

        await read_all_lessons(pilot)
        conn = db(data_dir)
        assert learning.lessons_read(conn, "matti", course.id) == {x.id for x in course.lessons}

        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        attempt_id = app.screen.attempt.id
        total = len(app.screen.attempt.plan)
        assert total == course.quiz.draw
        for n in range(total):
            assert app.screen.position == n
            await answer(pilot, correctly=True)
            saved = learning.get_attempt(conn, attempt_id)
            assert len(saved.answers) == n + 1  # saved the moment it was given

        assert isinstance(app.screen, ResultScreen)
        assert app.screen.result.passed
        await app.workers.wait_for_complete()
        await pilot.pause()
        attempt = learning.get_attempt(conn, attempt_id)
        assert attempt.passed and attempt.score == 1.0
        # The certificate step: issued in a worker, shown with its id and PDF path.
        issued = certs.certificates_of(conn, "matti")
        assert [r.definition_id for r in issued] == ["sisallontuottaja"]
        assert issued[0].pdf_path.is_file()
        status = app.screen.query_one("#certificate-status").render().plain
        assert issued[0].id in status and str(issued[0].pdf_path) in status

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        prompt = app.screen.query_one("#courses").get_option_at_index(0).prompt
        assert f"Koe läpäisty {finnish_date(attempt.finished_at)}" in prompt.plain
        assert f"Todistus voimassa {finnish_date(issued[0].expires_at)} asti" in prompt.plain
        listing = app.screen.query_one("#certificates").render().plain
        assert issued[0].id in listing and str(issued[0].pdf_path) in listing


async def test_failed_attempt_reviews_weak_lessons_and_retries_with_new_draw(
    make_app, bundled_content, data_dir
):
    course = course_for(bundled_content)
    add_person(data_dir)
    conn = db(data_dir)
    for lesson in course.lessons:
        conn.mark_read("matti", course.id, lesson.id)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        first = app.screen.attempt
        for _ in first.plan:
            await answer(pilot, correctly=False)
        assert isinstance(app.screen, ResultScreen)
        assert not app.screen.result.passed
        assert learning.get_attempt(conn, first.id).passed is False

        await pilot.press("k")  # review the weakest topics' lessons
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        review = app.screen.review
        assert 0 < len(review) <= REVIEW_MAX
        assert app.screen.lesson.id == review[0]
        # S goes from one marked lesson to the next, not through the whole course.
        for lesson_id in review[1:]:
            await pilot.press("s")
            await pilot.pause()
            assert app.screen.lesson.id == lesson_id
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.lesson.id == review[-1]
        assert "Merkityt oppitunnit on kerrattu" in [n.message for n in app._notifications][-1]

        await pilot.press("k")  # and a new attempt
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        second = app.screen.attempt
        assert second.id != first.id
        assert not second.answers
        assert second.plan != first.plan


async def test_restart_mid_attempt_lands_on_same_question(make_app, bundled_content, data_dir):
    course = course_for(bundled_content)
    add_person(data_dir)
    conn = db(data_dir)
    for lesson in course.lessons:
        conn.mark_read("matti", course.id, lesson.id)
    app = make_app(bundled_content, seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "k")
        await pilot.pause()
        await answer(pilot, correctly=True)
        await answer(pilot, correctly=False)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        attempt_id, position, shown = screen.attempt.id, screen.position, choice_texts(screen)
        await pilot.press("1")  # chosen but not answered: not saved

    # A new process on the same database: a different seed must not matter.
    again = make_app(bundled_content, seed=99)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, QuizScreen)
        assert (screen.attempt.id, screen.position) == (attempt_id, position)
        assert choice_texts(screen) == shown
        assert not screen.query_one(ChoiceList).selected
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(again.screen, QuizScreen)
        assert (again.screen.attempt.id, again.screen.position) == (attempt_id, position)


async def test_restart_lands_on_same_lesson(make_app, bundled_content, data_dir):
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "s")
        await pilot.pause()
        lesson_id = app.screen.lesson.id
    again = make_app(bundled_content)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, LessonsScreen)
        assert again.screen.lesson.id == lesson_id


async def test_long_lesson_is_read_only_at_its_end(make_app, bundled_content, data_dir):
    course = course_for(bundled_content)
    add_person(data_dir)
    app = make_app(bundled_content, seed=1)
    conn = db(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        screen = app.screen
        body = screen.query_one("#lesson-body")
        # Find a lesson taller than the screen (the fixture course has one).
        for index in range(len(course.lessons)):
            await screen.show_lesson(index)
            await pilot.pause()
            if body.max_scroll_y > 0:
                break
        lesson = screen.lesson
        assert body.max_scroll_y > 0
        assert lesson.id not in learning.lessons_read(conn, "matti", course.id)
        await pilot.press("end")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        assert lesson.id in learning.lessons_read(conn, "matti", course.id)


async def test_home_under_a_resumed_lesson_shows_the_state_when_uncovered(
    make_app, bundled_content, data_dir
):
    # The start goes straight back to the lesson, over a home screen composed a moment
    # before: what changed in between must show when the learner goes home.
    course = course_for(bundled_content)
    add_person(data_dir)
    conn = db(data_dir)
    conn.save_position("matti", learning.Position("lesson", course.id, course.lessons[0].id))
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        conn.mark_read("matti", course.id, course.lessons[1].id)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        option = app.screen.query_one("#courses").get_option(course.id)
        assert f"luettu 1/{len(course.lessons)}" in str(option.prompt)
