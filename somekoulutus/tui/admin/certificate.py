"""One certificate in detail: verified on opening, with revocation (reason, then confirmation)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from somekoulutus import rights
from somekoulutus.certs import CertificateError, get_certificate, revoke, verify_record
from somekoulutus.certs.payload import finnish_date
from somekoulutus.safetext import visible
from somekoulutus.settings import ConfigError
from somekoulutus.store import StoreError
from somekoulutus.store.base import Store
from somekoulutus.tui.admin.access import AdminOnly, admin_now
from somekoulutus.tui.admin.modals import DIALOG_CSS, AskScreen, ConfirmScreen
from somekoulutus.tui.admin.texts import BUSY, status_label
from somekoulutus.tui.widgets.footer import KeyFooter


class CertificateScreen(AdminOnly, ModalScreen[bool]):
    """Details and verification of one certificate; returns True if it was revoked."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="CertificateScreen")
        + """
    CertificateScreen VerticalScroll { height: auto; max-height: 16; }
    CertificateScreen #verdict-ok { color: $success; text-style: bold; }
    CertificateScreen #verdict-bad { color: $error; text-style: bold; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Sulje")]

    def __init__(
        self,
        conn: Store,
        data_dir: Path,
        actor: str,
        cert_id: str,
        now: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.conn = conn
        self.data_dir = data_dir
        self.actor = actor
        self.cert_id = cert_id
        self.now = now
        self.revoked = False

    def compose(self) -> ComposeResult:
        record = get_certificate(self.conn, self.cert_id)
        with Vertical():
            yield Static(Text(visible(f"Todistus {self.cert_id}")), classes="dialog-title")
            with VerticalScroll():
                if record is None:
                    yield Static(Text("Todistusta ei löydy rekisteristä."))
                else:
                    person = self.conn.person(record.login)
                    try:
                        verdict = verify_record(self.conn, self.data_dir, record.id, now=self.now())
                        answer = None if verdict.ok else f"Ei kelpaa: {verdict.reason}"
                    except ConfigError as exc:  # the trusted keys are listed in config.yaml
                        answer = f"Todistusta ei voi tarkistaa: {exc}"
                    lines = [
                        f"Haltija: {person.name if person else '?'} ({record.login})",
                        f"Yksikkö: {person.unit if person else '?'}",
                        f"Todistus: {record.title} ({record.definition_id})",
                        f"Myönnetty: {finnish_date(record.issued_at)}"
                        + (f" ylläpitäjän {record.issued_by} toimesta" if record.issued_by else ""),
                        f"Voimassa: {finnish_date(record.expires_at)} asti",
                        f"Tila: {status_label(record.status(self.now(), 0))}",
                    ]
                    if record.manual_reason:
                        lines.append(f"Myöntämisen syy: {record.manual_reason}")
                    if record.revoked_at:
                        lines.append(
                            f"Mitätöity {finnish_date(record.revoked_at)}: "
                            f"{record.revoke_reason or ''}"
                        )
                    if record.superseded_by:
                        lines.append(f"Korvattu todistuksella {record.superseded_by}")
                    held = rights.rights_on_certificate(self.conn, record.id)
                    lines.append("Oikeudet: " + (", ".join(held) if held else "ei oikeuksia"))
                    lines.append(f"PDF: {record.pdf_path}")
                    yield Static(Text(visible("\n".join(lines), keep_newlines=True)), id="facts")
                    if answer is None:
                        yield Static(
                            Text("Tarkistettu: allekirjoitus on kunnossa ja todistus on voimassa."),
                            id="verdict-ok",
                        )
                    else:
                        yield Static(Text(visible(answer, keep_newlines=True)), id="verdict-bad")
            with Horizontal():
                if record is not None and record.revoked_at is None:
                    yield Button("Mitätöi…", variant="error", id="revoke")
                yield Button("Sulje", id="close")
        # Its own footer: the admin screen's keys do not work in the dialog.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "revoke":
            self.app.push_screen(
                AskScreen(
                    f"Mitätöi todistus {self.cert_id}",
                    "Kirjoita syy. Se tallentuu tapahtumalokiin.",
                    "Syy, esimerkiksi: ohjeen vastainen julkaisu",
                    "Jatka",
                ),
                self._confirm,
            )
        else:
            self.dismiss(self.revoked)

    def _confirm(self, reason: str | None) -> None:
        if reason is None:
            return
        held = rights.rights_on_certificate(self.conn, self.cert_id)
        body = f"Syy: {reason}\n" + (
            "Samalla poistuvat oikeudet: " + ", ".join(held)
            if held
            else "Todistukseen ei perustu oikeuksia."
        )

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self._revoke(reason)

        self.app.push_screen(
            ConfirmScreen(f"Mitätöidäänkö todistus {self.cert_id}?", body, "Mitätöi"), done
        )

    def _revoke(self, reason: str) -> None:
        if not admin_now(self.app, self.conn, self.actor):
            return
        try:
            revoke(self.conn, self.cert_id, actor=self.actor, reason=reason, now=self.now())
        except CertificateError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        except StoreError:
            self.app.notify(BUSY, severity="error", markup=False)
            return
        self.revoked = True
        self.app.notify(f"Todistus {self.cert_id} on mitätöity.", markup=False)
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(self.revoked)
