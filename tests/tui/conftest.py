"""Build the learner app over a real SQLite file and drive it like a person would."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from somekoulutus import progress
from somekoulutus.content.models import Content, Course
from somekoulutus.store.learning import Position
from somekoulutus.store.people import Person
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.widgets.choices import ChoiceList

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SIZE = (80, 24)


@pytest.fixture
def make_app(data_dir: Path) -> Callable[..., SomeApp]:
    """A factory: a new app instance on the same data dir and database each call."""

    def build(content: Content, login: str = "matti", seed: int = 1) -> SomeApp:
        return SomeApp(
            data_dir=data_dir,
            login=login,
            content=content,
            now=lambda: NOW,
            rng=random.Random(seed),
        )

    return build


def add_person(data_dir: Path, login: str = "matti", role: str = "tyontekija") -> Person:
    """A profile saved straight to the database (skips the first-launch form)."""
    person = Person(login, "Matti Meikäläinen", f"{login}@ylojarvi.fi", "Kirjasto", role)
    store = SqliteStore(data_dir)
    store.save_person(person)
    store.close()
    return person


def course_for(content: Content, role: str = "tyontekija") -> Course:
    """The first course the role sees on the home screen."""
    return progress.courses_for(content, role)[0]


async def read_all_lessons(pilot: Pilot) -> None:
    """From the lessons screen, leave every lesson with next (which marks it read)."""
    screen = pilot.app.screen
    assert isinstance(screen, LessonsScreen)
    while screen.index < len(screen.course.lessons) - 1:
        await pilot.press("s")
        await pilot.pause()
    await pilot.press("s")
    await pilot.pause()


def shown_correct(screen: QuizScreen) -> list[int]:
    """Display positions (1-based) of the correct choices of the current question."""
    q = screen.question
    return [i + 1 for i, yaml_index in enumerate(screen.order) if yaml_index in q.correct_indexes]


def shown_wrong(screen: QuizScreen) -> list[int]:
    """One display position (1-based) of a wrong choice."""
    q = screen.question
    wrong = [i + 1 for i, y in enumerate(screen.order) if y not in q.correct_indexes]
    return wrong[:1]


async def answer(pilot: Pilot, correctly: bool) -> None:
    """Answer the current question by number keys and Enter, then move on with Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, QuizScreen)
    for number in shown_correct(screen) if correctly else shown_wrong(screen):
        await pilot.press(str(number))
    await pilot.press("enter")
    await pilot.pause()
    assert screen.answered
    await pilot.press("enter")
    await pilot.pause()


def choice_texts(screen: QuizScreen) -> list[str]:
    """The choices as shown, in display order."""
    return list(screen.query_one(ChoiceList).texts)


def within_screen(app: SomeApp, selector: str) -> bool:
    """True when the widget is displayed and wholly inside the terminal."""
    widget = app.screen.query_one(selector)
    region = widget.region
    return (
        widget.display
        and region.width > 0
        and region.height > 0
        and app.screen.region.contains_region(region)
    )


# -- the fixed fixture course (snapshots and keyboard tests; not the bundled content) --------

FIXTURE_CONTENT = Path(__file__).parent / "fixture_content"


@pytest.fixture(scope="session")
def fixture_content() -> Content:
    """A small fixed course: a scenario question, five long options, a multiple choice."""
    from somekoulutus.content import load_content

    return load_content(FIXTURE_CONTENT / "courses", FIXTURE_CONTENT / "certificates")


def open_quiz_at(
    data_dir: Path, content: Content, question_id: str, login: str = "matti", seed: int = 1
) -> None:
    """Save a quiz in progress at `question_id` (earlier questions answered right), so that
    the app opens straight at it."""
    add_person(data_dir, login)
    course = course_for(content)
    conn = SqliteStore(data_dir)
    read_all(conn, login, course)
    attempt = progress.attempt_for(conn, login, course, random.Random(seed))
    ids = [p.question_id for p in attempt.plan]
    for position in range(ids.index(question_id)):
        question = course.quiz.question(ids[position])
        attempt, _ = progress.answer(
            conn, course, attempt, position, list(question.correct_indexes)
        )
    conn.save_position(login, Position("quiz", course.id, attempt_id=attempt.id))
    conn.close()


def read_all(store: SqliteStore, login: str, course: Course) -> None:
    """Mark every lesson of the course read (the quiz opens after the lessons)."""
    for lesson in course.lessons:
        store.mark_read(login, course.id, lesson.id)


# -- many learners' finished attempts (item analysis) -------------------------------------

#: Learners in `answered_by_many`: more than item_stats.MIN_LEARNERS, so flags are raised.
MANY = 35


def answered_by_many(data_dir: Path, content: Content, learners: int = MANY) -> None:
    """`learners` (MANY) learners finish the fixture course through the domain, in a real SQLite file.

    Everyone gets q-tilanne right (too easy); only the first five get q-pitkat right (too
    hard); q-monta is right for the last twenty, never with q-pitkat (it discriminates
    poorly: its score runs against the rest of the attempt).
    """
    course = course_for(content)
    store = SqliteStore(data_dir)
    for n in range(learners):
        login = f"oppija{n:02d}"
        store.save_person(
            Person(login, f"Oppija {n}", f"{login}@ylojarvi.fi", "Kirjasto", "tyontekija")
        )
        read_all(store, login, course)
        attempt = progress.attempt_for(store, login, course, random.Random(n))
        right = {"q-tilanne": True, "q-pitkat": n < 5, "q-monta": n >= learners - 20}
        for position, planned in enumerate(attempt.plan):
            question = course.quiz.question(planned.question_id)
            wrong = [i for i, c in enumerate(question.choices) if not c.correct][:1]
            pick = list(question.correct_indexes) if right[question.id] else wrong
            attempt, _ = progress.answer(store, course, attempt, position, pick)
        progress.finish(store, course, attempt)
    store.close()
