"""One quiz attempt, a question at a time, every answer saved as it is given."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Markdown, ProgressBar, Static

from somekoulutus import progress, quiz
from somekoulutus.content.models import Course, Question
from somekoulutus.store import StoreError
from somekoulutus.store.learning import Attempt, Position
from somekoulutus.tui.screens.base import AppScreen
from somekoulutus.tui.widgets.choices import ChoiceList
from somekoulutus.tui.widgets.footer import KeyFooter
from somekoulutus.tui.widgets.prose import Prose, ProseMarkdown

INSTRUCTIONS = {
    "single": "Valitse yksi vaihtoehto.",
    "true_false": "Valitse, onko väite totta vai tarua.",
    "multiple": "Valitse kaikki oikeat vaihtoehdot. Oikeita voi olla yksi tai useampi.",
}


def verdict_text(question: Question, chosen: set[int], correct: bool) -> str:
    """Right or wrong; for several right choices also why, since each chosen right
    choice says "Oikein" in its own feedback even when the answer as a whole is wrong."""
    if correct:
        return "Oikein!"
    if question.type != "multiple":
        return "Väärin."
    right = set(question.correct_indexes)
    reasons = []
    if right - chosen:
        reasons.append("et valinnut kaikkia oikeita vaihtoehtoja")
    if chosen - right:
        reasons.append("valitsit myös väärän vaihtoehdon")
    return "Väärin: " + " ja ".join(reasons) + "."


class QuizScreen(AppScreen[None]):
    """Scenario, prompt and choices in the planned order; then feedback; then the next."""

    CSS_PATH = "shared.tcss"

    # Loaded when the screen is first shown (app.tcss holds what every screen shares):
    # the start parses only what the first screen needs.
    DEFAULT_CSS = """
        #quiz-top {
            height: 1;
            padding: 0 1;
        }

        #quiz-count {
            width: auto;
            margin: 0 2 0 0;
            text-style: bold;
        }

        /* The question pane takes what it needs, at most half the screen; the choices the rest.
           Each pane scrolls on its own keys (the footer names them). */
        #question-pane {
            height: auto;
            max-height: 50%;
            padding: 0 1;
        }

        #group-title {
            margin: 1 0 0 0;
            color: $accent;
        }

        #story, #scenario {
            margin: 0;
        }

        #prompt {
            margin: 1 0 0 0;
        }

        #instruction {
            color: $text-muted;
        }

        #choices-box {
            height: 1fr;
            border-top: solid $primary;
        }

        #choices {
            height: 1fr;
            border: none;
            padding: 0 1;
        }

        #feedback {
            height: auto;
            margin: 1 0 0 0;
            padding: 0 1;
            border-left: thick $accent;
        }

        #explanation, #question-source {
            margin: 1 0 0 0;
        }

        #question-source {
            color: $text-muted;
        }
    """

    # The question (with its situation) and the choices are two panes that scroll on their
    # own: the arrows, Home and End move in the choices, PgUp and PgDn scroll the question.
    # None is a priority binding: keys are then handled in the order they were typed.
    BINDINGS = [
        Binding("1", "pick(1)", "Valitse", key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("enter", "answer", "Vastaa"),
        Binding("enter", "next", "Seuraava"),
        Binding("enter", "result", "Tulos"),
        Binding("pageup", "question(-1)", "Kysymys", key_display="PgUp/PgDn"),
        Binding("pagedown", "question(1)", "Kysymys", show=False),
        Binding("escape", "home", "Etusivu"),
    ]

    def __init__(self, course: Course, attempt: Attempt) -> None:
        super().__init__()
        self.course = course
        self.attempt = attempt
        self.position = attempt.next_position
        self.answered = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="quiz-top"):
            yield Static("", id="quiz-count")
            yield ProgressBar(total=len(self.attempt.plan), show_eta=False, id="quiz-progress")
        with VerticalScroll(id="question-pane", can_focus=False):
            yield Prose("", id="group-title")
            yield ProseMarkdown("", id="story")
            yield ProseMarkdown("", id="scenario")
            yield Prose("", id="prompt")
            yield Static("", id="instruction")
            with Vertical(id="feedback"):
                yield Static("", id="verdict")
                yield Prose("", id="choice-feedback")
                yield Prose("", id="explanation")
                yield Prose("", id="question-source")
        yield Vertical(id="choices-box")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.sub_title = f"{self.course.title}: koe"
        self._reveal_pending = False
        self.watch(
            self.query_one("#question-pane"), "virtual_size", self._reveal_feedback, init=False
        )
        await self.show_question()

    @property
    def question(self) -> Question:
        return self.course.quiz.question(self.attempt.plan[self.position].question_id)

    @property
    def order(self) -> tuple[int, ...]:
        return self.attempt.plan[self.position].order

    async def show_question(self) -> None:
        """Show the question at `self.position` and remember it as the place to resume."""
        content = self.some.content
        assert content is not None
        self.some.save_position(Position("quiz", self.course.id, attempt_id=self.attempt.id))
        self.answered = False
        q, total = self.question, len(self.attempt.plan)
        self.query_one("#quiz-count", Static).update(f"Kysymys {self.position + 1} / {total}")
        self.query_one("#quiz-progress", ProgressBar).update(progress=len(self.attempt.answers))

        group_title = self.query_one("#group-title", Static)
        story = self.query_one("#story", Markdown)
        if q.group:
            group = self.course.quiz.group(q.group)
            step = [x.id for x in group.questions].index(q.id) + 1
            group_title.update(
                Text(f"Tilanne: {group.title} (vaihe {step}/{len(group.questions)})", style="bold")
            )
            await story.update(progress.rendered(content, group.story))
        else:
            await story.update("")
        group_title.display = story.display = q.group is not None
        scenario = self.query_one("#scenario", Markdown)
        await scenario.update(progress.rendered(content, q.scenario or ""))
        scenario.display = bool(q.scenario)
        self.query_one("#prompt", Static).update(
            Text(progress.rendered(content, q.prompt), style="bold")
        )
        self.query_one("#instruction", Static).update(Text(INSTRUCTIONS[q.type], style="italic"))

        box = self.query_one("#choices-box", Vertical)
        await box.remove_children()
        texts = [progress.rendered(content, q.choices[i].text) for i in self.order]
        choices = ChoiceList(texts, multiple=q.type == "multiple", id="choices")
        await box.mount(choices)
        self.query_one("#feedback").display = False
        self.query_one("#question-pane", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()
        choices.focus()

    # -- answering ---------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        self.query_one(ChoiceList).toggle(number - 1)

    def action_answer(self) -> None:
        self.submit()

    async def action_next(self) -> None:
        await self.next_question()

    async def action_result(self) -> None:
        await self.next_question()

    def action_question(self, direction: int) -> None:
        """Scroll the question pane a page up (-1) or down (1)."""
        pane = self.query_one("#question-pane", VerticalScroll)
        if direction < 0:
            pane.scroll_page_up(animate=False)
        else:
            pane.scroll_page_down(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("answer", "pick"):
            return not self.answered
        if action in ("next", "result"):
            last = self.attempt.next_position >= len(self.attempt.plan)
            return self.answered and last == (action == "result")
        return True

    def submit(self) -> None:
        """Grade and save the selection at once, then show the feedback."""
        choices = self.query_one(ChoiceList)
        if not choices.selected:
            self.notify(
                "Valitse ensin vastaus numeronäppäimellä tai välilyönnillä.",
                severity="warning",
                markup=False,
            )
            return
        chosen = sorted(self.order[i] for i in choices.selected)
        try:
            self.attempt, correct = progress.answer(
                self.some.db, self.course, self.attempt, self.position, chosen
            )
        except StoreError as exc:
            self.notify(str(exc), title="Vastausta ei tallennettu", severity="error", markup=False)
            return
        self.answered = True
        if quiz.feedback_deferred(self.course.quiz, self.attempt.plan, self.position):
            self._show_deferred(chosen)
        else:
            self._show_feedback(correct, chosen)
        # Enter now moves on (and the footer says so).
        self.refresh_bindings()

    def _show_deferred(self, chosen: list[int]) -> None:
        """A scenario step before its last: the answer is saved, its feedback (which could
        give away the next steps) comes when the scenario ends."""
        saved = set(self.attempt.answers.get(self.position, chosen))
        choices = self.query_one(ChoiceList)
        choices.selected = {i for i, yaml_index in enumerate(self.order) if yaml_index in saved}
        verdict = self.query_one("#verdict", Static)
        verdict.update(
            Text("Vastaus tallennettu. Palaute näytetään, kun tilanne päättyy.", style="bold")
        )
        verdict.remove_class("right", "wrong")
        for name in ("#choice-feedback", "#explanation", "#question-source"):
            self.query_one(name, Static).update("")
        self.query_one("#feedback").display = True
        self.query_one("#quiz-progress", ProgressBar).update(progress=len(self.attempt.answers))
        self._reveal_pending = True

    def _earlier_steps(self) -> list[RenderableType]:
        """The feedback held back on the scenario's earlier steps, now that it has ended."""
        content = self.some.content
        assert content is not None
        plan = self.attempt.plan
        lines: list[RenderableType] = []
        for position in quiz.feedback_due(self.course.quiz, plan, self.position)[:-1]:
            q = self.course.quiz.question(plan[position].question_id)
            saved = set(self.attempt.answers.get(position, ()))
            verdict = verdict_text(q, saved, quiz.is_correct(q, saved))
            lines.append(Text(""))
            lines.append(
                Text.assemble(
                    (f"Vaihe {position + 1}: ", "bold"),
                    progress.rendered(content, q.prompt),
                    " ",
                    (verdict, "bold"),
                )
            )
            for yaml_index in plan[position].order:
                choice = q.choices[yaml_index]
                if yaml_index in saved:
                    lines.append(
                        Padding(
                            Text.assemble(
                                ("Valitsit: ", "bold"),
                                progress.rendered(content, choice.text),
                                "\n",
                                progress.rendered(content, choice.feedback),
                            ),
                            (0, 0, 0, 2),
                        )
                    )
            lines.append(
                Padding(
                    Text("Perustelu: ", style="bold")
                    + Text(progress.rendered(content, q.explanation)),
                    (0, 0, 0, 2),
                )
            )
        if lines:
            lines.insert(0, Text("Tilanteen aiemmat vaiheet", style="bold"))
        return lines

    def _show_feedback(self, correct: bool, chosen: list[int]) -> None:
        content = self.some.content
        assert content is not None
        q = self.question
        # Grade the choices as shown: the saved answer decides, not what is on screen.
        saved = set(self.attempt.answers.get(self.position, chosen))
        choices = self.query_one(ChoiceList)
        choices.selected = {i for i, yaml_index in enumerate(self.order) if yaml_index in saved}
        choices.show_graded({i for i, y in enumerate(self.order) if y in q.correct_indexes})

        verdict = self.query_one("#verdict", Static)
        verdict.update(Text(verdict_text(q, saved, correct), style="bold"))
        verdict.set_class(correct, "right")
        verdict.set_class(not correct, "wrong")
        # Each chosen choice with its feedback indented under it (wrapped lines too).
        lines: list[RenderableType] = []
        for yaml_index in self.order:
            if yaml_index in saved:
                choice = q.choices[yaml_index]
                lines.append(
                    Text.assemble(("Valitsit: ", "bold"), progress.rendered(content, choice.text))
                )
                lines.append(
                    Padding(Text(progress.rendered(content, choice.feedback)), (0, 0, 0, 2))
                )
        if not correct:
            right = [
                progress.rendered(content, q.choices[i].text)
                for i in self.order
                if i in q.correct_indexes
            ]
            lines.append(Text.assemble(("Oikea vastaus: ", "bold"), "; ".join(right)))
        self.query_one("#choice-feedback", Static).update(Group(*lines))
        self.query_one("#explanation", Static).update(
            Text("Perustelu: ", style="bold") + Text(progress.rendered(content, q.explanation))
        )
        sections = "; ".join(content.guideline.title(s) for s in q.source)
        self.query_one("#question-source", Static).update(
            Group(Text(f"Ohjeen kohta: {sections}", style="italic"), *self._earlier_steps())
        )
        self.query_one("#feedback").display = True
        self.query_one("#quiz-progress", ProgressBar).update(progress=len(self.attempt.answers))
        self._reveal_pending = True

    def _reveal_feedback(self, _old: object, _new: object) -> None:
        # Once the feedback has been laid out (the body grew), bring it to the top.
        if self._reveal_pending:
            self._reveal_pending = False
            self.call_after_refresh(
                self.query_one("#question-pane", VerticalScroll).scroll_to_widget,
                self.query_one("#verdict"),
                animate=False,
                top=True,
            )

    async def next_question(self) -> None:
        """The next unanswered question, or the result when all are answered."""
        if self.attempt.next_position >= len(self.attempt.plan):
            self.some.open_result(self.course, self.attempt)
            return
        self.position = self.attempt.next_position
        await self.show_question()

    def action_home(self) -> None:
        self.some.go_home()
