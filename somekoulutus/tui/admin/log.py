"""The log tab: the audit log, newest first, from a date on, read a page at a time.

The first page is read when the tab loads; the next one when the cursor reaches the last
row read (keyset paging on the entry id, as `somekoulutus audit-log` reads the log).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from somekoulutus.auditlog import log_cells, log_detail, pages
from somekoulutus.certs.payload import finnish_date
from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.tab import TYPING_PAUSE, AdminTab
from somekoulutus.tui.widgets.table import fill

LOG_COLUMNS: Columns = (
    ("at", "Aika"),
    ("actor", "Tekijä"),
    ("action", "Toiminto"),
    ("target", "Kohde"),
    ("details", "Tiedot"),
)
#: Entries read at a time for the screen, and for an export.
PAGE = 200
EXPORT_PAGE = 2000


def log_row(entry: Any) -> dict[str, Any]:
    """An entry as shown and exported."""
    return {key: entry[key] for key, _ in LOG_COLUMNS}


class LogTab(AdminTab):
    """The audit log; the highlighted entry's details in full below the table."""

    TAB_ID = "log"
    TITLE = "Loki"
    COLUMNS = LOG_COLUMNS
    EXPORT_NAME = "tapahtumaloki.csv"
    FOCUS = "#log-table"

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="Alkaen päivästä VVVV-KK-PP (tyhjä: kaikki)",
            id="since",
            compact=True,
        )
        yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="log-detail")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._since: str | None = None
        #: The id of the oldest entry read, and whether older ones may remain.
        self._last_id: int | None = None
        self._more = False

    def load(self, *, delay: float = 0.0) -> None:
        """Read the newest page of entries (from the date typed, if any)."""
        since = self.query_one("#since", Input).value.strip()
        if since:
            try:
                since = date.fromisoformat(since).isoformat()
            except ValueError:
                return  # still being typed
        self.cancel_reads("more")
        self.read(
            partial(self._page, since or None, None),
            partial(self._first_page, since or None),
            delay=delay,
        )

    def _page(self, since: str | None, before_id: int | None) -> list[Any]:
        """Entries older than `before_id` (run in a worker)."""
        return self.ctx.store.audit_entries(
            since, before_id=before_id, limit=PAGE, newest_first=True
        )

    def export_rows(self) -> Iterator[dict[str, Any]]:
        """The whole log from the date on screen, newest first, read a page at a time as the
        file is written (in the export's worker): not only the pages on screen."""
        return (log_row(e) for e in pages(self.ctx.store, self._since, EXPORT_PAGE))

    def export_what(self) -> str:
        since = f" päivästä {finnish_date(self._since)} alkaen" if self._since else ""
        return f"Koko tapahtumaloki{since}"

    def _first_page(self, since: str | None, page: list[Any]) -> None:
        self._since = since
        self.rows = []
        self._add(page)
        self.query_one("#log-detail", Static).update(
            Text(visible(log_detail(self.rows[0]), keep_newlines=True) if self.rows else "")
        )

    def _add(self, page: list[Any]) -> None:
        """Add a page of entries below those shown (the cursor stays where it was)."""
        if page:
            self._last_id = int(page[-1]["id"])
        self._more = len(page) == PAGE
        self.rows.extend(log_row(e) for e in page)
        table = self.query_one("#log-table", DataTable)
        cursor = table.cursor_row
        fill(table, LOG_COLUMNS, [(str(i), log_cells(r)) for i, r in enumerate(self.rows)])
        if page and cursor > 0:
            table.move_cursor(row=cursor, scroll=False)

    def read_more(self) -> None:
        """Read the next (older) page, if there may be one."""
        if self._more:
            self.read(partial(self._page, self._since, self._last_id), self._add, group="more")

    @on(Input.Changed, "#since")
    def _since_changed(self) -> None:
        self.load(delay=TYPING_PAUSE)

    @on(DataTable.RowHighlighted, "#log-table")
    def _log_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.rows):
            self.query_one("#log-detail", Static).update(
                Text(visible(log_detail(self.rows[index]), keep_newlines=True))
            )
        if index == len(self.rows) - 1:
            self.read_more()
