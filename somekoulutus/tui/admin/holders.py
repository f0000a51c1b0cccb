"""The holders tab: certificates searched by name, login or id, filtered by unit, kind, state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from somekoulutus import rights
from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible
from somekoulutus.tui.admin.certificate import CertificateScreen
from somekoulutus.tui.admin.tab import TYPING_PAUSE, AdminTab, short_date
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
                yield PickField([], prompt="Yksikkö", id="unit")  # filled by on_mount
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

    def on_mount(self) -> None:
        store = self.ctx.store
        self.read(lambda: rights.units(store), self._show_units, group="units")

    def _show_units(self, units: list[str]) -> None:
        self.query_one("#unit", PickField).options = [(visible(u), u) for u in units]

    def reader(self) -> Callable[[], tuple[list[dict[str, Any]], int]]:
        ctx, now = self.ctx, self.ctx.now()
        search = self.query_one("#search", Input).value.strip()
        unit, definition, status = (
            self.query_one(f"#{name}", PickField).value for name in ("unit", "definition", "status")
        )
        return lambda: rights.certificate_holders(
            ctx.store, search, unit, definition, status, warn_days=ctx.warn_days(), now=now
        )

    def show(self, result: tuple[list[dict[str, Any]], int]) -> None:
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
    def _search_typed(self) -> None:
        self.load(delay=TYPING_PAUSE)

    @on(PickField.Changed, "#unit, #definition, #status")
    def _filter_picked(self) -> None:
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
