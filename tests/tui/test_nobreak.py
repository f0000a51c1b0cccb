"""'69 §' is never split across lines: course text puts a no-break space (U+00A0) between the
number and §, and the TUI breaks lines only at ordinary spaces (tui/widgets/prose.py)."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from somekoulutus.store.learning import Position
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.widgets.prose import NBSP, NoBreakText, Prose, ProseMarkdown, break_offsets

from .conftest import NOW, add_person

SENTENCE = f"Luottamushenkilön velvollisuudet kertoo kuntalain 69{NBSP}§ tarkemmin."
SECTION = SENTENCE.index("§")


def splits_at_section(text: str, width: int) -> bool:
    """True when Textual's own wrapping (rich's divide_line) puts § at the start of a line."""
    return any(text[offset] == "§" for offset in divide_line(text, width))


def shown_lines(widget: Widget) -> list[str]:
    size = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, *size))]


def test_plain_wrapping_would_split_and_ours_does_not() -> None:
    widths = [w for w in range(20, len(SENTENCE)) if splits_at_section(SENTENCE, w)]
    assert widths  # the sentence has widths where Textual would put § on a line of its own
    for width in widths:
        assert SECTION not in break_offsets(SENTENCE, width)
        assert all(SENTENCE[o - 1] == " " for o in break_offsets(SENTENCE, width))


@given(st.lists(st.sampled_from(["a", "kunta", "ohje", "x" * 25, "ää", "日本", " "]), max_size=25))
def test_breaks_where_textual_breaks_when_there_is_no_no_break_space(words) -> None:
    text = " ".join(words)
    for width in (1, 5, 12, 40):
        assert break_offsets(text, width) == divide_line(text, width)


class Host(App[None]):
    """Prose, Markdown prose and a plain Static side by side at one width."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        for widget in (
            Prose(SENTENCE, id="prose"),
            ProseMarkdown(f"Alku.\n\n{SENTENCE}\n\n- {SENTENCE}", id="markdown"),
            Static(Text(SENTENCE), id="plain"),
        ):
            widget.styles.width = self.width
            yield widget


async def test_widgets_keep_69_section_whole_where_a_static_splits_it() -> None:
    width = next(w for w in range(20, len(SENTENCE)) if splits_at_section(SENTENCE, w))
    app = Host(width)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plain = shown_lines(app.query_one("#plain"))
        assert any(line.endswith("69") for line in plain)  # the control: split at §
        prose = shown_lines(app.query_one("#prose"))
        assert any(f"69{NBSP}§" in line for line in prose) and len(prose) > 1
        assert not any(line.endswith("69") for line in prose)
        # In Markdown the paragraph and the list item keep the no-break space too.
        markdown = app.query_one("#markdown")
        paragraphs = [
            line for block in markdown.query("MarkdownParagraph") for line in shown_lines(block)
        ]
        assert sum(f"69{NBSP}§" in line for line in paragraphs) == 2
        assert not any(line.endswith("69") for line in paragraphs)
        # Selecting the text reads what is shown.
        assert app.query_one("#prose", Prose).get_selection is not None


def test_choices_text_in_a_rich_table_keeps_69_section_whole() -> None:
    width = next(w for w in range(20, len(SENTENCE)) if splits_at_section(SENTENCE, w))
    console = Console(width=width, color_system=None, legacy_windows=False)
    plain = ["".join(s.text for s in line) for line in console.render_lines(Text(SENTENCE))]
    assert any(line.rstrip().endswith("69") for line in plain)
    ours = [
        "".join(s.text for s in line) for line in console.render_lines(NoBreakText(Text(SENTENCE)))
    ]
    assert any(f"69{NBSP}§" in line for line in ours)
    assert not any(line.rstrip().endswith("69") for line in ours)


async def test_lesson_on_kuntalaki_69_never_splits_it_at_any_width(data_dir, bundled_content):
    """The real app on the elected officials' lesson, resized through widths where Textual's
    own wrapping would put § at the start of a line."""
    add_person(data_dir, "matti", role="luottamushenkilo")
    store = SqliteStore(data_dir)
    store.save_position("matti", Position("lesson", "luottamushenkilo", lesson_id="lh-kuntalaki"))
    store.close()
    app = SomeApp(
        data_dir=data_dir,
        login="matti",
        content=bundled_content,
        now=lambda: NOW,
        rng=random.Random(1),
    )
    critical = 0
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonsScreen)
        for width in range(60, 121):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            widgets = [
                *app.screen.query("#lesson-title, #key-points"),
                *app.screen.query("#lesson-md MarkdownParagraph"),
            ]
            for widget in widgets:
                text = str(widget.render())
                if f"69{NBSP}§" not in text:
                    continue
                lines = shown_lines(widget)
                for part in text.split("\n"):
                    if splits_at_section(part, widget.content_region.width):
                        critical += 1
                assert not any(line.endswith("69") for line in lines), (width, lines)
                assert sum(line.count("§") for line in lines) == text.count("§")
    assert critical > 0  # some width did put the break at § for Textual's own wrapping
