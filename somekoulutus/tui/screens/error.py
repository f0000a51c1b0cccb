"""Shown instead of the app when the content or the database cannot be used."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from somekoulutus.tui.widgets.footer import KeyFooter


class ErrorScreen(Screen[None]):
    """The problems, one per line, shown literally; q quits with exit code 1."""

    CSS_PATH = "shared.tcss"

    # Loaded when the screen is first shown (app.tcss holds what every screen shares):
    # the start parses only what the first screen needs.
    DEFAULT_CSS = """
        #error-body {
            padding: 1 2;
        }

        .error-line {
            color: $error;
        }

        .count {
            text-style: bold;
            margin: 0 0 1 0;
        }
    """

    BINDINGS = [
        Binding("q", "quit_with_error", "Lopeta"),
        Binding("escape", "quit_with_error", "Lopeta", show=False),
    ]

    def __init__(self, errors: list[str]) -> None:
        super().__init__()
        self.problems = errors

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="error-body", can_focus=True):
            yield Static("Sovellusta ei voi käynnistää", classes="screen-title")
            yield Static(
                "Kurssisisällössä tai tiedoissa on virheitä. Alla on jokainen löytynyt virhe "
                "(tiedosto:rivi:sarake: kuvaus). Korjaa ne ja käynnistä ohjelma uudelleen. "
                "Sisällön voi tarkistaa myös komennolla: somekoulutus validate",
                classes="intro",
                markup=False,
            )
            yield Static(f"Virheitä: {len(self.problems)}", classes="count", markup=False)
            for problem in self.problems:
                yield Static(Text(problem), classes="error-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#error-body").focus()

    def action_quit_with_error(self) -> None:
        self.app.exit(return_code=1)
