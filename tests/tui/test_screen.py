"""Markup in people's text stays literal; the main screens fit 80x24 with their actions."""

from __future__ import annotations

from textual.widgets import Footer, Static

from somekoulutus import settings
from somekoulutus.store import learning
from somekoulutus.store.people import Person
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.screens.home import HomeScreen
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.screens.result import ResultScreen

from .conftest import SIZE, add_person, answer, course_for, within_screen

NAME = "[bold red]Matti[/]"
UNIT = "[@click=app.quit]x[/]"


async def test_markup_in_name_and_unit_is_shown_as_typed(make_app, bundled_content, data_dir):
    conn = SqliteStore(data_dir)
    conn.save_person(Person("matti", NAME, "matti@ylojarvi.fi", UNIT, "tyontekija"))
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        greeting = app.screen.query_one("#greeting", Static)
        rendered = greeting.render()  # a Content: plain text with style spans
        assert f"Hei, {NAME}!" in rendered.plain
        assert UNIT in rendered.plain
        assert not any(span.style and "red" in str(span.style) for span in rendered.spans)
        # Clicking the would-be link does nothing: the app keeps running.
        await pilot.click("#greeting", offset=(2, 1))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, HomeScreen)


async def test_main_screens_fit_80x24(make_app, bundled_content, data_dir):
    course = course_for(bundled_content)
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        for selector in ("#greeting", "#courses", Footer):
            assert within_screen(app, selector)

        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        for selector in ("#lesson-list", "#lesson-title", Footer):
            assert within_screen(app, selector)
        # The navigation buttons sit at the end of a scrollable lesson.
        app.screen.query_one("#lesson-body").scroll_end(animate=False)
        await pilot.pause()
        for selector in ("#next", "#quiz"):
            assert within_screen(app, selector)

        conn = SqliteStore(data_dir)
        for lesson in course.lessons:
            conn.mark_read("matti", course.id, lesson.id)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        for selector in ("#quiz-count", "#quiz-progress", "#prompt", "#choices", Footer):
            assert within_screen(app, selector)
        for _ in app.screen.attempt.plan:
            await answer(pilot, correctly=True)

        assert isinstance(app.screen, ResultScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for selector in ("#result-verdict", "#result-score", "#home", Footer):
            assert within_screen(app, selector)


async def test_help_fits_80x24(make_app, bundled_content, data_dir):
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert within_screen(app, "#help-dialog")


async def test_lesson_that_fits_is_read_when_opened(make_app, bundled_content, data_dir):
    course = course_for(bundled_content)
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=(200, 200)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonsScreen)
        assert screen.query_one("#lesson-body").max_scroll_y == 0
        conn = SqliteStore(data_dir)
        assert course.lessons[0].id in learning.lessons_read(conn, "matti", course.id)


def footer_keys(app) -> set[str]:
    return {key for key, (_, b, *_rest) in app.screen.active_bindings.items() if b.show}


async def test_admin_key_only_for_admins(make_app, bundled_content, data_dir):
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ctrl+a" not in footer_keys(app)
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    settings.save_config(data_dir, {"admins": ["matti"]})
    admin = make_app(bundled_content)
    async with admin.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ctrl+a" in footer_keys(admin)


async def test_admin_rights_take_effect_in_a_running_app(make_app, bundled_content, data_dir):
    from somekoulutus.tui.admin import AdminScreen

    add_person(data_dir)
    settings.save_config(data_dir, {"admins": ["toinen"]})
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Made admin while the app runs: the next Ctrl+A opens the admin screen.
        settings.save_config(data_dir, {"admins": ["toinen", "matti"]})
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, AdminScreen)
        assert "ctrl+a" not in footer_keys(app)  # the admin screen's own keys
        # Rights taken away: the next admin action (refresh) closes the admin screen.
        settings.save_config(data_dir, {"admins": ["toinen"]})
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "ei ole ylläpitäjä" in [n.message for n in app._notifications][-1]
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "ctrl+a" not in footer_keys(app)


async def test_profile_form_keeps_a_readable_width_on_a_wide_terminal(make_app, bundled_content):
    app = make_app(bundled_content)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        fields = app.screen.query_one("#profile-fields").region
        name = app.screen.query_one("#name").region
        assert fields.width == 80 and name.width <= 80
        left, right = fields.x, app.screen.region.width - fields.right
        assert abs(left - right) <= 2  # centred (the scrollbar gutter aside)
    async with make_app(bundled_content).run_test(size=SIZE) as pilot:
        await pilot.pause()
        # At 80 columns the form still uses the width there is.
        assert pilot.app.screen.query_one("#name").region.width >= 70
