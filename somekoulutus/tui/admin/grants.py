"""The rights tab: who holds which right on which account; grant through the gate, withdraw."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Static

from somekoulutus import channels, rights
from somekoulutus.content.models import RIGHTS
from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible
from somekoulutus.store import StoreError
from somekoulutus.tui.admin.modals import AskScreen, ConfirmScreen
from somekoulutus.tui.admin.tab import SHOWN_ROWS, TYPING_PAUSE, AdminTab, short_date
from somekoulutus.tui.admin.texts import BUSY, status_label
from somekoulutus.tui.widgets.pick import PickField
from somekoulutus.tui.widgets.table import fill

RIGHT_COLUMNS: Columns = (
    ("login", "Tunnus"),
    ("name", "Nimi"),
    ("role", "Rooli"),
    ("certificate", "Todistus"),
    ("certificate_status", "Tila"),
    ("granted_at", "Myönnetty"),
)
GATE_HINT = "Valitse tili ja kirjoita käyttäjätunnus: tässä näkyy, voiko oikeuden myöntää."


def gate_text(decision: rights.GateDecision) -> str:
    """The gate's answer in plain Finnish."""
    if decision.ok:
        return f"Tarkistus: oikeuden voi myöntää. {decision.reason}"
    return f"Oikeutta ei voi myöntää: {decision.reason}"


class RightsTab(AdminTab):
    """Rights per account; the gate answers as the admin types, before anything is granted."""

    TAB_ID = "rights"
    TITLE = "Oikeudet"
    COLUMNS = RIGHT_COLUMNS
    EXPORT_NAME = "oikeudet.csv"
    FOCUS = "#channel"

    def compose(self) -> ComposeResult:
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
        yield Static(GATE_HINT, id="gate-answer")
        yield Static("", id="rights-count")
        yield DataTable(id="rights-table", cursor_type="row", zebra_stripes=True)

    def _channels(self) -> list[channels.ChannelInfo]:
        return self.safe(channels.all_channels, self.ctx.store, self.ctx.content) or []

    def reader(self) -> Callable[[], tuple[str | None, list[dict[str, Any]]]]:
        """The rights of the picked account (all accounts when none is picked)."""
        ctx, channel, now = self.ctx, self.query_one("#channel", PickField).value, self.ctx.now()
        return lambda: (
            channel,
            rights.list_rights(ctx.store, channel, warn_days=ctx.warn_days(), now=now),
        )

    def show(self, result: tuple[str | None, list[dict[str, Any]]]) -> None:
        channel, rows = result
        self.rows = rows
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
                        short_date(r["granted_at"]),
                    ],
                )
                for i, r in enumerate(rows[:SHOWN_ROWS])
            ],
        )
        count = self.query_one("#rights-count", Static)
        count.display = len(rows) > SHOWN_ROWS
        count.update(
            Text(
                f"Oikeuksia {len(rows)}, näkyvissä {SHOWN_ROWS}. "
                "Valitse tili tai vie kaikki CSV-tiedostoon (F2)."
            )
        )

    # -- the gate ----------------------------------------------------------------------

    def gate_question(self) -> Callable[[], rights.GateDecision] | None:
        """The gate's question for the account, login and role on screen (None if incomplete)."""
        channel = self.query_one("#channel", PickField).value
        login = self.query_one("#grant-login", Input).value.strip()
        role = self.query_one("#grant-role", PickField).value or RIGHTS[0]
        if not channel or not login:
            return None
        ctx = self.ctx
        return partial(
            rights.check_gate,
            ctx.store,
            ctx.content,
            ctx.data_dir,
            login,
            channel,
            role,
            now=ctx.now(),
        )

    def show_gate_answer(self, *, delay: float = 0.0) -> None:
        """Ask the gate (in a worker) and show its answer as the admin types."""
        question = self.gate_question()
        if question is None:
            self._show_gate(None)  # the hint; read(None) below drops an answer still coming
        self.read(question, self._show_gate, delay=delay, group="gate")

    def _show_gate(self, decision: rights.GateDecision | None) -> None:
        answer = self.query_one("#gate-answer", Static)
        answer.set_class(decision is not None and decision.ok, "ok")
        answer.set_class(decision is not None and not decision.ok, "refused")
        if decision is None:
            answer.update(GATE_HINT)
        else:
            answer.update(Text(visible(gate_text(decision), keep_newlines=True)))

    @on(PickField.Changed, "#channel")
    def _channel_changed(self) -> None:
        self.load()
        self.show_gate_answer()

    @on(Input.Changed, "#grant-login")
    def _login_typed(self) -> None:
        self.show_gate_answer(delay=TYPING_PAUSE)

    @on(PickField.Changed, "#grant-role")
    def _role_picked(self) -> None:
        self.show_gate_answer()

    @on(Button.Pressed, "#grant")
    def grant(self) -> None:
        """Show the gate's answer in a dialog; grant only when it allows and the admin confirms."""
        if not self.admin_now():
            return
        question = self.gate_question()
        if question is None:
            self.notify("Valitse ensin tili ja kirjoita käyttäjätunnus.", markup=False)
            return
        decision: rights.GateDecision | None = self.safe(question)
        if decision is None:
            return  # the notice says why
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
        ctx = self.ctx
        decision = self.safe(
            rights.grant,
            ctx.store,
            ctx.content,
            ctx.data_dir,
            ctx.login,
            asked.login,
            asked.channel_id,
            asked.role,
            now=ctx.now(),
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
        ctx.reload()

    # -- withdrawing -------------------------------------------------------------------

    def withdraw(self) -> None:
        """Withdraw the highlighted right after asking for the reason."""
        table = self.query_one("#rights-table", DataTable)
        if not self.rows or table.cursor_row < 0:
            self.notify("Valitse ensin poistettava oikeus taulukosta.", markup=False)
            return
        row = self.rows[table.cursor_row]
        role = rights.ROLE_LABELS[row["role"]]
        ctx = self.ctx

        def with_reason(reason: str | None) -> None:
            if reason is None or not self.admin_now():
                return
            try:
                rights.withdraw(
                    ctx.store,
                    ctx.login,
                    row["login"],
                    row["channel"],
                    reason,
                    row["role"],
                    now=ctx.now(),
                )
            except (rights.RightsRefused, rights.RightsInputError) as exc:
                self.notify(str(exc), severity="error", markup=False)
            except StoreError:
                self.notify(BUSY, severity="error", markup=False)
            else:
                self.notify(f"Oikeus poistettu: {row['login']}, {row['channel']}.", markup=False)
            ctx.reload()

        self.app.push_screen(
            AskScreen(
                f"Poista {row['login']}: {role}, tili {row['channel']}",
                "Kirjoita syy. Se tallentuu tapahtumalokiin.",
                "Syy",
                "Poista oikeus",
            ),
            with_reason,
        )
