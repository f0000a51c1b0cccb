"""The admin screen: certificate holders, rights per account, audit findings, the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Static,
    TabbedContent,
    TabPane,
)

from somekoulutus import channels, rights
from somekoulutus.auditlog import log_cells, log_detail, newest_first
from somekoulutus.certs.payload import finnish_date
from somekoulutus.content.models import RIGHTS, Content
from somekoulutus.csvexport import Columns, ExportError, write_csv
from somekoulutus.safetext import visible
from somekoulutus.settings import ConfigError
from somekoulutus.store import StoreError
from somekoulutus.store.base import Store
from somekoulutus.tui.admin.access import AdminOnly, admin_now
from somekoulutus.tui.admin.certificate import CertificateScreen
from somekoulutus.tui.admin.modals import AskScreen, ConfirmScreen
from somekoulutus.tui.admin.texts import BUSY, STATUS_FI, status_label
from somekoulutus.tui.widgets.pick import PickField

# Who, the state and until when first: they fit at 80 columns; the rest scrolls.
HOLDER_COLUMNS: Columns = (
    ("id", "Todistus"),
    ("name", "Nimi"),
    ("status", "Tila"),
    ("expires_at", "Voimassa"),
    ("unit", "Yksikkö"),
    ("definition", "Laji"),
)
RIGHT_COLUMNS: Columns = (
    ("login", "Tunnus"),
    ("name", "Nimi"),
    ("role", "Rooli"),
    ("certificate", "Todistus"),
    ("certificate_status", "Tila"),
    ("granted_at", "Myönnetty"),
)
FINDING_COLUMNS: Columns = (
    ("kind", "Laji"),
    ("channel_id", "Tili"),
    ("login", "Henkilö"),
    ("date", "Päivä"),
    ("message", "Kuvaus"),
)
LOG_COLUMNS: Columns = (
    ("at", "Aika"),
    ("actor", "Tekijä"),
    ("action", "Toiminto"),
    ("target", "Kohde"),
    ("details", "Tiedot"),
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
EXPORT_NAMES = {
    "holders": "todistukset.csv",
    "rights": "oikeudet.csv",
    "audit": "tarkastus.csv",
    "log": "tapahtumaloki.csv",
}
# The tabs in order, with the input or table that takes the keys when a tab opens.
TABS = {
    "holders": "#search",
    "rights": "#channel",
    "audit": "#audit-table",
    "log": "#log-table",
}


GATE_HINT = "Valitse tili ja kirjoita käyttäjätunnus: tässä näkyy, voiko oikeuden myöntää."


def gate_text(decision: rights.GateDecision) -> str:
    """The gate's answer in plain Finnish."""
    if decision.ok:
        return f"Tarkistus: oikeuden voi myöntää. {decision.reason}"
    return f"Oikeutta ei voi myöntää: {decision.reason}"


def _cell(value: Any) -> Text:
    # People's text is shown literally: never parsed as markup.
    return Text(visible(value), no_wrap=True)


def _short_date(value: str | None) -> str:
    return finnish_date(value) if value else ""


def fill(table: DataTable[Any], columns: Columns, rows: list[tuple[str, list[Any]]]) -> None:
    """Replace a table's rows, with columns as wide as their widest cell.

    The widths are set here rather than measured by the table later: a DataTable that is
    drawn before it measures new rows keeps drawing them cut to the old widths.
    """
    cells = [(key, [_cell(v) for v in values]) for key, values in rows]
    table.clear(columns=True)
    for i, (_, header) in enumerate(columns):
        width = max([len(header), *(row[i].cell_len for _, row in cells)])
        table.add_column(header, width=width)
    for key, row in cells:
        table.add_row(*row, key=key)


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
    AdminScreen #gate-answer { height: auto; max-height: 3; padding: 0 1; }
    AdminScreen #gate-answer.ok { color: $success; }
    AdminScreen #gate-answer.refused { color: $error; }
    AdminScreen #audit-detail, AdminScreen #log-detail { height: auto; max-height: 4; padding: 0 1; }
    AdminScreen DataTable { height: 1fr; }
    AdminScreen TabPane { padding: 0; }
    """
    # F-keys for the tabs, not digits or letters: those go into the search and login inputs.
    BINDINGS = [
        Binding("escape", "close", "Takaisin"),
        Binding("f2", "export", "Vie CSV"),
        Binding("f5", "refresh", "Päivitä"),
        Binding("delete", "withdraw", "Poista oikeus"),
        # One footer entry for the four keys: 80 columns have no room for four.
        Binding("f6", "tab('holders')", "Välilehdet", key_display="f6–f9"),
        Binding("f7", "tab('rights')", "Oikeudet", show=False),
        Binding("f8", "tab('audit')", "Tarkastus", show=False),
        Binding("f9", "tab('log')", "Loki", show=False),
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
        self.rows: dict[str, list[dict[str, Any]]] = {k: [] for k in EXPORT_NAMES}
        self.sub_title = "Ylläpito"

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs", initial="holders"):
            with TabPane("Todistukset", id="holders"):
                with Horizontal(classes="filters"):
                    yield Input(
                        placeholder="Hae nimi, tunnus tai todistus", id="search", compact=True
                    )
                    with Horizontal(classes="pickers"):
                        yield PickField(
                            [(visible(u), u) for u in self._safe(rights.units, self.conn) or []],
                            prompt="Yksikkö",
                            id="unit",
                        )
                        yield PickField(
                            [(visible(d.title), d.id) for d in self.content.certificates.values()],
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
            with TabPane("Oikeudet", id="rights"):
                yield PickField(
                    [(visible(f"{c.id} ({c.platform}, {c.unit})"), c.id) for c in self._channels()],
                    prompt="Tili",
                    id="channel",
                )
                with Horizontal(classes="filters"):
                    yield Input(placeholder="Käyttäjätunnus", id="grant-login", compact=True)
                    with Horizontal(classes="pickers"):
                        yield PickField(
                            [(rights.ROLE_LABELS[r], r) for r in RIGHTS],
                            prompt="Rooli",
                            value=RIGHTS[0],
                            allow_blank=False,
                            id="grant-role",
                        )
                        yield Button("Myönnä…", variant="primary", id="grant", compact=True)
                yield Static(
                    GATE_HINT,
                    id="gate-answer",
                )
                yield DataTable(id="rights-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Tarkastus", id="audit"):
                yield Static("", id="audit-summary")
                yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="audit-detail")
            with TabPane("Loki", id="log"):
                yield Input(
                    placeholder="Alkaen päivästä VVVV-KK-PP (tyhjä: kaikki)",
                    id="since",
                    compact=True,
                )
                yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="log-detail")
        # Compact and without the palette key (Ctrl+P still works): all keys fit 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._reload()  # open_admin has just asked
        self.query_one("#search", Input).focus()

    # -- loading -----------------------------------------------------------------------

    def _safe(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a domain call; a busy database or broken config.yaml is a notice, not a crash."""
        try:
            return func(*args, **kwargs)
        except StoreError:
            self.notify(BUSY, severity="error", markup=False)
            return None
        except ConfigError as exc:  # config.yaml broken while the screen is open
            self.notify(str(exc), severity="error", markup=False)
            return None

    def _channels(self) -> list[channels.ChannelInfo]:
        return self._safe(channels.all_channels, self.conn, self.content) or []

    def admin_now(self) -> bool:
        """Ask the domain whether the person is still an admin (closes the screen if not)."""
        return admin_now(self.app, self.conn, self.login)

    def action_refresh(self) -> None:
        """Reload every tab from the database."""
        if not self.admin_now():
            return
        self._reload()

    def _reload(self) -> None:
        self.load_holders()
        self.load_rights()
        self.load_audit()
        self.load_log()
        # The gate may answer differently now (a certificate issued or revoked meanwhile).
        self.show_gate_answer()

    def _select_value(self, select_id: str) -> str | None:
        return self.query_one(f"#{select_id}", PickField).value

    def load_holders(self) -> None:
        result = self._safe(
            rights.certificate_holders,
            self.conn,
            search=self.query_one("#search", Input).value.strip(),
            unit=self._select_value("unit"),
            definition=self._select_value("definition"),
            status=self._select_value("status"),
            now=self.now(),
        )
        if result is None:
            return
        rows, total = result
        self.rows["holders"] = rows
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
                        _short_date(r["expires_at"]),
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

    def load_rights(self) -> None:
        channel = self._select_value("channel")
        rows = self._safe(rights.list_rights, self.conn, channel, now=self.now()) or []
        self.rows["rights"] = rows
        fill(
            self.query_one("#rights-table", DataTable),
            RIGHT_COLUMNS,
            [
                (
                    str(i),
                    [
                        r["login"],
                        r["name"],
                        rights.ROLE_LABELS[r["role"]] + ("" if channel else f" / {r['channel']}"),
                        r["certificate"],
                        status_label(r["certificate_status"]),
                        _short_date(r["granted_at"]),
                    ],
                )
                for i, r in enumerate(rows)
            ],
        )

    def load_audit(self) -> None:
        findings = self._safe(rights.audit, self.conn, self.content, now=self.now())
        if findings is None:
            return
        self.rows["audit"] = [
            {**f.__dict__, "kind": FINDING_LABELS.get(f.kind, f.kind)} for f in findings
        ]
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
                for i, f in enumerate(findings)
            ],
        )
        self.query_one("#audit-summary", Static).update(
            Text(
                f"Huomautuksia: {len(findings)}. Valitse rivi nähdäksesi koko kuvauksen."
                if findings
                else "Ei huomautettavaa: oikeudet ja tilit ovat kunnossa."
            )
        )
        self.query_one("#audit-detail", Static).update(
            Text(visible(findings[0].message, keep_newlines=True)) if findings else ""
        )

    def load_log(self) -> None:
        since = self.query_one("#since", Input).value.strip()
        if since:
            try:
                since = date.fromisoformat(since).isoformat()
            except ValueError:
                return  # still being typed
        entries = self._safe(self.conn.audit_entries, since or None)
        if entries is None:
            return
        rows = [
            {
                "at": e["at"],
                "actor": e["actor"],
                "action": e["action"],
                "target": e["target"],
                "details": e["details"],
            }
            for e in newest_first(entries)
        ]
        self.rows["log"] = rows
        fill(
            self.query_one("#log-table", DataTable),
            LOG_COLUMNS,
            [(str(i), log_cells(r)) for i, r in enumerate(rows)],
        )
        self.query_one("#log-detail", Static).update(Text(log_detail(rows[0]) if rows else ""))

    # -- events ------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    @on(PickField.Changed, "#unit, #definition, #status")
    def _holders_filter_changed(self) -> None:
        if self.admin_now():
            self.load_holders()

    @on(Input.Changed, "#since")
    def _since_changed(self) -> None:
        if self.admin_now():
            self.load_log()

    @on(PickField.Changed, "#channel")
    def _channel_changed(self) -> None:
        if self.admin_now():
            self.load_rights()
            self.show_gate_answer()

    @on(Input.Changed, "#grant-login")
    @on(PickField.Changed, "#grant-role")
    def _grant_changed(self) -> None:
        if self.admin_now():
            self.show_gate_answer()

    @on(DataTable.RowHighlighted, "#audit-table")
    def _finding_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.rows["audit"]):
            self.query_one("#audit-detail", Static).update(
                Text(visible(self.rows["audit"][index]["message"], keep_newlines=True))
            )

    @on(DataTable.RowHighlighted, "#log-table")
    def _log_highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.rows["log"]):
            self.query_one("#log-detail", Static).update(
                Text(visible(log_detail(self.rows["log"][index]), keep_newlines=True))
            )

    @on(DataTable.RowSelected, "#holders-table")
    def _holder_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None or not self.admin_now():
            return
        self.app.push_screen(
            CertificateScreen(self.conn, self.data_dir, self.login, event.row_key.value, self.now),
            self._after_certificate,
        )

    def _after_certificate(self, revoked: bool | None) -> None:
        if revoked and self.is_attached:
            self._reload()

    # -- the gate ----------------------------------------------------------------------

    def gate_decision(self) -> rights.GateDecision | None:
        """The gate's answer for the account, login and role on screen (None if incomplete)."""
        channel = self._select_value("channel")
        login = self.query_one("#grant-login", Input).value.strip()
        role = self._select_value("grant-role") or RIGHTS[0]
        if not channel or not login:
            return None
        decision: rights.GateDecision | None = self._safe(
            rights.check_gate,
            self.conn,
            self.content,
            self.data_dir,
            login,
            channel,
            role,
            now=self.now(),
        )
        return decision

    def show_gate_answer(self) -> None:
        answer = self.query_one("#gate-answer", Static)
        decision = self.gate_decision()
        answer.set_class(decision is not None and decision.ok, "ok")
        answer.set_class(decision is not None and not decision.ok, "refused")
        if decision is None:
            answer.update(GATE_HINT)
        else:
            answer.update(Text(visible(gate_text(decision), keep_newlines=True)))

    @on(Button.Pressed, "#grant")
    def action_grant(self) -> None:
        """Show the gate's answer in a dialog; grant only when it allows and the admin confirms."""
        if not self.admin_now():
            return
        decision = self.gate_decision()
        if decision is None:
            self.notify("Valitse ensin tili ja kirjoita käyttäjätunnus.", markup=False)
            return
        role = rights.ROLE_LABELS[decision.role]
        title = f"Myönnä {decision.login}: {role}, tili {decision.channel_id}"
        body = gate_text(decision)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._grant(decision)

        self.app.push_screen(ConfirmScreen(title, body, "Myönnä", allowed=decision.ok), confirmed)

    def _grant(self, asked: rights.GateDecision) -> None:
        if not self.admin_now():
            return
        decision = self._safe(
            rights.grant,
            self.conn,
            self.content,
            self.data_dir,
            self.login,
            asked.login,
            asked.channel_id,
            asked.role,
            now=self.now(),
        )
        if decision is None:
            return
        if decision.ok:
            self.notify(
                f"Myönnetty: {decision.login} on tilin {decision.channel_id} "
                f"{rights.ROLE_LABELS[decision.role]}.",
                markup=False,
            )
        else:  # something changed between the answer and the confirmation
            self.notify(f"Ei myönnetty: {decision.reason}", severity="error", markup=False)
        self._reload()

    def action_withdraw(self) -> None:
        """Withdraw the highlighted right after asking for the reason."""
        if self.query_one("#tabs", TabbedContent).active != "rights":
            return
        table = self.query_one("#rights-table", DataTable)
        if not self.rows["rights"] or table.cursor_row < 0:
            self.notify("Valitse ensin poistettava oikeus taulukosta.", markup=False)
            return
        row = self.rows["rights"][table.cursor_row]
        role = rights.ROLE_LABELS[row["role"]]

        def with_reason(reason: str | None) -> None:
            if reason is None or not self.admin_now():
                return
            try:
                rights.withdraw(
                    self.conn,
                    self.login,
                    row["login"],
                    row["channel"],
                    reason,
                    row["role"],
                    now=self.now(),
                )
            except (rights.RightsRefused, rights.RightsInputError) as exc:
                self.notify(str(exc), severity="error", markup=False)
            except StoreError:
                self.notify(BUSY, severity="error", markup=False)
            else:
                self.notify(f"Oikeus poistettu: {row['login']}, {row['channel']}.", markup=False)
            self._reload()

        self.app.push_screen(
            AskScreen(
                f"Poista {row['login']}: {role}, tili {row['channel']}",
                "Kirjoita syy. Se tallentuu tapahtumalokiin.",
                "Syy",
                "Poista oikeus",
            ),
            with_reason,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "withdraw":
            return self.query_one("#tabs", TabbedContent).active == "rights"
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        """Open a tab and put the keys on its first input or table."""
        self.query_one("#tabs", TabbedContent).active = tab
        self.query_one(TABS[tab]).focus()

    # -- export and leaving ------------------------------------------------------------

    def action_export(self) -> None:
        """Export the active tab's rows as CSV to a path the admin types."""
        tab = self.query_one("#tabs", TabbedContent).active or "holders"
        columns = {
            "holders": HOLDER_COLUMNS,
            "rights": RIGHT_COLUMNS,
            "audit": FINDING_COLUMNS,
            "log": LOG_COLUMNS,
        }[tab]
        rows = list(self.rows[tab])

        def write(path: str | None) -> None:
            if path is None or not self.admin_now():
                return
            try:
                written = write_csv(Path(path), rows, columns)
            except ExportError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Viety {len(rows)} riviä tiedostoon {written}.", markup=False)

        self.app.push_screen(
            AskScreen(
                "Vie CSV-tiedostoon",
                f"Näkymän rivit ({len(rows)}) tallennetaan CSV-tiedostona. Anna tiedoston polku.",
                "/polku/tiedosto.csv",
                "Vie",
                value=str(Path.cwd() / EXPORT_NAMES[tab]),
            ),
            write,
        )

    def action_close(self) -> None:
        self.dismiss()
