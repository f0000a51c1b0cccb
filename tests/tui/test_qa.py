"""Regressions found by using the app as its people do (a QA pass at 80x24 and 160x48)."""

from __future__ import annotations

import random
from pathlib import Path

from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import Input, RadioButton, Static

from somekoulutus import admins, progress, quiz
from somekoulutus.store.learning import Position
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.screens.help import HelpScreen
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.screens.profile import ProfileScreen
from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.screens.result import ResultScreen
from somekoulutus.tui.widgets.choices import ChoiceList

from .conftest import SIZE, add_person, course_for, read_all, shown_correct


def failed_attempt(data_dir: Path, content, login: str, role: str, course_id: str) -> None:
    """A finished-answering attempt with every question wrong, saved as the resume place."""
    add_person(data_dir, login, role)
    conn = SqliteStore(data_dir)
    course = content.courses[course_id]
    # The first seed whose draw holds both a scenario group and a question with a scenario.
    for seed in range(100):
        plan = quiz.draw(course.quiz, random.Random(seed))
        asked = [course.quiz.question(p.question_id) for p in plan]
        if any(q.group for q in asked) and any(q.scenario for q in asked):
            break
    read_all(conn, login, course)
    attempt = progress.attempt_for(conn, login, course, random.Random(seed))
    for position, planned in enumerate(attempt.plan):
        question = course.quiz.question(planned.question_id)
        wrong = [i for i, c in enumerate(question.choices) if not c.correct][:1]
        attempt, _ = progress.answer(conn, course, attempt, position, wrong)
    conn.save_position(login, Position("quiz", course.id, attempt_id=attempt.id))
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
        missed = "\n".join(w.render().plain for w in screen.query("#missed Static"))
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


async def test_partly_right_multiple_choice_says_what_was_missing(
    make_app, bundled_content, data_dir
):
    # Each chosen right choice says "Oikein." in its feedback; the verdict must say why
    # the answer as a whole is still wrong.
    add_person(data_dir)
    course = course_for(bundled_content)
    conn = SqliteStore(data_dir)
    read_all(conn, "matti", course)
    attempt = progress.attempt_for(conn, "matti", course, random.Random(1))
    target = next(
        i
        for i, p in enumerate(attempt.plan)
        if len(course.quiz.question(p.question_id).correct_indexes) >= 2
        and not quiz.feedback_deferred(course.quiz, attempt.plan, i)
    )
    for position in range(target):
        question = course.quiz.question(attempt.plan[position].question_id)
        attempt, _ = progress.answer(
            conn, course, attempt, position, list(question.correct_indexes)
        )
    conn.save_position("matti", Position("quiz", course.id, attempt_id=attempt.id))
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.position == target
        await pilot.press(str(shown_correct(screen)[0]), "enter")
        await pilot.pause()
        verdict = screen.query_one("#verdict", Static).render().plain
        assert verdict == "Väärin: et valinnut kaikkia oikeita vaihtoehtoja."


async def test_a_corrected_profile_field_loses_its_error(make_app, bundled_content):
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProfileScreen)
        await pilot.press("ctrl+s")  # everything empty: every field is marked
        await pilot.pause()
        for field in ("name", "email", "unit", "role"):
            assert form.query_one(f"#{field}-msg").display, field
        await pilot.press(*"Maija")  # the name field has the focus
        await pilot.pause()
        assert not form.query_one("#name-msg").display
        form.query_one("#email", Input).value = "maija.ylojarvi.fi"  # still wrong
        await pilot.pause()
        assert "ei näytä oikealta" in form.query_one("#email-msg", Static).render().plain
        form.query_one("#email", Input).value = "maija@ylojarvi.fi"
        form.query_one("#unit", Input).value = "Kirjasto"
        form.query_one("#role-tyontekija", RadioButton).value = True
        await pilot.pause()
        for field in ("email", "unit", "role"):
            assert not form.query_one(f"#{field}-msg").display, field


async def test_wide_terminal_shows_whole_lesson_titles(make_app, bundled_content, data_dir):
    add_person(data_dir, "liisa", "luottamushenkilo")
    course = bundled_content.courses["luottamushenkilo"]
    app = make_app(bundled_content, login="liisa")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        room = app.screen.query_one("#lesson-list").scrollable_content_region.width
        for i, lesson in enumerate(course.lessons):
            assert len(f"→✓ {i + 1}. {lesson.title}") <= room, lesson.title
    app = make_app(bundled_content, login="liisa")
    async with app.run_test(size=SIZE) as pilot:  # and the lesson keeps its room at 80x24
        await pilot.pause()
        assert app.screen.query_one("#lesson-body").region.width >= 50


async def test_command_palette_and_theme_switch_speak_finnish(make_app, bundled_content, data_dir):
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _, binding, *_ = app.screen.active_bindings["ctrl+p"]  # what the footer shows
        assert binding.description == "Komennot"
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(CommandInput).placeholder == "Hae komentoa…"
        await pilot.press(*"teema")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)  # the palette searches in the background
        shown = palette.query_one(CommandList)
        prompts = [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]
        assert any("Teema" in p for p in prompts), prompts
        await pilot.press("enter")
        await pilot.pause()
        themes = app.screen
        assert isinstance(themes, CommandPalette)
        assert themes.query_one(CommandInput).placeholder == "Hae teemaa…"
        before = app.theme
        await pilot.press(*"textual-light", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "textual-light" != before


def test_markdown_line_breaks_inside_a_paragraph_are_spaces():
    # Scenarios are written as wrapped YAML lines; shown as text they must not break mid-line.
    text = "Olet valtuutettu. Kaupunki on\njuuri päättänyt asian.\n\nMitä teet?\n"
    assert (
        progress.unwrapped(text)
        == "Olet valtuutettu. Kaupunki on juuri päättänyt asian.\n\nMitä teet?"
    )


class OneChoiceList(App[None]):
    def compose(self):
        yield ChoiceList(["Lyhyt.", "Pitkä vaihtoehto, joka ei mahdu yhdelle riville tässä"], False)


async def test_wrapped_choice_keeps_its_indent():
    # A continuation line that starts at the left edge hides where the next choice begins.
    app = OneChoiceList()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        choices = app.query_one(ChoiceList)
        lines = [choices.render_line(y).text for y in range(choices.size.height)]
        first = next(i for i, line in enumerate(lines) if "2. Pitkä" in line)
        text_column = lines[first].index("Pitkä")
        continuation = lines[first + 1]
        assert continuation.strip() and not continuation[:text_column].strip(), lines


async def test_help_lists_admin_keys_for_admins_and_wraps_in_its_column(
    make_app, bundled_content, data_dir
):
    add_person(data_dir, "matti")
    add_person(data_dir, "viestinta")
    conn = SqliteStore(data_dir)
    admins.add_admin(conn, "viestinta", "viestinta")  # the first admin
    conn.close()
    for login, admin in (("matti", False), ("viestinta", True)):
        app = make_app(bundled_content, login=login)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            headings = [w.render().plain for w in app.screen.query(".help-heading").results(Static)]
            assert ("Ylläpito" in headings) is admin
            keys = {w.render().plain for w in app.screen.query(".help-key").results(Static)}
            assert ("F2" in keys) is admin
            # Every description starts in the same column, wrapped lines included.
            columns = {w.region.x for w in app.screen.query(".help-row")}
            assert len(columns) == 1
