"""The footer shows the current keys, and rebuilds only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from somekoulutus.tui.widgets.footer import Footer


class KeysApp(App[None]):
    BINDINGS = [Binding("f2", "save", "Tallenna"), Binding("f3", "hidden", "Piilossa", show=False)]

    can_save = True

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown but disabled (False would hide the key).
        return None if action == "save" and not self.can_save else True

    def action_save(self) -> None:
        pass


def shown(app: App[None]) -> dict[str, bool]:
    """Description -> shown as disabled, for each key in the footer."""
    return {key.description: key.has_class("-disabled") for key in app.screen.query(FooterKey)}


async def test_footer_shows_the_keys_and_follows_their_state() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert shown(app)["Tallenna"] is False
        assert "Piilossa" not in shown(app)
        app.can_save = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert shown(app)["Tallenna"] is True


async def test_footer_keeps_its_keys_when_a_change_shows_the_same_keys() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        before = list(app.screen.query(FooterKey))
        assert before
        # Moving the focus changes the screen's bindings (the inputs' hidden keys) but not
        # the keys the footer shows: Textual's footer would mount them all again.
        await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "two"
        assert list(app.screen.query(FooterKey)) == before
