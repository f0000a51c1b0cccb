"""A Select whose open list names its key in Finnish in the footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select

# Not re-exported by textual.widgets; Textual is pinned, and a test opens the list.
from textual.widgets._select import SelectCurrent, SelectOverlay


class FinnishSelectOverlay(SelectOverlay):
    """Textual's drop-down list; Esc says "Sulje" instead of "Dismiss menu"."""

    BINDINGS = [Binding("escape", "dismiss", "Sulje")]


class FinnishSelect(Select[str]):
    """Select with the Finnish drop-down list (everything else is Textual's own)."""

    def compose(self) -> ComposeResult:
        # As Select.compose (Textual 8.2), with the Finnish list.
        yield SelectCurrent(self.prompt)
        yield FinnishSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
