"""The admin screen: one tab per view (tui/admin/holders.py, grants.py, findings.py, log.py,
items.py).

The screen holds what the tabs share: the keys, refreshing, CSV export and leaving.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, TabbedContent

from somekoulutus.content.models import Content
from somekoulutus.csvexport import write_csv
from somekoulutus.store.base import Store
from somekoulutus.tui.admin.access import AdminOnly, admin_now
from somekoulutus.tui.admin.findings import FindingsTab
from somekoulutus.tui.admin.grants import RightsTab
from somekoulutus.tui.admin.holders import HoldersTab
from somekoulutus.tui.admin.items import ItemsTab
from somekoulutus.tui.admin.log import LogTab
from somekoulutus.tui.admin.modals import AskScreen
from somekoulutus.tui.admin.tab import AdminContext, AdminTab
from somekoulutus.tui.widgets.footer import KeyFooter

#: The tabs in order.
TABS: tuple[type[AdminTab], ...] = (HoldersTab, RightsTab, FindingsTab, LogTab, ItemsTab)


class AdminScreen(AdminOnly, Screen[None]):
    """The communications unit's view; opened only through `open_admin` (admins only)."""

    # Under 100 columns the search or login field gets a line of its own, above the
    # pickers; every field and button stays whole at 60 columns.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    DEFAULT_CSS = """
    AdminScreen .filters { height: auto; }
    AdminScreen.-narrow .filters { layout: vertical; }
    AdminScreen .filters Input { width: 1fr; }
    AdminScreen.-narrow .filters Input { width: 100%; }
    AdminScreen .pickers { width: auto; height: auto; }
    AdminScreen .pickers > * { margin: 0 0 0 1; max-width: 36; }
    AdminScreen.-narrow .pickers {
        layout: grid; grid-size: 3; grid-gutter: 0 1; grid-rows: 1; width: 100%; height: 1;
    }
    AdminScreen.-narrow .pickers > * { width: 100%; max-width: 100%; margin: 0; }
    AdminScreen #channel { margin: 0 0 0 1; }
    AdminScreen #holders-count, AdminScreen #audit-summary { height: 1; color: $text-muted; }
    AdminScreen #rights-count { height: auto; color: $text-muted; display: none; }
    AdminScreen #items-summary { height: auto; max-height: 3; color: $text-muted; }
    AdminScreen #gate-answer { height: auto; max-height: 3; padding: 0 1; }
    AdminScreen #gate-answer.ok { color: $success; }
    AdminScreen #gate-answer.refused { color: $error; }
    AdminScreen #audit-detail, AdminScreen #log-detail { height: auto; max-height: 4; padding: 0 1; }
    AdminScreen #items-detail { height: auto; max-height: 5; padding: 0 1; }
    AdminScreen DataTable { height: 1fr; }
    AdminScreen TabPane { padding: 0; }
    """
    # F-keys for the tabs, not digits or letters: those go into the search and login inputs.
    BINDINGS = [
        Binding("escape", "close", "Takaisin"),
        Binding("f2", "export", "Vie CSV"),
        Binding("f5", "refresh", "Päivitä"),
        Binding("delete", "withdraw", "Poista oikeus"),
        # One footer entry for the five keys: 80 columns have no room for five.
        Binding("f6", "tab('holders')", "Välilehdet", key_display="f6–f10"),
        Binding("f7", "tab('rights')", "Oikeudet", show=False),
        Binding("f8", "tab('audit')", "Tarkastus", show=False),
        Binding("f9", "tab('log')", "Loki", show=False),
        Binding("f10", "tab('items')", "Kysymykset", show=False),
    ]

    def __init__(
        self,
        conn: Store,
        content: Content,
        data_dir: Path,
        login: str,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.conn = conn
        self.content = content
        self.data_dir = data_dir
        self.login = login
        self.now = now
        self.ctx = AdminContext(conn, content, data_dir, login, now, self._reload)
        self.sub_title = "Ylläpito"

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs", initial=TABS[0].TAB_ID):
            for tab in TABS:
                yield tab(self.ctx)
        # Compact and without the palette key (Ctrl+P still works): all keys fit 80 columns.
        yield KeyFooter()

    def on_mount(self) -> None:
        self._reload()  # open_admin has just asked
        self.query_one(HoldersTab.FOCUS).focus()

    def tab(self, tab_id: str) -> AdminTab:
        """One of the tabs, by id."""
        return self.query_one(f"#{tab_id}", AdminTab)

    def active_tab(self) -> AdminTab:
        return self.tab(self.query_one("#tabs", TabbedContent).active or TABS[0].TAB_ID)

    def admin_now(self) -> bool:
        """Ask the domain whether the person is still an admin (closes the screen if not)."""
        return admin_now(self.app, self.conn, self.login)

    def action_refresh(self) -> None:
        """Reload every tab from the database."""
        if not self.admin_now():
            return
        self._reload()

    def _reload(self) -> None:
        for tab in self.query(AdminTab):
            tab.load()
        # The gate may answer differently now (a certificate issued or revoked meanwhile).
        self.query_one(RightsTab).show_gate_answer()

    def action_withdraw(self) -> None:
        """Withdraw the highlighted right (rights tab) after asking for the reason."""
        tab = self.active_tab()
        if isinstance(tab, RightsTab):
            tab.withdraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "withdraw":
            return self.query_one("#tabs", TabbedContent).active == RightsTab.TAB_ID
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_tab(self, tab_id: str) -> None:
        """Open a tab and put the keys on its first input or table."""
        self.query_one("#tabs", TabbedContent).active = tab_id
        self.query_one(self.tab(tab_id).FOCUS).focus()

    def action_export(self) -> None:
        """Export the active tab's rows as CSV to a path the admin types (written in a worker)."""
        tab = self.active_tab()
        columns = tab.COLUMNS
        rows = tab.export_rows()

        def written(result: tuple[Path, int]) -> None:
            path, count = result
            self.notify(f"Viety {count} riviä tiedostoon {path}.", markup=False)

        def write(path: str | None) -> None:
            if path is not None:
                tab.read(lambda: write_csv(Path(path), rows, columns), written, group="export")

        self.app.push_screen(
            AskScreen(
                "Vie CSV-tiedostoon",
                f"{tab.export_what()} tallennetaan CSV-tiedostona. Anna tiedoston polku.",
                "/polku/tiedosto.csv",
                "Vie",
                value=str(Path.cwd() / tab.EXPORT_NAME),
            ),
            write,
        )

    def action_close(self) -> None:
        self.dismiss()
