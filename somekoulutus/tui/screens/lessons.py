"""A course's lessons: the list with read marks beside the lesson itself."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from somekoulutus import progress
from somekoulutus.content.models import Course, Lesson
from somekoulutus.store.learning import Position
from somekoulutus.tui.screens.base import AppScreen
from somekoulutus.tui.widgets.footer import KeyFooter
from somekoulutus.tui.widgets.prose import Prose, ProseMarkdown


class LessonMarkdown(ProseMarkdown):
    """A lesson body that says when its laid-out size changes."""

    class Resized(Message):
        """The new lesson has been laid out: fresh sizes to judge 'read to the end'."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class LessonsScreen(AppScreen[None]):
    """One lesson at a time; read once scrolled to its end or left with next."""

    CSS_PATH = "shared.tcss"

    # Loaded when the screen is first shown (app.tcss holds what every screen shares):
    # the start parses only what the first screen needs.
    DEFAULT_CSS = """
        #lesson-layout {
            height: 1fr;
        }

        #lesson-list {
            /* 28 columns at 80x24; on wide terminals room for whole lesson titles. */
            width: 35%;
            min-width: 28;
            max-width: 64;
            height: 1fr;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }

        #lesson-body {
            width: 1fr;
            height: 1fr;
            padding: 0 1;
        }

        #review-note {
            background: $warning 20%;
            padding: 0 1;
            margin: 0 0 1 0;
        }

        #lesson-md {
            margin: 0;
        }

        #key-points {
            margin: 1 0 0 0;
            padding: 0 1;
            border-left: thick $accent;
        }

        #lesson-sources {
            margin: 1 0 0 0;
            color: $text-muted;
        }
    """

    BINDINGS = [
        Binding("s", "next", "Seuraava"),
        Binding("e", "previous", "Edellinen"),
        Binding("k", "quiz", "Koe"),
        Binding("escape", "home", "Etusivu"),
    ]

    def __init__(self, course: Course, lesson_id: str, review: list[str]) -> None:
        super().__init__()
        self.course = course
        self.index = [x.id for x in course.lessons].index(lesson_id)
        #: Lessons recommended for review after a failed quiz.
        self.review = review
        self.read: set[str] = set()

    @property
    def lesson(self) -> Lesson:
        return self.course.lessons[self.index]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lesson-layout"):
            yield OptionList(id="lesson-list", markup=False)
            with VerticalScroll(id="lesson-body"):
                yield Static("", id="review-note")
                yield Prose("", id="lesson-title", classes="screen-title")
                yield LessonMarkdown("", id="lesson-md")
                yield Prose("", id="key-points")
                yield Prose("", id="lesson-sources")
                with Horizontal(classes="buttons"):
                    yield Button("‹ Edellinen", id="previous")
                    yield Button("Seuraava ›", id="next", variant="primary")
                    yield Button("Aloita koe", id="quiz")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.sub_title = self.course.title
        self.read = set(self.some.db.lessons_read(self.some.login, self.course.id))
        body = self.query_one("#lesson-body")
        # Read at the end: checked when the person scrolls and when a new lesson has been
        # laid out (sizes change), never against the previous lesson's stale layout.
        self.watch(body, "scroll_y", self._scrolled, init=False)
        self.watch(body, "virtual_size", self._scrolled, init=False)
        await self.show_lesson(self.index)
        self.query_one("#lesson-body").focus()

    # -- showing -----------------------------------------------------------------------

    def _refresh_list(self) -> None:
        lessons = self.query_one("#lesson-list", OptionList)
        lessons.clear_options()
        for i, lesson in enumerate(self.course.lessons):
            mark = ("→" if lesson.id in self.review else " ") + (
                "✓" if lesson.id in self.read else " "
            )
            style = "bold reverse" if i == self.index else ""
            lessons.add_option(
                Option(Text(f"{mark} {i + 1}. {lesson.title}", style=style), id=lesson.id)
            )
        lessons.highlighted = self.index
        quiz = self.query_one("#quiz", Button)
        quiz.label = (
            "Koe"
            if self._all_read()
            else f"Koe ({len(self._read_ids())}/{len(self.course.lessons)})"
        )

    def _read_ids(self) -> set[str]:
        return self.read & {x.id for x in self.course.lessons}

    def _all_read(self) -> bool:
        return len(self._read_ids()) == len(self.course.lessons)

    async def show_lesson(self, index: int) -> None:
        """Show a lesson and remember it as the place to resume."""
        self.index = index
        lesson = self.lesson
        content = self.some.content
        assert content is not None
        self.some.save_position(Position("lesson", self.course.id, lesson_id=lesson.id))
        note = self.query_one("#review-note", Static)
        if self.review:
            note.update(Text(self._review_note()))
        note.display = bool(self.review)
        total = len(self.course.lessons)
        self.query_one("#lesson-title", Static).update(Text(f"{index + 1}/{total} {lesson.title}"))
        await self.query_one("#lesson-md", Markdown).update(progress.rendered(content, lesson.body))
        points = Text("Tärkeimmät asiat", style="bold")
        for point in lesson.key_points:
            points.append("\n• " + progress.rendered(content, point), style="")
        self.query_one("#key-points", Static).update(points)
        sections = "; ".join(content.guideline.title(s) for s in lesson.source)
        self.query_one("#lesson-sources", Static).update(
            Text(f"Ohjeen kohta: {sections}", style="italic")
        )
        self.query_one("#previous", Button).disabled = self._step(-1) is None
        self.query_one("#next", Button).disabled = self._step(1) is None
        self._refresh_list()
        body = self.query_one("#lesson-body", VerticalScroll)
        body.scroll_home(animate=False)

    def _review_note(self) -> str:
        marked = [i for i, x in enumerate(self.course.lessons) if x.id in self.review]
        where = (
            f"Kerrattava oppitunti {marked.index(self.index) + 1}/{len(marked)}. "
            if self.index in marked
            else f"Kerrattavia oppitunteja: {len(marked)}. "
        )
        return (
            where + "Nuolella (→) merkityissä oppitunneissa ovat aiheet, joissa oli eniten "
            "virheitä. S ja E siirtyvät merkitystä toiseen. Tee sitten uusi koe painamalla K."
        )

    def _step(self, direction: int) -> int | None:
        """The index of the next (1) or previous (-1) lesson; in a review, a marked one."""
        index = self.index + direction
        while 0 <= index < len(self.course.lessons):
            if not self.review or self.course.lessons[index].id in self.review:
                return index
            index += direction
        return None

    def _scrolled(self, _old: object, _new: object) -> None:
        self._check_end()

    def on_lesson_markdown_resized(self) -> None:
        self._check_end()

    def _check_end(self) -> None:
        body = self.query_one("#lesson-body", VerticalScroll)
        if not body.virtual_size.height:
            return
        if body.scroll_y >= body.max_scroll_y and self.lesson.id not in self.read:
            self._mark_read(self.lesson)

    def _mark_read(self, lesson: Lesson) -> None:
        self.some.db.mark_read(self.some.login, self.course.id, lesson.id)
        self.read.add(lesson.id)
        self._refresh_list()

    # -- actions -----------------------------------------------------------------------

    async def action_next(self) -> None:
        if self.lesson.id not in self.read:
            self._mark_read(self.lesson)
        step = self._step(1)
        if step is not None:
            await self.show_lesson(step)
        elif self.review:
            self.notify("Merkityt oppitunnit on kerrattu. Tee uusi koe painamalla K.", markup=False)
        elif self._all_read():
            self.notify("Kaikki oppitunnit on luettu. Aloita koe painamalla K.", markup=False)

    async def action_previous(self) -> None:
        step = self._step(-1)
        if step is not None:
            await self.show_lesson(step)

    def action_quiz(self) -> None:
        # Read again: the same person may have read lessons in another window.
        self.read = set(self.some.db.lessons_read(self.some.login, self.course.id))
        if not self._all_read():
            unread = [x.title for x in self.course.lessons if x.id not in self.read]
            self.notify(
                "Koe avautuu, kun kaikki oppitunnit on luettu. Lukematta: " + ", ".join(unread),
                severity="warning",
                markup=False,
            )
            return
        self.some.open_quiz(self.course)

    def action_home(self) -> None:
        self.some.go_home()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            await self.action_next()
        elif event.button.id == "previous":
            await self.action_previous()
        elif event.button.id == "quiz":
            self.action_quiz()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_index != self.index:
            await self.show_lesson(event.option_index)
        self.query_one("#lesson-body").focus()
