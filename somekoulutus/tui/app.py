"""The learner's app: profile, home, lessons, quiz and result over the domain."""

from __future__ import annotations

import gc
import random
import sqlite3
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import ThemeProvider

import somekoulutus.content  # its ContentError is looked up only when loading fails
from somekoulutus import admins, certs, progress, settings
from somekoulutus.appcontext import AppContext
from somekoulutus.certs import CertificateRecord
from somekoulutus.certs.model import DEFAULT_WARNING_DAYS
from somekoulutus.content.cache import load_content_cached
from somekoulutus.content.models import Content, Course
from somekoulutus.safetext import visible
from somekoulutus.store import Store, StoreError, open_store
from somekoulutus.store import db as db_module
from somekoulutus.store.learning import Attempt, Position
from somekoulutus.store.people import Person
from somekoulutus.tui.screens.home import HomeScreen

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class SomeApp(App[None]):
    """Somekoulutus for one person (an OS login) over one content set and one database."""

    CSS_PATH = "app.tcss"
    TITLE = "Somekoulutus"
    BINDINGS = [
        Binding("f1", "help", "Ohje"),
        Binding("question_mark", "help", "Ohje", show=False),
        Binding("ctrl+a", "admin", "Ylläpito"),
        # For everyone not (yet) known as an admin: asks again, so that a person made admin
        # while the app runs gets in without a restart (and anyone else is told why not).
        Binding("ctrl+a", "admin_recheck", "Ylläpito", show=False),
        # Textual's own palette binding says "palette"; ours says it in Finnish.
        Binding("ctrl+p", "command_palette", "Komennot", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        data_dir: Path,
        login: str,
        content: Content | None = None,
        errors: list[str] | None = None,
        db: Store | Callable[[], Store] | None = None,
        now: Clock = utc_now,
        rng: random.Random | int | None = None,
    ) -> None:
        """`db` is an open store or what opens one (default: the data dir's embedded store)."""
        super().__init__()
        self.data_dir = data_dir
        self.login = login
        self.content = content
        self.errors = list(errors or [])
        if content is None and not self.errors:
            self.errors.append("Kurssisisältöä ei ole ladattu.")
        self._db = db if db is not None else (lambda: open_store(data_dir))
        self.store: Store | None = None
        self.now = now
        self.rng = rng if isinstance(rng, random.Random) else random.Random(rng)
        # Certificate ids come from the system's secure source unless a test fixed the rng.
        self.id_rng: random.Random | None = self.rng if rng is not None else None
        self.person: Person | None = None
        self.is_admin = False
        # Why config.yaml cannot be read (Finnish), or None; learning works regardless.
        self.config_error: str | None = None

    @classmethod
    def from_context(cls, ctx: AppContext) -> SomeApp:
        """Build the app for a CLI invocation; content errors go to the error screen."""
        content, errors = None, []
        assert ctx.courses_dir is not None and ctx.certificates_dir is not None
        try:
            content = load_content_cached(ctx.courses_dir, ctx.certificates_dir)
        except somekoulutus.content.ContentError as exc:
            errors = [str(issue) for issue in exc.issues]
        try:
            data = ctx.data()
        except OSError as exc:
            data = Path(ctx.data_dir_option or ".")
            errors.append(f"Tietokansiota ei voi luoda: {exc}")
        except settings.ConfigError as exc:  # the data dir is a file, or cannot be made
            data = Path(ctx.data_dir_option or ".")
            errors.append(str(exc))
        # The modules and the content loaded so far live as long as the process. Moved to the
        # collector's permanent generation, they are not walked again by every full collection:
        # one would otherwise fall while the first screen is built (~0.02-0.03 s).
        gc.freeze()
        return cls(
            data_dir=data,
            login=ctx.actor,
            content=content,
            errors=errors,
            db=ctx.store,
        )

    # -- start -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The home screen when the person has a profile and nothing stops the start (every
        start but the first): built as the app's first screen, not pushed over a blank one.
        Otherwise a blank screen, which `on_mount` covers with the error or profile form."""
        self._open()
        if not self.errors and self.person is not None:
            return HomeScreen()
        return Screen(id="_default")

    def _open(self) -> None:
        """Open the store and read the person and the admin list (before the first screen)."""
        db_module.set_wait_notice(self._tell_waiting)
        if not self.errors:
            self._open_database()
        if self.errors:
            return
        self._read_admin_status()
        self.login = self.db.identity() if self.db.backend != "sqlite" else self.login
        self.person = self.db.person(self.login)

    def on_mount(self) -> None:
        # The error, profile and help screens are imported when shown: most starts show
        # none of them, and importing them (with their widgets) costs start-up time.
        if self.errors:
            from somekoulutus.tui.screens.error import ErrorScreen

            self.push_screen(ErrorScreen(self.errors))
            return
        if self.config_error is not None:
            self._tell_config_error()
        if self.person is None:
            from somekoulutus.tui.screens.profile import ProfileScreen

            self.push_screen(
                ProfileScreen(self.login, None, self._email_domain()), self._first_profile
            )
        else:
            self._resume()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice of every screen, with control characters made visible.

        Notices often quote a login, a name or a reason. Ours pass markup=False as well.
        """
        super().notify(
            visible(message, keep_newlines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _tell_waiting(self, message: str) -> None:
        """The store waits for another process's lock: say so (from any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(
            lambda: self.notify(message, title="Odotetaan", severity="warning", markup=False)
        )

    def _read_admin_status(self) -> None:
        """Read config.yaml's admin list; a broken file closes only the admin screens."""
        try:
            self.is_admin = admins.is_admin(self.db, self.login)
            self.config_error = None
        except settings.ConfigError as exc:
            self.is_admin = False
            self.config_error = str(exc)

    def _tell_config_error(self) -> None:
        self.notify(
            f"{self.config_error}\nYlläpitonäkymät eivät ole käytettävissä, ennen kuin tiedosto "
            "on korjattu (Ctrl+A tarkistaa uudelleen). Opiskelu toimii tavalliseen tapaan.",
            title="Asetustiedostoa ei voi lukea",
            severity="warning",
            timeout=30,
            markup=False,
        )

    def _open_database(self) -> None:
        if isinstance(self._db, Store):
            self.store = self._db
            return
        try:
            self.store = self._db()
        except StoreError as exc:
            self.errors.append(str(exc))
        except (sqlite3.Error, OSError) as exc:
            from somekoulutus import failures

            known = failures.describe(exc)
            reason = known[0] if known else str(exc)
            self.errors.append(f"Tietokantaa kansiossa {self.data_dir} ei voi avata. {reason}")

    @property
    def db(self) -> Store:
        """The open registry (available once the app has started without errors)."""
        assert self.store is not None
        return self.store

    def _email_domain(self) -> str | None:
        return self.content.organisation.email_domain if self.content else None

    def _first_profile(self, person: Person | None) -> None:
        if person is None:
            self.exit()
            return
        self.person = person
        self._start()

    def _start(self) -> None:
        """After the first profile: home over the blank first screen, then where to go."""
        self.push_screen(HomeScreen())
        self._resume()

    def _resume(self) -> None:
        """Straight back to where the person was (home is at the bottom of the stack)."""
        assert self.content is not None and self.person is not None
        saved = progress.saved_position(self.db, self.content, self.person)
        if saved is not None:
            self.go_to(saved)

    # -- navigation --------------------------------------------------------------------

    def _show(self, screen: Screen[Any]) -> None:
        # Home stays at the bottom; a learning screen replaces the one above it.
        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_to(self, pos: Position) -> None:
        """Open a saved or suggested place."""
        course = self.course(pos.course_id)
        if pos.screen == "lesson":
            self.open_lessons(course, pos.lesson_id)
            return
        attempt = self.db.get_attempt(pos.attempt_id or -1)
        if attempt is None:
            self.open_lessons(course)
        elif pos.screen == "quiz" and attempt.finished_at is None:
            self.open_quiz(course, attempt)
        else:
            self.open_result(course, attempt)

    def course(self, course_id: str | None) -> Course:
        assert self.content is not None
        return self.content.courses[course_id or ""]

    def open_lessons(
        self, course: Course, lesson_id: str | None = None, review: list[str] | None = None
    ) -> None:
        """The lessons of a course, at a lesson (default: the first unread one)."""
        assert self.person is not None
        if lesson_id is None:
            state = progress.course_state(self.db, self.login, course)
            lesson_id = (state.first_unread() or course.lessons[0]).id
        # Imported here: the Markdown widget and the quiz screens are not needed for the first
        # screen, and importing them up front costs start-up time.
        from somekoulutus.tui.screens.lessons import LessonsScreen

        self._show(LessonsScreen(course, lesson_id, review or []))

    def open_quiz(self, course: Course, attempt: Attempt | None = None) -> None:
        """The course's open attempt, or a new one with a new draw."""
        if attempt is None:
            try:
                attempt = progress.attempt_for(
                    self.db,
                    self.login,
                    course,
                    self.rng,
                    progress.course_policy(self.content, course) if self.content else None,
                    self.now(),
                )
            except (progress.QuizLocked, StoreError) as exc:
                # The domain (or the registry's attempt policy) says why; nothing is started.
                self.notify(str(exc), title="Koe ei ole avoinna", severity="warning", markup=False)
                return
        if attempt.next_position >= len(attempt.plan):
            self.open_result(course, attempt)
            return
        from somekoulutus.tui.screens.quiz import QuizScreen

        self._show(QuizScreen(course, attempt))

    def open_result(self, course: Course, attempt: Attempt) -> None:
        """Close the attempt (if still open) and show its result."""
        progress.finish(self.db, course, attempt)
        finished = self.db.get_attempt(attempt.id)
        assert finished is not None
        from somekoulutus.tui.screens.result import ResultScreen

        self._show(ResultScreen(course, finished))

    def go_home(self, done_with: str | None = None) -> None:
        """Back to the home screen.

        The lesson or question stays saved, so the next start and the resume key go back
        to it; `done_with` (a course id) forgets a finished attempt's result instead.
        """
        if done_with is not None:
            self.db.save_position(self.login, Position("home", done_with))
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def save_position(self, pos: Position) -> None:
        self.db.save_position(self.login, pos)

    # -- certificates ------------------------------------------------------------------

    def certificates(self) -> list[CertificateRecord]:
        """The person's certificates (every status), from the registry."""
        return certs.certificates_of(self.db, self.login)

    def warning_days(self) -> int:
        """How many days before expiry a certificate counts as expiring soon."""
        try:
            return certs.expiry_warning_days(self.data_dir)
        except settings.ConfigError:
            # Already told at start; the home screen still shows the certificates.
            return DEFAULT_WARNING_DAYS

    def issue_certificates(self) -> list[CertificateRecord]:
        """Issue (or wait for the issuer service to issue) every certificate the person is
        now eligible for (runs in a worker)."""
        from somekoulutus.certs.child import issue_if_eligible_in_child
        from somekoulutus.certs.pending import obtain_certificates

        assert self.content is not None
        # Issued in a child process: the PDF and signing code (~27 MB) never loads here.
        return obtain_certificates(
            self.db,
            self.content,
            self.data_dir,
            self.login,
            now=self.now(),
            rng=self.id_rng,
            issue=issue_if_eligible_in_child,
        )

    # -- app-wide actions --------------------------------------------------------------

    def action_help(self) -> None:
        from somekoulutus.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def edit_profile(self) -> None:
        """Open the profile form; the home screen refreshes when it closes."""
        from somekoulutus.tui.screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(self.login, self.person, self._email_domain()), self._edited)

    def _edited(self, person: Person | None) -> None:
        if person is not None:
            self.person = person

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer shows the admin key to those known as admins at the last check; the
        # key itself asks the domain every time it is pressed (rights change while we run).
        if action in ("admin", "admin_recheck"):
            if self.person is None or self._admin_open():
                return False
            shown = self.is_admin and self.config_error is None
            return shown if action == "admin" else not shown
        return True

    def _admin_open(self) -> bool:
        # Not imported yet means never opened: importing it here (the footer asks at start)
        # would load the rights gate and the signing code before the first screen.
        admin = sys.modules.get("somekoulutus.tui.admin")
        if admin is None:
            return False
        return any(isinstance(s, admin.AdminScreen) for s in self.screen_stack)

    # -- command palette, in Finnish ---------------------------------------------------

    def action_command_palette(self) -> None:
        # Textual annotates is_open as taking App[object]; App is invariant, any app works.
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder="Hae komentoa…", id="--command-palette"))

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder="Hae teemaa…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Teema", "Vaihda värit (teema)", self.action_change_theme)
        yield SystemCommand("Ohje", "Näppäimet ja niiden toiminnot", self.action_help)
        yield SystemCommand("Lopeta", "Sulje ohjelma; edistyminen on jo tallessa", self.exit)

    def action_admin_recheck(self) -> None:
        """Ask again who is an admin: open the admin screen if this person now is one,
        else say why not (not an admin, or config.yaml is broken)."""
        self.action_admin()

    def action_admin(self) -> None:
        """Open the admin screen if the domain says this person is an admin now."""
        from somekoulutus.tui.admin import AdminScreen, open_admin

        self._read_admin_status()
        self.refresh_bindings()
        if self.config_error is not None:
            self._tell_config_error()
            return
        self.clear_notifications()  # a notice about a broken file would be out of date
        if self.content is not None and not isinstance(self.screen, AdminScreen):
            open_admin(self, self.db, self.content, self.data_dir, self.login, self.now)


if TYPE_CHECKING:
    from somekoulutus.tui.screens.base import LearnerApp

    # mypy checks here that the app offers what the learner screens ask of it.
    _learner_app: type[LearnerApp] = SomeApp
