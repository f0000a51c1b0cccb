"""The shared footer: rebuilt only when its keys change, and it always shows the last state."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from somekoulutus.tui.screens.home import HomeScreen
from somekoulutus.tui.widgets.footer import KeyFooter

from .conftest import SIZE, add_person


class _Toggling(Screen[None]):
    BINDINGS = [Binding("x", "thing", "Asia"), Binding("q", "app.quit", "Lopeta")]
    ready = False

    def compose(self) -> ComposeResult:
        yield Static("ruutu")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Shown but disabled until ready.
        return True if action != "thing" or self.ready else None

    def action_thing(self) -> None:
        pass


class _App(App[None]):
    def on_mount(self) -> None:
        self.push_screen(_Toggling())


def _built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The key widgets the footers build from now on (each rebuild makes all of them anew)."""
    made: list[str] = []
    original = FooterKey.__init__

    def counting(self: FooterKey, key: str, *args: Any, **kwargs: Any) -> None:
        made.append(key)
        original(self, key, *args, **kwargs)

    monkeypatch.setattr(FooterKey, "__init__", counting)
    return made


async def test_a_burst_of_changes_is_one_rebuild_showing_the_last_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _App()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, _Toggling)
        keys = {k.key: k for k in screen.query(FooterKey)}
        assert keys["x"].has_class("-disabled")
        made = _built(monkeypatch)
        for _ in range(4):
            screen.refresh_bindings()
        screen.ready = True
        screen.refresh_bindings()
        await pilot.pause()
        assert made == ["x", "q"]  # one rebuild: four of the five signals changed nothing
        keys = {k.key: k for k in screen.query(FooterKey)}
        assert not keys["x"].has_class("-disabled")
        # A later change is not lost: it rebuilds again.
        screen.ready = False
        screen.refresh_bindings()
        await pilot.pause()
        assert made == ["x", "q", "x", "q"]
        assert {k.key: k for k in screen.query(FooterKey)}["x"].has_class("-disabled")


async def test_the_home_screen_builds_its_footer_once(
    make_app, bundled_content, data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's own footer rebuilt the same keys five times while home started (~5 ms each).
    add_person(data_dir)
    made = _built(monkeypatch)
    app = make_app(bundled_content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        shown = [k.key for k in app.screen.query(FooterKey)]
        assert shown == ["j", "p", "q", "f1"]
        assert sorted(made) == sorted(shown), made
