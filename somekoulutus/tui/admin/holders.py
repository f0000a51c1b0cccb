"""The holders tab: certificates searched by name, login or id, filtered by unit, kind, state."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from somekoulutus import rights
from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.certificate import CertificateScreen
from somekoulutus.tui.admin.tab import AdminTab, short_date
from somekoulutus.tui.admin.texts import STATUS_FI, status_label
from somekoulutus.tui.widgets.pick import PickField
from somekoulutus.tui.widgets.table import fill

# Who, the state and until when first: they fit at 80 columns; the rest scrolls.
HOLDER_COLUMNS: Columns = (
    ("id", "Todistus"),
    ("name", "Nimi"),
    ("status", "Tila"),
    ("expires_at", "Voimassa"),
    ("unit", "Yksikkö"),
    ("definition", "Laji"),
)


class HoldersTab(AdminTab):
    """Certificate holders; Enter opens a certificate (verify, revoke)."""

    TAB_ID = "holders"
    TITLE = "Todistukset"
    COLUMNS = HOLDER_COLUMNS
    EXPORT_NAME = "todistukset.csv"
    FOCUS = "#search"

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        with Horizontal(classes="filters"):
            yield Input(placeholder="Hae nimi, tunnus tai todistus", id="search", compact=True)
            with Horizontal(classes="pickers"):
                yield PickField(
                    [(visible(u), u) for u in self.safe(rights.units, ctx.store) or []],
                    prompt="Yksikkö",
                    id="unit",
                )
                yield PickField(
                    [(visible(d.title), d.id) for d in ctx.content.certificates.values()],
                    prompt="Laji",
                    id="definition",
                )
                yield PickField(
                    [(label, key) for key, label in STATUS_FI.items()],
                    prompt="Tila",
                    id="status",
                )
        yield Static("", id="holders-count")
        yield DataTable(id="holders-table", cursor_type="row", zebra_stripes=True)

    def load(self) -> None:
        result = self.safe(
            rights.certificate_holders,
            self.ctx.store,
            search=self.query_one("#search", Input).value.strip(),
            unit=self.query_one("#unit", PickField).value,
            definition=self.query_one("#definition", PickField).value,
            status=self.query_one("#status", PickField).value,
            now=self.ctx.now(),
        )
        if result is None:
            return
        rows, total = result
        self.rows = rows
        fill(
            self.query_one("#holders-table", DataTable),
            HOLDER_COLUMNS,
            [
                (
                    r["id"],
                    [
                        r["id"],
                        r["name"] or r["login"],
                        status_label(r["status"]),
                        short_date(r["expires_at"]),
                        r["unit"],
                        r["definition"],
                    ],
                )
                for r in rows
            ],
        )
        shown = f"{len(rows)}+" if total > len(rows) else str(total)
        self.query_one("#holders-count", Static).update(
            Text(f"Todistuksia: {shown}. Enter avaa todistuksen ja tarkistaa sen.")
        )

    @on(Input.Changed, "#search")
    @on(PickField.Changed, "#unit, #definition, #status")
    def _filter_changed(self) -> None:
        if self.admin_now():
            self.load()

    @on(DataTable.RowSelected, "#holders-table")
    def _holder_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None or not self.admin_now():
            return
        ctx = self.ctx
        self.app.push_screen(
            CertificateScreen(ctx.store, ctx.data_dir, ctx.login, event.row_key.value, ctx.now),
            self._after_certificate,
        )

    def _after_certificate(self, revoked: bool | None) -> None:
        if revoked and self.is_attached:
            self.ctx.reload()
