"""The log tab: the audit log, newest first, from a date on."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from somekoulutus.auditlog import log_cells, log_detail, newest_first
from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.tab import AdminTab
from somekoulutus.tui.widgets.table import fill

LOG_COLUMNS: Columns = (
    ("at", "Aika"),
    ("actor", "Tekijä"),
    ("action", "Toiminto"),
    ("target", "Kohde"),
    ("details", "Tiedot"),
)


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

    def load(self) -> None:
        since = self.query_one("#since", Input).value.strip()
        if since:
            try:
                since = date.fromisoformat(since).isoformat()
            except ValueError:
                return  # still being typed
        entries = self.safe(self.ctx.store.audit_entries, since or None)
        if entries is None:
            return
        self.rows = [
            {
                "at": e["at"],
                "actor": e["actor"],
                "action": e["action"],
                "target": e["target"],
                "details": e["details"],
            }
            for e in newest_first(entries)
        ]
        fill(
            self.query_one("#log-table", DataTable),
            LOG_COLUMNS,
            [(str(i), log_cells(r)) for i, r in enumerate(self.rows)],
        )
        self.query_one("#log-detail", Static).update(
            Text(log_detail(self.rows[0]) if self.rows else "")
        )

    @on(Input.Changed, "#since")
    def _since_changed(self) -> None:
        if self.admin_now():
            self.load()

    @on(DataTable.RowHighlighted, "#log-table")
    def _log_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.rows):
            self.query_one("#log-detail", Static).update(
                Text(visible(log_detail(self.rows[index]), keep_newlines=True))
            )
