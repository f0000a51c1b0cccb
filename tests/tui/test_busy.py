"""A database locked by another process: the one Finnish busy text, nothing lost, a retry works."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.widgets import Input

from somekoulutus import progress
from somekoulutus.store import BUSY_MESSAGE, learning, people
from somekoulutus.store.learning import Position
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.home import HomeScreen
from somekoulutus.tui.screens.profile import ProfileScreen
from somekoulutus.tui.screens.quiz import QuizScreen

from .conftest import SIZE, add_person, course_for, read_all, shown_correct


@contextmanager
def locked(data_dir: Path, app: SomeApp) -> Iterator[None]:
    """Another connection holds the write lock; the app gives up at once instead of in 30 s."""
    app.db.execute("PRAGMA busy_timeout = 20")
    holder = SqliteStore(data_dir)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def notices(app: SomeApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def test_a_busy_database_keeps_the_answer_unsaved_and_says_so(
    make_app, bundled_content, data_dir: Path
) -> None:
    person = add_person(data_dir)
    course = course_for(bundled_content)
    conn = SqliteStore(data_dir)
    read_all(conn, person.login, course)
    attempt = progress.attempt_for(conn, person.login, course, random.Random(1))
    conn.save_position(person.login, Position("quiz", course.id, attempt_id=attempt.id))
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.press(str(shown_correct(screen)[0]))
        with locked(data_dir, app):
            await pilot.press("enter")
            await pilot.pause()
        assert not screen.answered
        assert notices(app) == [("Vastausta ei tallennettu", BUSY_MESSAGE)]
        assert learning.get_attempt(conn, attempt.id).answers == {}
        await pilot.press("enter")  # the lock is gone: the same selection is saved now
        await pilot.pause()
        assert screen.answered
    assert len(learning.get_attempt(conn, attempt.id).answers) == 1


async def test_a_busy_database_keeps_the_profile_form_open(
    make_app, bundled_content, data_dir: Path
) -> None:
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for field, value in (
            ("#name", "Maija Virtanen"),
            ("#email", "maija@ylojarvi.fi"),
            ("#unit", "Kirjasto"),
        ):
            app.screen.query_one(field, Input).value = value
        app.screen.query_one("#role-tyontekija").value = True
        with locked(data_dir, app):
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert notices(app) == [("Profiilia ei tallennettu", BUSY_MESSAGE)]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert people.get(SqliteStore(data_dir), "matti") is not None
