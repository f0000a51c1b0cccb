"""The questions tab: item analysis of one course, as the domain computes it (item_stats).

Per question the times shown, facility, discrimination, the share choosing each option and
the domain's flags; the highlighted question's text and options below the table, and all
of it in a dialog on Enter. The statistics are read in a worker (as every admin tab reads):
a course with many attempts does not stop the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from somekoulutus.content.models import Course
from somekoulutus.csvexport import Columns
from somekoulutus.item_stats import MIN_LEARNERS, ItemStat, course_stats
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.item_detail import ItemScreen, item_row, option_lines
from somekoulutus.tui.admin.tab import AdminTab
from somekoulutus.tui.widgets.pick import PickField
from somekoulutus.tui.widgets.table import fill

# The question, how often shown and the two indexes first, then the flags: they fit at
# 60 columns; the option shares, the topic and the number of people scroll.
ITEM_COLUMNS: Columns = (
    ("question", "Kysymys"),
    ("shown", "Näytetty"),
    ("facility", "Helppous"),
    ("discrimination", "Erottelu"),
    ("flags", "Huomiot"),
    ("options", "Vastausjakauma"),
    ("topic", "Aihe"),
    ("learners", "Henkilöitä"),
)


class ItemsTab(AdminTab):
    """Item analysis of the picked course."""

    TAB_ID = "items"
    TITLE = "Kysymykset"
    COLUMNS = ITEM_COLUMNS
    EXPORT_NAME = "kysymykset.csv"
    FOCUS = "#items-course"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stats: list[ItemStat] = []
        self.course: Course | None = None

    def compose(self) -> ComposeResult:
        courses = self.ctx.content.courses
        yield PickField(
            [(visible(c.title), c.id) for c in courses.values()],
            prompt="Kurssi",
            allow_blank=False,
            id="items-course",
        )
        yield Static("", id="items-summary")
        yield DataTable(id="items-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="items-detail")

    def load(self, *, delay: float = 0.0) -> None:
        self.query_one("#items-summary", Static).update(Text("Luetaan vastauksia…"))
        super().load(delay=delay)

    def reader(self) -> Callable[[], tuple[Course, list[ItemStat]]] | None:
        course_id = self.query_one("#items-course", PickField).value
        if course_id is None:
            return None
        course = self.ctx.content.courses[course_id]
        store = self.ctx.store
        return lambda: (course, course_stats(store, course))

    def show(self, result: tuple[Course, list[ItemStat]]) -> None:
        """Put a course's statistics on screen."""
        self.course, self.stats = result
        stats = self.stats
        self.rows = [item_row(s) for s in stats]
        fill(
            self.query_one("#items-table", DataTable),
            ITEM_COLUMNS,
            [
                (s.question_id, [row[key] for key, _ in ITEM_COLUMNS])
                for s, row in zip(stats, self.rows, strict=True)
            ],
        )
        flagged = sum(1 for s in stats if s.flags)
        if not any(s.shown for s in stats):
            summary = "Kurssilla ei ole vielä päättyneitä koeyrityksiä."
        else:
            summary = f"Kysymyksiä {len(stats)}, huomioita {flagged}. Enter avaa kysymyksen."
            if any(s.learners < MIN_LEARNERS for s in stats):
                summary += (
                    f" Huomioita tehdään, kun vähintään {MIN_LEARNERS} henkilöä on nähnyt "
                    "kysymyksen."
                )
        self.query_one("#items-summary", Static).update(Text(summary))
        self._show_detail(0)

    def _show_detail(self, index: int) -> None:
        detail = self.query_one("#items-detail", Static)
        if self.course is None or not 0 <= index < len(self.stats):
            detail.update("")
            return
        stat = self.stats[index]
        question = self.course.quiz.question(stat.question_id)
        # Text from the content files is shown literally, never parsed as markup.
        lines = [visible(question.prompt), *option_lines(question, stat)]
        detail.update(Text("\n".join(lines)))

    @on(DataTable.RowSelected, "#items-table")
    def _item_selected(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        if self.course is None or not 0 <= index < len(self.stats) or not self.admin_now():
            return
        stat = self.stats[index]
        self.app.push_screen(ItemScreen(self.course.quiz.question(stat.question_id), stat))

    @on(PickField.Changed, "#items-course")
    def _course_changed(self) -> None:
        self.load()

    @on(DataTable.RowHighlighted, "#items-table")
    def _item_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)
