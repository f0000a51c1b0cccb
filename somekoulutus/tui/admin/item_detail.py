"""One question's item analysis in words: the row of the table, the lines under it and a
dialog with everything (Enter on a row). Question text from the content files is shown
literally, never parsed as markup."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from somekoulutus.content.models import Question
from somekoulutus.item_stats import FLAG_TEXTS, MIN_LEARNERS, ItemStat
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.access import AdminOnly
from somekoulutus.tui.admin.modals import DIALOG_CSS
from somekoulutus.tui.widgets.footer import KeyFooter


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def index_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def option_letter(index: int) -> str:
    return chr(ord("A") + index)


def flag_text(stat: ItemStat) -> str:
    return ", ".join(FLAG_TEXTS[f] for f in stat.flags)


def item_row(stat: ItemStat) -> dict[str, Any]:
    """One question's statistics as shown in the table and exported."""
    return {
        "question": stat.question_id,
        "shown": stat.shown,
        "facility": percent(stat.facility),
        "discrimination": index_text(stat.discrimination),
        "flags": flag_text(stat),
        "options": " / ".join(
            f"{option_letter(i)} {percent(x)}" for i, x in enumerate(stat.option_shares)
        ),
        "topic": stat.topic,
        "learners": stat.learners,
    }


def option_lines(question: Question, stat: ItemStat) -> list[str]:
    """Each option with the share that chose it, the right ones marked."""
    lines = []
    for i, choice in enumerate(question.choices):
        share = stat.option_shares[i] if i < len(stat.option_shares) else 0.0
        right = " (oikea)" if choice.correct else ""
        lines.append(f"{option_letter(i)} {percent(share)}{right}: {visible(choice.text)}")
    return lines


def item_text(question: Question, stat: ItemStat) -> str:
    """Everything about one question, for the dialog."""
    flags = flag_text(stat)
    if flags:
        verdict = f"Huomiot: {flags}."
    elif stat.learners < MIN_LEARNERS:
        verdict = f"Huomioita tehdään, kun vähintään {MIN_LEARNERS} henkilöä on nähnyt kysymyksen."
    else:
        verdict = "Ei huomautettavaa."
    return "\n".join(
        [
            visible(question.prompt, keep_newlines=True),
            "",
            f"Näytetty {stat.shown} kertaa {stat.learners} henkilölle. "
            f"Helppous {percent(stat.facility)}, erottelu {index_text(stat.discrimination)}.",
            verdict,
            "",
            *option_lines(question, stat),
        ]
    )


class ItemScreen(AdminOnly, ModalScreen[None]):
    """One question's statistics with its text and options; Esc closes."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ItemScreen")
        + """
    ItemScreen VerticalScroll { height: auto; max-height: 100%; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Sulje")]

    def __init__(self, question: Question, stat: ItemStat) -> None:
        super().__init__()
        self.question = question
        self.stat = stat

    def compose(self) -> ComposeResult:
        with Vertical():
            title = f"Kysymys {self.question.id}: {self.question.topic}"
            yield Static(Text(visible(title)), classes="dialog-title")
            with VerticalScroll(id="item-body", can_focus=True):
                yield Static(Text(item_text(self.question, self.stat)))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#item-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
