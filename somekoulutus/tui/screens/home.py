"""Home: the person's courses with their state, certificates, and one key to resume."""

from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from somekoulutus import progress
from somekoulutus.certs.model import STATUS_FI
from somekoulutus.certs.payload import finnish_date
from somekoulutus.safetext import visible
from somekoulutus.tui.screens.base import AppScreen
from somekoulutus.tui.widgets.footer import KeyFooter

#: The look of a section title (`.section-title` in screens/shared.tcss), inside a text.
SECTION_TITLE = "bold $accent"


class _HomeView(NamedTuple):
    greeting: Content
    courses: list[Option]
    certificates: Content


class HomeScreen(AppScreen[None]):
    """The bottom of the screen stack once the person has a profile."""

    BINDINGS = [
        Binding("j", "resume", "Jatka"),
        Binding("p", "profile", "Profiili"),
        Binding("q", "app.quit", "Lopeta"),
    ]
    # The course list straight away: focusing the scrolling body first (Textual's default,
    # the first focusable widget) and the list after it would rebuild the footer once more.
    AUTO_FOCUS = "#courses"
    #: The state on screen was read by compose and not yet shown (see on_screen_resume).
    _fresh = False

    def compose(self) -> ComposeResult:
        # Built with the person's state, so that the first paint already shows it (filling
        # empty widgets after mounting would lay the screen out and paint it twice).
        view = self._read_state()
        self._fresh = True
        yield Header()
        with VerticalScroll(id="home-body"):
            # The greeting, the resume line and the first section title are one widget, the
            # second title and the certificates another: each widget costs start-up time.
            yield Static(view.greeting, id="greeting")
            yield OptionList(*view.courses, id="courses", markup=False)
            yield Static(view.certificates, id="certificates")
        yield KeyFooter()

    def on_mount(self) -> None:
        courses = self.query_one("#courses", OptionList)
        if courses.option_count:
            courses.highlighted = 0

    def on_screen_resume(self) -> None:
        # Also sent right after mounting, when compose has just read the state.
        if self._fresh:
            self._fresh = False
            return
        self.refresh_state()

    def on_screen_suspend(self) -> None:
        # Covered (perhaps before the first resume, when the start goes straight back to a
        # lesson): the next resume reads the state again.
        self._fresh = False

    def refresh_state(self) -> None:
        """Read the person's state from the database again and show it."""
        view = self._read_state()
        self.query_one("#greeting", Static).update(view.greeting)
        courses = self.query_one("#courses", OptionList)
        highlighted = courses.highlighted
        courses.clear_options()
        courses.add_options(view.courses)
        if courses.option_count:
            courses.highlighted = min(highlighted or 0, courses.option_count - 1)
        self.query_one("#certificates", Static).update(view.certificates)

    def _read_state(self) -> _HomeView:
        """The person's greeting with the resume line, courses and certificates."""
        app = self.some
        person, content, conn = app.person, app.content, app.db
        assert person is not None and content is not None
        # Content.assemble shows strings as they are (no markup); the section titles take
        # the theme's accent colour, as `.section-title` does on the other screens.
        greeting: list[str | tuple[str, str]] = [
            (visible(f"Hei, {person.name}!"), "bold"),
            "\n"
            + visible(f"{person.unit} · {progress.ROLES[person.role]} · tunnus {person.login}"),
            "\n\n",
        ]
        states = progress.course_states(conn, content, person)
        target = progress.resume_target(conn, content, person, states)
        if target is None:
            greeting.append("Kaikki kurssisi on suoritettu. Hienoa!")
        else:
            greeting += [
                ("J", "bold reverse"),
                " Jatka: " + progress.describe(content, conn, target),
            ]
        greeting += ["\n\n", ("Kurssisi", SECTION_TITLE)]

        records = app.certificates()
        now, warn = app.now(), app.warning_days()
        courses = []
        for state in states:
            prompt = Text()
            prompt.append(state.course.title, style="bold")
            prompt.append("\n  " + state.summary())
            cert = progress.certificate_line(content, state.course, records, now, warn)
            if cert:
                prompt.append("\n  " + cert)
            courses.append(Option(prompt, id=state.course.id))

        listing: list[str | tuple[str, str]] = [("Todistuksesi", SECTION_TITLE)]
        shown = [r for r in records if r.status(now, warn) != "superseded"]
        if not shown:
            listing.append(
                "\nSinulla ei ole vielä todistuksia. Todistus tulee, kun läpäiset kokeen."
            )
        for r in sorted(shown, key=lambda r: r.issued_at, reverse=True):
            status, until = r.status(now, warn), finnish_date(r.expires_at)
            listing += [
                "\n",
                (visible(r.title), "bold"),
                {
                    "valid": f" (voimassa {until} asti)",
                    "expiring": f" (vanhenee pian: voimassa {until} asti)",
                    "expired": f" (vanhentunut {until})",
                }.get(status, f" ({STATUS_FI.get(status, status)})"),
                visible(f"\n  tunnus {r.id}\n  {r.pdf_path}", keep_newlines=True),
            ]
        return _HomeView(Content.assemble(*greeting), courses, Content.assemble(*listing))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.some.open_lessons(self.some.course(event.option.id))

    def action_resume(self) -> None:
        app = self.some
        assert app.person is not None and app.content is not None
        target = progress.resume_target(app.db, app.content, app.person)
        if target is None:
            self.notify(
                "Kaikki kurssisi on suoritettu. Voit kerrata avaamalla kurssin.", markup=False
            )
            return
        app.go_to(target)

    def action_profile(self) -> None:
        self.some.edit_profile()
