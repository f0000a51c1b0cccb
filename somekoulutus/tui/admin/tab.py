"""What every tab of the admin screen shares: the registry, the clock, the admin check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.widgets import TabPane

from somekoulutus.certs.payload import finnish_date
from somekoulutus.content.models import Content
from somekoulutus.csvexport import Columns
from somekoulutus.settings import ConfigError
from somekoulutus.store import StoreError
from somekoulutus.store.base import Store
from somekoulutus.tui.admin.access import admin_now
from somekoulutus.tui.admin.texts import BUSY


@dataclass(frozen=True)
class AdminContext:
    """What the admin screen gives each of its tabs."""

    store: Store
    content: Content
    data_dir: Path
    login: str
    now: Callable[[], datetime]
    #: Reload every tab (after a change one tab made: a grant, a revocation).
    reload: Callable[[], None]


def short_date(value: str | None) -> str:
    """A stored date or time as a Finnish date ("" for none)."""
    return finnish_date(value) if value else ""


class AdminTab(TabPane):
    """One tab of the admin screen: loads its rows from the domain, exports them as CSV."""

    #: The tab's id, title, CSV columns and default export file name.
    TAB_ID: ClassVar[str]
    TITLE: ClassVar[str]
    COLUMNS: ClassVar[Columns]
    EXPORT_NAME: ClassVar[str]
    #: The input or table that takes the keys when the tab opens.
    FOCUS: ClassVar[str]

    def __init__(self, ctx: AdminContext) -> None:
        super().__init__(self.TITLE, id=self.TAB_ID)
        self.ctx = ctx
        #: The rows on screen, as exported.
        self.rows: list[dict[str, Any]] = []

    def load(self) -> None:
        """Read the tab's rows from the registry and show them."""
        raise NotImplementedError

    def safe(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a domain call; a busy database or broken config.yaml is a notice, not a crash."""
        try:
            return func(*args, **kwargs)
        except StoreError:
            self.notify(BUSY, severity="error", markup=False)
            return None
        except ConfigError as exc:  # config.yaml broken while the screen is open
            self.notify(str(exc), severity="error", markup=False)
            return None

    def admin_now(self) -> bool:
        """Ask the domain whether the person is still an admin (closes the screen if not)."""
        return admin_now(self.app, self.ctx.store, self.ctx.login)
