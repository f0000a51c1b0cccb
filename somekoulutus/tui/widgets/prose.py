"""Prose that breaks lines only at ordinary spaces: "69 §" (a no-break space) stays whole.

Textual wraps text with a regular expression whose `\\s` also matches the no-break space
U+00A0, and its Markdown widget even turns U+00A0 into a plain space. The course text puts a
no-break space where a line must not break (a number and its unit, "69 §"), so the lesson,
question and feedback texts are shown through these widgets instead:

* `Prose`: a Static whose text is wrapped here, at the widget's width, breaking only at ASCII
  whitespace as Python's textwrap does; everything else (styles, alignment, selection,
  scrolling) is Textual's own, because each wrapped line is drawn as Textual draws a line.
* `ProseMarkdown`: Markdown whose paragraphs keep the no-break space and wrap the same way.
* `NoBreakText`: the same for a Rich Text inside a Rich layout (the quiz choices' table).

For text without a no-break space the lines break exactly where Textual would break them.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Markdown, Static

# Not exported by textual.widgets.markdown; textual is pinned (pyproject), and the snapshot
# tests draw lessons with it.
from textual.widgets._markdown import MarkdownParagraph

NBSP = "\u00a0"
#: Where a line may break: ASCII whitespace only (as in textwrap), never U+00A0.
BREAKABLE = " \t\n\r\f\v"
_WORD = re.compile(f"[{BREAKABLE}]*[^{BREAKABLE}]+[{BREAKABLE}]*")


def break_offsets(line: str, width: int) -> list[int]:
    """Where to break one line (no newlines) so that each part fits `width` cells.

    Rich's and Textual's greedy rule (a word that does not fit goes to the next line, a word
    longer than a line is folded, trailing spaces may hang), with words separated by ASCII
    whitespace only.
    """
    offsets: list[int] = []
    x = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip(BREAKABLE))
        if width - x >= length:
            x += cell_len(word)
        elif length > width:  # longer than a line: folded
            pieces = chop_cells(word, width)
            for i, piece in enumerate(pieces):
                if start:
                    offsets.append(start)
                if i == len(pieces) - 1:
                    x = cell_len(piece)
                else:
                    start += len(piece)
        elif x and start:
            offsets.append(start)
            x = cell_len(word)
    return offsets


def wrap_content(content: Content, width: int) -> Content:
    """The content with a newline at every break for `width` (spans kept)."""
    if width <= 0:
        return content
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        parts = line.divide(break_offsets(line.plain, width))
        lines.extend(part.rstrip() for part in parts[:-1])
        lines.append(parts[-1])
    return Content("\n").join(lines)


class NoBreakText:
    """A Rich renderable: a Text wrapped as Rich wraps it, but only at ASCII whitespace."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            parts = line.divide(break_offsets(line.plain, width))
            for part in parts:
                part.rstrip_end(width)
            lines.extend(parts)
        wrapped = Text("\n").join(lines)
        wrapped.no_wrap = True
        yield wrapped

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


class NoBreakVisual(Visual):
    """A Content drawn with lines broken only at ASCII whitespace."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._wrapped: tuple[int, Content] | None = None
        #: The width last drawn at (the selection is read from those lines).
        self.drawn_width = 0

    def wrapped(self, width: int) -> Content:
        """The content as drawn at `width` cells: one line per drawn line."""
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap_content(self.content, width))
        return self._wrapped[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        self.drawn_width = width
        return self.wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) * 2
        return self.wrapped(width - pad).get_height(rules, width)

    @property
    def plain(self) -> str:
        """The text as given (what Content.plain is for a plain Static)."""
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain


class _NoBreakRender(Static):
    """Draws its Content through NoBreakVisual; the selection reads the drawn lines."""

    def render(self) -> Any:
        visual = super().render()
        return NoBreakVisual(visual) if isinstance(visual, Content) else visual

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        visual = self._render()
        if isinstance(visual, NoBreakVisual):
            return selection.extract(visual.wrapped(visual.drawn_width).plain), "\n"
        return super().get_selection(selection)


class Prose(_NoBreakRender):
    """A Static for course prose: lines break at spaces, never at a no-break space."""

    def __init__(
        self, content: Any = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        # Text from the content files is never read as markup.
        super().__init__(content, id=id, classes=classes, markup=False)


class NoBreakParagraph(MarkdownParagraph, _NoBreakRender):
    """A Markdown paragraph that keeps its no-break spaces and never breaks at them."""

    # MarkdownParagraph first: Textual takes the CSS (and the type names that selectors
    # match) from the first base only.

    # Textual's Markdown turns every whitespace run of a text token, U+00A0 included, into
    # one space: the no-break space rides through it as a private-use character.
    _KEEP = "\ue000"

    def build_from_token(self, token: Any) -> None:
        for child in token.children or []:
            if child.type == "text":
                child.content = child.content.replace(NBSP, self._KEEP)
        super().build_from_token(token)

    def set_content(self, content: Content) -> None:
        if self._KEEP in content.plain:
            content = Content(content.plain.replace(self._KEEP, NBSP), list(content.spans))
        super().set_content(content)


class ProseMarkdown(Markdown):
    """Markdown for course prose: paragraphs (in lists and quotes too) keep "69 §" whole."""

    BLOCKS = {**Markdown.BLOCKS, "paragraph_open": NoBreakParagraph}


__all__ = [
    "NBSP",
    "NoBreakText",
    "NoBreakVisual",
    "Prose",
    "ProseMarkdown",
    "break_offsets",
    "wrap_content",
]
