"""What every tab of the admin screen shares: the registry, the clock, the admin check, and
reading from the registry in a worker thread so that the screen never waits for a query."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.widgets import TabPane
from textual.worker import Worker, WorkerState, get_current_worker

from somekoulutus.admins import NotAdmin, require_admin
from somekoulutus.certs.model import expiry_warning_days
from somekoulutus.certs.payload import finnish_date
from somekoulutus.content.models import Content
from somekoulutus.csvexport import Columns, ExportError
from somekoulutus.failures import describe
from somekoulutus.settings import ConfigError
from somekoulutus.store import StoreError
from somekoulutus.store.base import Store
from somekoulutus.tui.admin.access import admin_now, refused
from somekoulutus.tui.admin.texts import BUSY

#: Seconds from the last keystroke in a search field to the query: a name is typed a few
#: letters at a time, and only the result for what is typed when the typing pauses is wanted.
TYPING_PAUSE = 0.3
#: Rows a table shows at most: tens of thousands of rows would stop the screen for seconds
#: while the table takes them; the tab says how many there are, and F2 exports them all.
SHOWN_ROWS = 500
#: Worker groups of the admin tabs start with this (other workers are not ours to handle).
GROUP_PREFIX = "admin-read:"


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

    def warn_days(self) -> int:
        """The organisation's expiry warning window, read now (config.yaml may change)."""
        return expiry_warning_days(self.data_dir)


def short_date(value: str | None) -> str:
    """A stored date or time as a Finnish date ("" for none)."""
    return finnish_date(value) if value else ""


class AdminTab(TabPane):
    """One tab of the admin screen: reads its rows from the domain, exports them as CSV."""

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

    def load(self, *, delay: float = 0.0) -> None:
        """Read the tab's rows for the filters on screen (in a worker) and show them."""
        self.read(self.reader(), self.show, delay=delay)

    def export_rows(self) -> Iterable[dict[str, Any]]:
        """What F2 exports: the rows on screen (a tab that shows a part exports the whole)."""
        return list(self.rows)

    def export_what(self) -> str:
        """What F2 exports, for the dialog (Finnish)."""
        return f"Näkymän rivit ({len(self.rows)})"

    def reader(self) -> Callable[[], Any] | None:
        """The domain call for the filters on screen, run in a worker (None: nothing to read)."""
        raise NotImplementedError

    def show(self, result: Any) -> None:
        """Put what `reader`'s call returned on screen."""
        raise NotImplementedError

    def read(
        self,
        query: Callable[[], Any] | None,
        then: Callable[[Any], None],
        *,
        delay: float = 0.0,
        group: str = "load",
    ) -> None:
        """Run `query` in a thread after `delay` seconds, then `then(result)` on the screen.

        The admin right is asked first in the same thread, as every admin action asks it. A
        newer read of the same group cancels an older one: only the latest result is shown.
        """
        if query is None:
            self.cancel_reads(group)
            return
        store, login = self.ctx.store, self.ctx.login

        def work() -> tuple[Callable[[Any], None], Any] | None:
            if delay:
                time.sleep(delay)
                if get_current_worker().is_cancelled:
                    return None
            require_admin(store, login)
            return then, query()

        self.run_worker(
            work,
            name=f"{self.TAB_ID} {group}",
            group=f"{GROUP_PREFIX}{group}",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def cancel_reads(self, group: str = "load") -> None:
        """Forget the reads of `group` still under way."""
        self.workers.cancel_group(self, f"{GROUP_PREFIX}{group}")

    @on(Worker.StateChanged)
    def _read_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if not worker.group.startswith(GROUP_PREFIX):
            return
        event.stop()
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            then, result = worker.result
            if self.is_attached:
                then(result)
        elif event.state == WorkerState.ERROR and (error := worker.error) is not None:
            if not self._tell(error):
                raise error  # a bug: shown, never hidden

    def _tell(self, error: BaseException) -> bool:
        """Say why a registry read or write failed, if it is a failure people can mend (the
        right gone, config.yaml broken, a busy database, the disk); False for a bug."""
        if isinstance(error, (NotAdmin, ConfigError)):
            refused(self.app, error)
        elif isinstance(error, ExportError):
            self.notify(str(error), severity="error", markup=False)
        elif isinstance(error, StoreError):
            self.notify(BUSY, severity="error", markup=False)
        elif (known := describe(error)) is not None:  # the disk, not the program
            self.notify(known[0], severity="error", markup=False)
        else:
            return False
        return True

    def safe(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a domain call here; a busy database or broken config.yaml is a notice, not a crash."""
        try:
            return func(*args, **kwargs)
        except (StoreError, ConfigError) as exc:
            self._tell(exc)
            return None

    def admin_now(self) -> bool:
        """Ask the domain whether the person is still an admin (closes the screen if not)."""
        return admin_now(self.app, self.ctx.store, self.ctx.login)
