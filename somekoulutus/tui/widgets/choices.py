"""The choices of a quiz question: pick one or several, by number or by cursor."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from somekoulutus.tui.widgets.prose import NoBreakText


class ChoiceList(OptionList, inherit_bindings=False):
    """Choices shown in a planned order; Space, a number or a click toggles one.

    Positions are display positions (0-based); the quiz screen maps them to YAML indexes.
    The list scrolls itself: moving the highlight brings the whole highlighted choice into
    view (Textual's OptionList does so for options of several lines too). Enter, PgUp and
    PgDn are left to the screen (answer, scroll the question), so the list binds only the
    keys that move in it.
    """

    BINDINGS = [
        Binding("up", "cursor_up", "Edellinen", show=False),
        Binding("down", "cursor_down", "Seuraava", show=False),
        Binding("home", "first", "Ensimmäinen", show=False),
        Binding("end", "last", "Viimeinen", show=False),
        Binding("space", "select", "Valitse", show=False),
    ]

    def __init__(self, texts: list[str], multiple: bool, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.texts = texts
        self.multiple = multiple
        self.selected: set[int] = set()
        #: After answering: display position -> (is correct, was chosen).
        self.graded: dict[int, tuple[bool, bool]] | None = None

    def on_mount(self) -> None:
        self.add_options(Option(self._prompt(i)) for i in range(len(self.texts)))
        self.highlighted = 0

    def _prompt(self, i: int) -> Table:
        """Marks and number in a column of their own, so wrapped text keeps its indent."""
        marks = Text()
        if self.graded is not None:
            correct, chosen = self.graded[i]
            mark = ("✓ " if correct else "✗ ") if chosen or correct else "  "
            style = "bold green" if correct else ("bold red" if chosen else "dim")
            marks.append(mark, style=style)
        if self.multiple:
            marks.append("[x] " if i in self.selected else "[ ] ")
        else:
            marks.append("(•) " if i in self.selected else "( ) ")
        marks.append(f"{i + 1}.", style="bold")
        text = Text(self.texts[i])
        if self.graded is not None and self.graded[i][0]:
            text.append("  (oikea)", style="green")
        row = Table.grid(padding=(0, 1))
        row.add_column(no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(marks, NoBreakText(text))
        return row

    def _redraw(self) -> None:
        for i in range(len(self.texts)):
            self.replace_option_prompt_at_index(i, self._prompt(i))

    def toggle(self, i: int) -> None:
        """Select a choice (single) or flip it (multiple)."""
        if self.graded is not None or not 0 <= i < len(self.texts):
            return
        if self.multiple:
            self.selected ^= {i}
        else:
            self.selected = {i}
        self.highlighted = i
        self._redraw()
        self.scroll_to_highlight()

    def show_graded(self, correct: set[int]) -> None:
        """Mark the right choices and the chosen wrong ones; no more changes."""
        self.graded = {i: (i in correct, i in self.selected) for i in range(len(self.texts))}
        self._redraw()

    def action_select(self) -> None:
        # OptionList's Enter, Space and click: toggle instead of "select and submit".
        if self.highlighted is not None:
            self.toggle(self.highlighted)
