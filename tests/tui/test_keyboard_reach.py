"""Every choice and every line of the question can be reached by keyboard at every size."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from somekoulutus.tui.screens.quiz import QuizScreen
from somekoulutus.tui.widgets.choices import ChoiceList

from .conftest import open_quiz_at

SIZES = [(60, 20), (80, 24), (120, 40)]


def visible_text(choices: ChoiceList) -> str:
    """What the choice list shows on screen now, whitespace collapsed."""
    lines = [choices.render_line(y).text for y in range(choices.scrollable_content_region.height)]
    return " ".join(" ".join(lines).split())


def whole_choice_visible(choices: ChoiceList, index: int) -> bool:
    """The choice's number and every word of its (wrapped) text are on screen."""
    shown = visible_text(choices)
    text = " ".join(choices.texts[index].split())
    return f"{index + 1}. {text}" in shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_long_choice_is_shown_whole_when_highlighted(
    make_app, fixture_content, data_dir, size
):
    open_quiz_at(data_dir, fixture_content, "q-pitkat")
    app = make_app(fixture_content)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.question.id == "q-pitkat"
        choices = screen.query_one(ChoiceList)
        assert len(choices.texts) == 5
        assert app.focused is choices
        # Down through every choice, then back up, then End and Home.
        for index in [*range(5), *range(3, -1, -1)]:
            if index != choices.highlighted:
                await pilot.press("down" if index > choices.highlighted else "up")
                await pilot.pause()
            assert choices.highlighted == index
            assert whole_choice_visible(choices, index), (index, visible_text(choices))
        for key, index in (("end", 4), ("home", 0), ("5", 4)):
            await pilot.press(key)
            await pilot.pause()
            assert choices.highlighted == index
            assert whole_choice_visible(choices, index), (key, visible_text(choices))
        # The correct (fifth) choice can be answered by keyboard alone.
        await pilot.press("enter")
        await pilot.pause()
        assert screen.answered
        assert "Oikein" in screen.query_one("#verdict").render().plain


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_scenario_can_be_read_while_the_choices_have_the_keys(
    make_app, fixture_content, data_dir, size
):
    open_quiz_at(data_dir, fixture_content, "q-tilanne")
    app = make_app(fixture_content)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.question.id == "q-tilanne"
        choices = screen.query_one(ChoiceList)
        pane = screen.query_one("#question-pane", VerticalScroll)
        # Move in the choices first: the question pane does not move with them.
        await pilot.press("end", "down", "home")
        await pilot.pause()
        assert app.focused is choices
        # PgDn to the end of the question and PgUp back, each shown in the footer.
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        prompt = screen.query_one("#prompt")
        assert pane.region.contains_region(prompt.region)
        for _ in range(5):
            await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y == 0
        scenario = screen.query_one("#scenario")
        assert scenario.region.y >= pane.region.y
        assert scenario.region.y < pane.region.bottom
        assert app.focused is choices
        footer = {b.key: b.description for _, b, _, _ in screen.active_bindings.values() if b.show}
        assert footer["pageup"] == "Kysymys"
        # The choices are all reachable too, and the first can be answered.
        await pilot.press("1", "enter")
        await pilot.pause()
        assert screen.answered


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "role_keys, role", [(["space"], "tyontekija"), (["down", "space"], "luottamushenkilo")]
)
async def test_first_profile_is_filled_by_keyboard_alone(
    make_app, bundled_content, data_dir, size, role_keys, role
):
    from somekoulutus.store.sqlite_store import SqliteStore
    from somekoulutus.tui.screens.home import HomeScreen
    from somekoulutus.tui.screens.profile import ProfileScreen

    app = make_app(bundled_content)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press(*"Maija Öljynen", "tab", *"maija@ylojarvi.fi", "tab", *"Kirjasto")
        await pilot.press("tab", *role_keys, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    store = SqliteStore(data_dir)
    try:
        person = store.person("matti")
    finally:
        store.close()
    assert person is not None
    assert (person.name, person.email, person.unit, person.role) == (
        "Maija Öljynen",
        "maija@ylojarvi.fi",
        "Kirjasto",
        role,
    )
