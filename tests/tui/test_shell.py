"""App shell: content errors on a Finnish screen, the first-launch profile, editing it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from somekoulutus.appcontext import AppContext
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.error import ErrorScreen
from somekoulutus.tui.screens.help import HelpScreen
from somekoulutus.tui.screens.home import HomeScreen
from somekoulutus.tui.screens.profile import ProfileScreen

from .conftest import SIZE, add_person


def plain(widget: Static) -> str:
    return widget.render().plain


async def test_content_errors_are_listed_not_raised(data_dir: Path) -> None:
    problems = ["courses/x.yaml:3:5: tuntematon kenttä 'corect' [bold]x[/]"]
    app = SomeApp(data_dir=data_dir, login="matti", errors=problems)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        lines = [plain(w) for w in app.screen.query(".error-line").results(Static)]
        assert lines == problems
        await pilot.press("q")
    assert app.return_code == 1


async def test_unopenable_database_is_shown(data_dir: Path, bundled_content) -> None:
    folder = data_dir / "not-a-file.db"
    folder.mkdir()
    app = SomeApp(
        data_dir=data_dir,
        login="matti",
        content=bundled_content,
        db=lambda: SqliteStore(data_dir, folder),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "Tietokantaa" in plain(app.screen.query_one(".error-line", Static))


async def test_uncreatable_data_dir_is_shown(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    ctx = AppContext(login="matti")
    ctx.configure(str(blocker / "data"), None)
    app = SomeApp.from_context(ctx)
    assert app.data_dir == blocker / "data"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "Tietokansiota ei voi luoda" in plain(app.screen.query_one(".error-line", Static))


def test_broken_content_from_the_command_line_goes_to_the_error_screen(
    tmp_path: Path, monkeypatch
) -> None:
    # The app names ContentError only when loading fails (it is imported on first use).
    courses = tmp_path / "courses"
    courses.mkdir()
    (courses / "organisation.yaml").write_text("name: [unclosed\n", "utf-8")
    monkeypatch.setenv("SOMEKOULUTUS_CACHE", "off")
    ctx = AppContext(login="matti")
    ctx.configure(str(tmp_path / "data"), str(courses))
    app = SomeApp.from_context(ctx)
    assert app.content is None
    assert any("organisation.yaml:" in e for e in app.errors)


async def test_first_launch_asks_profile_with_finnish_messages(make_app, bundled_content, data_dir):
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Nimi puuttuu" in plain(screen.query_one("#name-msg", Static))
        assert "Sähköpostiosoite puuttuu" in plain(screen.query_one("#email-msg", Static))
        assert "Yksikkö puuttuu" in plain(screen.query_one("#unit-msg", Static))
        assert "Valitse rooli" in plain(screen.query_one("#role-msg", Static))
        assert isinstance(app.screen, ProfileScreen)

        await pilot.press(*"Maija Virtanen", "enter", *"maija.at.gmail", "enter")
        await pilot.press(*"Kirjasto", "enter", "enter", "ctrl+s")
        await pilot.pause()
        assert "ei näytä oikealta" in plain(screen.query_one("#email-msg", Static))

        email = screen.query_one("#email", Input)
        email.value = "maija@gmail.com"
        await pilot.pause()
        assert "ei ole kaupungin osoite" in plain(screen.query_one("#email-msg", Static))
        await pilot.press("ctrl+s")  # a warning does not stop saving
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    conn = SqliteStore(data_dir)
    person = conn.person("matti")
    assert person is not None
    assert (person.name, person.email, person.unit, person.role) == (
        "Maija Virtanen",
        "maija@gmail.com",
        "Kirjasto",
        "tyontekija",
    )


async def test_profile_can_be_edited_from_home(make_app, bundled_content, data_dir):
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("#unit", Input).value = "Nuorisopalvelut"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Nuorisopalvelut" in plain(app.screen.query_one("#greeting", Static))
        await pilot.press("p", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    conn = SqliteStore(data_dir)
    assert conn.person("matti").unit == "Nuorisopalvelut"


async def test_help_lists_keys_and_closes(make_app, bundled_content, data_dir):
    add_person(data_dir)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = " ".join(plain(w) for w in app.screen.query(".help-row").results(Static))
        assert "jatka siitä, mihin jäit" in rows
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
