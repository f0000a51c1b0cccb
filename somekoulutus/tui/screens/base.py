"""What every learner screen shares: typed access to the app.

The screens name the app by what they ask of it (`LearnerApp`), never by importing the app
module: the app imports the screens, so that would be a circle (import-linter holds it).
`SomeApp` is checked against this protocol by mypy (see the end of `tui/app.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:  # annotations only: nothing more to import before the first screen
    from collections.abc import Callable
    from datetime import datetime

    from somekoulutus.certs import CertificateRecord
    from somekoulutus.content.models import Content, Course
    from somekoulutus.store import Store
    from somekoulutus.store.learning import Attempt, Position
    from somekoulutus.store.people import Person

R = TypeVar("R")

if TYPE_CHECKING:
    # For mypy only: the screens ask the app through it, and creating a Protocol class
    # at run time would cost every start for nothing.

    class LearnerApp(Protocol):
        """What the learner screens ask of the app."""

        content: Content | None
        login: str
        person: Person | None
        now: Callable[[], datetime]

        @property
        def db(self) -> Store: ...

        def go_to(self, pos: Position) -> None: ...

        def course(self, course_id: str | None) -> Course: ...

        def open_lessons(
            self, course: Course, lesson_id: str | None = None, review: list[str] | None = None
        ) -> None: ...

        def open_quiz(self, course: Course, attempt: Attempt | None = None) -> None: ...

        def open_result(self, course: Course, attempt: Attempt) -> None: ...

        def go_home(self, done_with: str | None = None) -> None: ...

        def save_position(self, pos: Position) -> None: ...

        def edit_profile(self) -> None: ...

        def certificates(self) -> list[CertificateRecord]: ...

        def warning_days(self) -> int: ...

        def issue_certificates(self) -> list[CertificateRecord]: ...


class AppScreen(Screen[R]):
    """A screen of SomeApp."""

    @property
    def some(self) -> LearnerApp:
        """The app, typed."""
        return cast("LearnerApp", self.app)
