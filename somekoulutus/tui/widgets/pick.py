"""A field that picks one value from a list in a dialog: Textual's public widgets only.

Shown as one line, "Tila: voimassa ▾"; Enter, Space or a click opens the list in a dialog
of its own (arrows, Enter picks, Esc closes), so it fits a 60-column terminal and says
its keys in Finnish.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from somekoulutus.tui.widgets.footer import KeyFooter

#: The blank choice of a field that may be left empty.
BLANK_LABEL = "kaikki"


class PickScreen(ModalScreen[str | None]):
    """The list of a PickField; returns the picked value ("" for blank) or None if closed."""

    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: auto; min-width: 30; max-width: 100%;
        height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickScreen .pick-title { text-style: bold; }
    PickScreen OptionList, PickScreen OptionList:focus {
        height: auto; max-height: 16; border: none; padding: 0;
    }
    """
    BINDINGS = [Binding("escape", "close", "Sulje")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="pick-title")
            yield Static("Nuolet ja Enter valitsevat, Esc sulkee.", classes="hint")
            yield OptionList(
                *[Option(Text(label), id=f"v{i}") for i, (label, _) in enumerate(self.options)],
                markup=False,
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for _, value in self.options]
        options.highlighted = values.index(self.current) if self.current in values else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[event.option_index][1])

    def action_close(self) -> None:
        self.dismiss(None)


class PickField(Button):
    """One value out of a list (or blank); posts `PickField.Changed` when it changes."""

    DEFAULT_CSS = """
    PickField { width: auto; min-width: 12; content-align: left middle; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class Changed(Message):
        """The picked value changed (None: blank)."""

        def __init__(self, field: PickField, value: str | None) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> PickField:
            return self.field

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        *,
        prompt: str,
        value: str | None = None,
        allow_blank: bool = True,
        id: str | None = None,
    ) -> None:
        self.options = [(str(label), value) for label, value in options]
        self.prompt = prompt
        self.allow_blank = allow_blank
        self._value = value if value is not None or allow_blank else self.options[0][1]
        super().__init__(self._label(), id=id, compact=True)

    def _label(self) -> Text:
        labels = dict((v, label) for label, v in self.options)
        shown = labels.get(self._value, BLANK_LABEL) if self._value is not None else BLANK_LABEL
        return Text(f"{self.prompt}: {shown} ▾")

    @property
    def value(self) -> str | None:
        return self._value

    @value.setter
    def value(self, value: str | None) -> None:
        if value is None and not self.allow_blank:
            raise ValueError("this field cannot be blank")
        if value is not None and value not in {v for _, v in self.options}:
            raise ValueError(f"not a choice: {value!r}")
        if value != self._value:
            self._value = value
            self.label = self._label()
            self.refresh(layout=True)  # the label's width changes
            self.post_message(self.Changed(self, value))

    def is_blank(self) -> bool:
        return self._value is None

    def clear(self) -> None:
        self.value = None

    def press(self) -> PickField:
        """Open the list (Enter, Space or a click)."""
        choices = ([(BLANK_LABEL, "")] if self.allow_blank else []) + self.options
        self.app.push_screen(PickScreen(self.prompt, choices, self._value or ""), self._picked)
        return self

    def _picked(self, value: str | None) -> None:
        if value is not None:
            self.value = value or None
