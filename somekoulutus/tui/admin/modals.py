"""Small dialogs of the admin screens: confirm, ask for a reason, ask for a path."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from somekoulutus.safetext import visible
from somekoulutus.tui.widgets.footer import KeyFooter

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .dialog-error {{
    color: $error;
}}
{name} Horizontal {{
    height: auto;
    margin-top: 1;
}}
{name} Button {{
    margin-right: 2;
}}
"""


class ConfirmScreen(ModalScreen[bool]):
    """A question with the facts behind it; returns True when confirmed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmScreen")
    BINDINGS = [Binding("escape", "cancel", "Peruuta")]

    def __init__(self, title: str, body: str, confirm_label: str, allowed: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label
        self.allowed = allowed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(visible(self.title_text)), classes="dialog-title")
            yield Static(Text(visible(self.body, keep_newlines=True)), id="body")
            with Horizontal():
                if self.allowed:
                    yield Button(self.confirm_label, variant="warning", id="confirm")
                yield Button("Peruuta" if self.allowed else "Sulje", id="cancel")
        # Its own footer: the keys of the screen beneath do not work in the dialog.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_cancel(self) -> None:
        self.dismiss(False)


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text (a reason, a file path); returns it, or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AskScreen")
    BINDINGS = [Binding("escape", "cancel", "Peruuta")]

    def __init__(
        self, title: str, body: str, placeholder: str, ok_label: str, value: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.placeholder = placeholder
        self.ok_label = ok_label
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(visible(self.title_text)), classes="dialog-title")
            yield Static(Text(visible(self.body, keep_newlines=True)))
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal():
                yield Button(self.ok_label, variant="warning", id="ok")
                yield Button("Peruuta", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._answer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._answer()
        else:
            self.dismiss(None)

    def _answer(self) -> None:
        value = self.query_one("#answer", Input).value.strip()
        if not value:
            self.query_one("#error", Static).update("Kenttä ei voi olla tyhjä.")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
