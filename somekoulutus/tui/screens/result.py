"""The result of an attempt: score, topics, missed questions; certificate or review."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, ProgressBar, Static
from textual.worker import Worker, WorkerState

from somekoulutus import progress, review
from somekoulutus.certs import CertificateRecord
from somekoulutus.certs.payload import finnish_date
from somekoulutus.content.models import Course
from somekoulutus.quiz import AttemptResult
from somekoulutus.store.learning import Attempt, Position
from somekoulutus.tui.screens.base import AppScreen
from somekoulutus.tui.widgets.footer import KeyFooter
from somekoulutus.tui.widgets.prose import Prose


def percent(value: float) -> str:
    return f"{round(value * 100)} %"


class ResultScreen(AppScreen[None]):
    """Shown for a finished attempt; a pass starts the certificate step in a worker."""

    CSS_PATH = "shared.tcss"

    # Loaded when the screen is first shown (app.tcss holds what every screen shares):
    # the start parses only what the first screen needs.
    DEFAULT_CSS = """
        #result-body {
            padding: 1 2;
        }

        #result-verdict {
            text-style: bold;
        }

        #certificate-status {
            margin: 1 0 0 0;
            padding: 0 1;
            border-left: thick $accent;
        }

        #certificate-progress {
            margin: 0 0 0 1;
        }

        #topics, #missed {
            margin: 1 0 0 0;
            height: auto;
        }

        /* Each missed question: situation, the prompt as a bullet, details indented under it;
           wrapped lines keep their indent. */
        .review-heading {
            text-style: bold;
        }

        .review-topic {
            margin: 1 0 0 0;
            text-style: bold;
            color: $accent;
        }

        .review-links {
            height: auto;
            layout: vertical;
        }

        .review-link {
            width: auto;
            max-width: 100%;
            margin: 0 0 0 2;
        }

        .review-situation {
            margin: 1 0 0 2;
            text-style: italic;
            color: $text-muted;
        }

        .review-prompt {
            padding: 0 0 0 2;
            text-style: bold;
        }

        .review-prompt.review-first {
            margin: 1 0 0 0;
        }

        .review-details {
            padding: 0 0 0 4;
        }
    """

    BINDINGS = [
        Binding("k", "review", "Kertaa"),
        Binding("u", "retry", "Uusi yritys"),
        Binding("r", "certificate", "Yritä uudelleen"),
        Binding("escape", "home", "Etusivu"),
    ]

    def __init__(self, course: Course, attempt: Attempt) -> None:
        super().__init__()
        self.course = course
        self.attempt = attempt
        self.result: AttemptResult = progress.result_of(course, attempt)
        self.certificate_failed = False

    def compose(self) -> ComposeResult:
        passed = self.result.passed
        yield Header()
        with VerticalScroll(id="result-body"):
            yield Static("", id="result-verdict", classes="right" if passed else "wrong")
            yield Static("", id="result-score")
            yield Static("", id="certificate-status")
            # Shown while the certificate is being made (signing, PDF, registry).
            yield ProgressBar(
                total=None, show_eta=False, show_percentage=False, id="certificate-progress"
            )
            with Horizontal(classes="buttons"):
                if passed:
                    yield Button("Etusivulle", id="home", variant="primary")
                    yield Button("Yritä todistusta uudelleen", id="certificate")
                else:
                    yield Button("Kertaa heikoimmat aiheet", id="review", variant="primary")
                    yield Button("Uusi yritys", id="retry")
                    yield Button("Etusivulle", id="home")
            yield Static("", id="topics")
            yield Vertical(id="missed")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.course.title}: tulos"
        self.some.save_position(Position("result", self.course.id, attempt_id=self.attempt.id))
        r, quiz = self.result, self.course.quiz
        self.query_one("#result-verdict", Static).update(
            Text("Hyväksytty!" if r.passed else "Ei vielä hyväksytty", style="bold")
        )
        score = Text(
            f"Oikein {r.correct}/{r.total} ({percent(r.score)}). "
            f"Hyväksymisraja on {percent(quiz.pass_mark)}."
        )
        if not r.passed:
            score.append(
                "\nKertaa heikoimpien aiheiden oppitunnit (K) ja tee sitten uusi yritys (U). "
                "Uudessa yrityksessä kysymykset arvotaan uudelleen."
            )
        self.query_one("#result-score", Static).update(score)
        self._show_topics()
        self._show_missed()
        status = self.query_one("#certificate-status", Static)
        if r.passed:
            self.query_one("#certificate").display = False
            status.update(
                Text("Kurssi on suoritettu. Todistusta tehdään: allekirjoitus ja PDF-tiedosto…")
            )
            self.issue_certificates()
        else:
            status.display = False
            self.query_one("#certificate-progress").display = False
        self.query_one(Button).focus()

    def _show_topics(self) -> None:
        text = Text("Tulos aiheittain\n", style="bold")
        weak = set(review.weakest_topics(self.course, self.result))
        for topic, s in sorted(self.result.by_topic.items()):
            text.append(f"  {topic}: {s.correct}/{s.total}", style="")
            text.append(
                "  ← kertaa\n" if topic in weak else "\n", style="bold" if topic in weak else ""
            )
        self.query_one("#topics", Static).update(text)

    def _show_missed(self) -> None:
        """The missed questions grouped by topic, weakest first; each group links to the
        lessons that teach its topic, and each question shows its situation, both answers
        and the reason."""
        content = self.some.content
        assert content is not None
        box = self.query_one("#missed", Vertical)
        box.display = bool(self.result.missed)
        if not self.result.missed:
            return
        box.mount(
            Static("Väärin menneet kysymykset aiheittain", classes="review-heading", markup=False)
        )
        chosen_at = {
            p.question_id: self.attempt.answers.get(i, ()) for i, p in enumerate(self.attempt.plan)
        }
        for group in review.review_by_topic(content, self.course, self.result):
            box.mount(
                Static(
                    Text(f"Aihe: {group.topic} (oikein {group.correct}/{group.total})"),
                    classes="review-topic",
                )
            )
            with_links = Horizontal(classes="review-links")
            box.mount(with_links)
            for lesson in group.lessons:
                with_links.mount(
                    Button(
                        f"Kertaa oppitunti: {lesson.title}",
                        name=lesson.id,
                        compact=True,
                        classes="review-link",
                    )
                )
            for question_id in group.missed:
                self._show_question(box, question_id, chosen_at.get(question_id, ()))

    def _show_question(self, box: Vertical, question_id: str, chosen: tuple[int, ...]) -> None:
        content = self.some.content
        assert content is not None
        q = self.course.quiz.question(question_id)
        # The prompt alone ("Mitä teet?") means little without its situation.
        situation = []
        if q.group:
            situation.append(f"Tilanne: {self.course.quiz.group(q.group).title}")
        if q.scenario:
            situation.append(progress.unwrapped(progress.rendered(content, q.scenario)))
        if situation:
            box.mount(Prose(Text("\n".join(situation)), classes="review-situation"))
        first = "" if situation else " review-first"  # a gap above each question
        prompt = Text(progress.rendered(content, q.prompt))
        box.mount(Prose(prompt, classes="review-prompt" + first))
        yours = "; ".join(progress.rendered(content, q.choices[i].text) for i in chosen)
        right = "; ".join(progress.rendered(content, c.text) for c in q.choices if c.correct)
        sections = "; ".join(content.guideline.title(s) for s in q.source)
        details = Text()
        details.append("Vastasit: ", style="bold")
        details.append((yours or "et vastannut") + "\n")
        details.append("Oikea vastaus: ", style="bold")
        details.append(right + "\n")
        details.append(progress.rendered(content, q.explanation) + "\n")
        details.append(f"Ohjeen kohta: {sections}", style="italic")
        box.mount(Prose(details, classes="review-details"))

    # -- certificate step ---------------------------------------------------------------

    # exit_on_error=False: a failed write is shown with a retry key, not a crash of the app.
    @work(thread=True, exclusive=True, group="certificate", exit_on_error=False)
    def issue_certificates(self) -> list[CertificateRecord]:
        """Issue what the pass makes the person eligible for (PDF work: off the UI thread)."""
        return self.some.issue_certificates()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "certificate":
            return
        status = self.query_one("#certificate-status", Static)
        self.query_one("#certificate-progress").display = event.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        )
        if event.state == WorkerState.SUCCESS:
            self.certificate_failed = False
            self.query_one("#certificate").display = False
            status.update(self._certificate_text(event.worker.result or []))
        elif event.state == WorkerState.ERROR:
            self.certificate_failed = True
            error = event.worker.error
            status.update(
                Text(
                    f"Kurssi on suoritettu, mutta todistusta ei voitu tehdä: {error}\n"
                    "Yritä uudelleen painamalla R. Suorituksesi on tallessa.",
                    style="bold",
                )
            )
            self.query_one("#certificate").display = True
        self.refresh_bindings()

    def _certificate_text(self, issued: list[CertificateRecord]) -> Text:
        now = self.some.now()
        text = Text("Kurssi on suoritettu.\n", style="bold")
        if not issued:
            records = [
                r
                for r in self.some.certificates()
                if r.superseded_by is None
                and self.course.id in self.some.content.certificates[r.definition_id].requires  # type: ignore[union-attr]
                and r.status(now, self.some.warning_days()) in ("valid", "expiring")
            ]
            if records:
                issued = records
            else:
                text.append(
                    "Todistus tulee, kun olet suorittanut kaikki sen vaatimat kurssit.", style=""
                )
        for r in issued:
            text.append("Todistus: ", style="bold")
            text.append(f"{r.title}, voimassa {finnish_date(r.expires_at)} asti\n", style="")
            text.append(f"Tunnus: {r.id}\nTiedosto: {r.pdf_path}\n", style="")
        text.rstrip()
        return text

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "retry"):
            return not self.result.passed
        if action == "certificate":
            return self.certificate_failed
        return True

    def action_certificate(self) -> None:
        self.query_one("#certificate-status", Static).update("Todistusta tehdään…")
        self.query_one("#certificate-progress").display = True
        self.query_one("#certificate").display = False
        self.certificate_failed = False
        self.refresh_bindings()
        self.issue_certificates()

    def action_review(self) -> None:
        content = self.some.content
        assert content is not None
        topics = review.weakest_topics(self.course, self.result)
        lessons = review.lessons_for_topics(
            content, self.course, topics, self.result.missed
        ) or list(self.course.lessons)
        ids = [x.id for x in lessons]
        self.some.open_lessons(self.course, ids[0], review=ids)

    def action_retry(self) -> None:
        self.some.open_quiz(self.course)

    def action_home(self) -> None:
        self.some.go_home(done_with=self.course.id)

    def open_review_lesson(self, lesson_id: str) -> None:
        """A topic's lesson, with every lesson linked from the review marked for review."""
        content = self.some.content
        assert content is not None
        linked = {
            x.id
            for g in review.review_by_topic(content, self.course, self.result)
            for x in g.lessons
        }
        marked = [x.id for x in self.course.lessons if x.id in linked]
        self.some.open_lessons(self.course, lesson_id, review=marked)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("review-link") and event.button.name:
            self.open_review_lesson(event.button.name)
            return
        actions = {
            "home": self.action_home,
            "review": self.action_review,
            "retry": self.action_retry,
            "certificate": self.action_certificate,
        }
        actions[event.button.id or ""]()
