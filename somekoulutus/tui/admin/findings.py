"""The audit tab: what the rights audit finds (certificates gone, accounts without contacts)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from somekoulutus import rights_audit
from somekoulutus.certs.payload import finnish_date
from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.tab import SHOWN_ROWS, AdminTab
from somekoulutus.tui.widgets.table import fill

FINDING_COLUMNS: Columns = (
    ("kind", "Laji"),
    ("channel_id", "Tili"),
    ("login", "Henkilö"),
    ("date", "Päivä"),
    ("message", "Kuvaus"),
)
FINDING_LABELS = {
    "revoked": "mitätöity",
    "superseded": "korvattu",
    "expired": "vanhentunut",
    "expiring": "vanhenee",
    "unregistered": "ei rekisterissä",
    "few_main_users": "pääkäyttäjät",
    "no_contact": "yhteyshenkilö",
}


class FindingsTab(AdminTab):
    """The audit's findings, the highlighted one's full description below the table."""

    TAB_ID = "audit"
    TITLE = "Tarkastus"
    COLUMNS = FINDING_COLUMNS
    EXPORT_NAME = "tarkastus.csv"
    FOCUS = "#audit-table"

    def compose(self) -> ComposeResult:
        yield Static("", id="audit-summary")
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-detail")

    def reader(self) -> Callable[[], list[rights_audit.Finding]]:
        ctx, now = self.ctx, self.ctx.now()
        return lambda: rights_audit.audit(ctx.store, ctx.content, ctx.warn_days(), now=now)

    def show(self, findings: list[rights_audit.Finding]) -> None:
        self.rows = [{**f.__dict__, "kind": FINDING_LABELS.get(f.kind, f.kind)} for f in findings]
        fill(
            self.query_one("#audit-table", DataTable),
            FINDING_COLUMNS,
            [
                (
                    str(i),
                    [
                        FINDING_LABELS.get(f.kind, f.kind),
                        f.channel_id,
                        f.login or "",
                        finnish_date(f.date) if f.date else "",
                        f.message,
                    ],
                )
                for i, f in enumerate(findings[:SHOWN_ROWS])
            ],
        )
        if not findings:
            summary = "Ei huomautettavaa: oikeudet ja tilit ovat kunnossa."
        elif len(findings) > SHOWN_ROWS:
            summary = f"Huomautuksia: {len(findings)}, näkyvissä {SHOWN_ROWS}. F2 vie kaikki."
        else:
            summary = f"Huomautuksia: {len(findings)}. Valitse rivi nähdäksesi koko kuvauksen."
        self.query_one("#audit-summary", Static).update(Text(summary))
        self.query_one("#audit-detail", Static).update(
            Text(visible(findings[0].message, keep_newlines=True)) if findings else ""
        )

    @on(DataTable.RowHighlighted, "#audit-table")
    def _finding_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.rows):
            self.query_one("#audit-detail", Static).update(
                Text(visible(self.rows[index]["message"], keep_newlines=True))
            )
