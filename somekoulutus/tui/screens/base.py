"""What every learner screen shares: typed access to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from somekoulutus.tui.app import SomeApp

R = TypeVar("R")


class AppScreen(Screen[R]):
    """A screen of SomeApp."""

    @property
    def some(self) -> SomeApp:
        """The app, typed."""
        return cast("SomeApp", self.app)
