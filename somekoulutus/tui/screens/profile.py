"""The profile form: asked on first launch, editable later from home."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Input, Label, RadioButton, RadioSet, Static

from somekoulutus import profile, progress
from somekoulutus.store import StoreError
from somekoulutus.store.people import Person
from somekoulutus.tui.screens.base import AppScreen
from somekoulutus.tui.widgets.footer import KeyFooter

FIELDS = ("name", "email", "unit", "role")


class ProfileScreen(AppScreen[Person | None]):
    """Name, work email, unit and role, bound to the OS login; returns the saved person."""

    CSS_PATH = "shared.tcss"

    # Loaded when the screen is first shown (app.tcss holds what every screen shares):
    # the start parses only what the first screen needs.
    DEFAULT_CSS = """
        #profile-form {
            padding: 1 2;
            align-horizontal: center;
        }

        #profile-fields {
            width: 100%;
            max-width: 80;
            height: auto;
        }

        .field-label {
            margin: 1 0 0 0;
            text-style: bold;
        }

        .field-msg {
            height: auto;
        }

        .field-msg.error {
            color: $error;
        }

        .field-msg.warning {
            color: $warning;
        }

        #role {
            width: auto;
        }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Tallenna"),
        Binding("escape", "cancel", "Peruuta"),
    ]

    def __init__(self, login: str, person: Person | None, email_domain: str | None) -> None:
        super().__init__()
        self.login = login
        self.person = person
        self.email_domain = email_domain
        #: Fields shown with an error since the last save.
        self.flagged: set[str] = set()

    def compose(self) -> ComposeResult:
        first = self.person is None
        p = self.person
        yield Header()
        with VerticalScroll(id="profile-form"):
            # The fields in a column of readable width, centred on a wide terminal.
            with Vertical(id="profile-fields"):
                yield Static(
                    "Tervetuloa somekoulutukseen!" if first else "Profiilisi",
                    classes="screen-title",
                )
                yield Static(
                    Text(
                        f"Sinut tunnistetaan käyttäjätunnuksesta {self.login}. "
                        + (
                            "Kerro ensin, kuka olet. Tiedot tulevat todistukseesi."
                            if first
                            else "Muutokset näkyvät seuraavissa todistuksissa."
                        )
                    ),
                    classes="intro",
                )
                yield Label("Nimi", classes="field-label")
                yield Input(p.name if p else "", placeholder="Etunimi Sukunimi", id="name")
                yield Static("", id="name-msg", classes="field-msg")
                yield Label("Sähköposti", classes="field-label")
                yield Input(
                    p.email if p else "",
                    placeholder=f"etunimi.sukunimi@{self.email_domain or 'esimerkki.fi'}",
                    id="email",
                )
                yield Static("", id="email-msg", classes="field-msg")
                yield Label("Yksikkö", classes="field-label")
                yield Input(
                    p.unit if p else "", placeholder="esimerkiksi Kirjastopalvelut", id="unit"
                )
                yield Static("", id="unit-msg", classes="field-msg")
                yield Label("Rooli", classes="field-label")
                with RadioSet(id="role"):
                    for role, label in progress.ROLES.items():
                        yield RadioButton(
                            label.capitalize(), value=bool(p and p.role == role), id=f"role-{role}"
                        )
                yield Static("", id="role-msg", classes="field-msg")
                with Horizontal(classes="buttons"):
                    yield Button("Tallenna", variant="primary", id="save")
                    if not first:
                        yield Button("Peruuta", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        for widget in self.query(".field-msg"):
            widget.display = False
        self.query_one("#name", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On first launch there is nothing to go back to.
        if action == "cancel":
            return self.person is not None
        return True

    def _role(self) -> str | None:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return pressed.id.removeprefix("role-") if pressed and pressed.id else None

    def _show(self, field: str, message: str, kind: str) -> None:
        widget = self.query_one(f"#{field}-msg", Static)
        widget.update(Text(message))
        widget.display = bool(message)
        widget.set_class(kind == "error", "error")
        widget.set_class(kind == "warning", "warning")

    def _values_check(self) -> profile.ProfileCheck:
        return profile.check_profile(
            self.query_one("#name", Input).value,
            self.query_one("#email", Input).value,
            self.query_one("#unit", Input).value,
            self._role(),
            self.email_domain,
        )

    def _show_field(self, field: str, check: profile.ProfileCheck) -> None:
        if field in check.errors:
            self._show(field, check.errors[field], "error")
        elif field in check.warnings:
            self._show(field, check.warnings[field], "warning")
        else:
            self._show(field, "", "")

    def _check(self) -> profile.ProfileCheck:
        check = self._values_check()
        for field in FIELDS:
            self._show_field(field, check)
        self.flagged = set(check.errors)
        return check

    def on_input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        if field in self.flagged:
            # A field marked wrong on saving is re-checked as it is corrected, so that
            # a fixed field does not keep its old error.
            check = self._values_check()
            self._show_field(field, check)
            if field not in check.errors:
                self.flagged.discard(field)
        elif field == "email":
            # The email warning helps while typing; errors wait until saving.
            check = profile.check_profile("x", event.value, "x", "tyontekija", self.email_domain)
            self._show("email", check.warnings.get("email", ""), "warning")

    def on_radio_set_changed(self, _: RadioSet.Changed) -> None:
        if "role" in self.flagged:
            self.flagged.discard("role")
            self._show("role", "", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        check = self._check()
        if check.errors:
            first = next(f for f in FIELDS if f in check.errors)
            self.query_one(f"#{first}").focus()
            self.notify("Tarkista merkityt kentät.", severity="error", markup=False)
            return
        role = self._role()
        assert role is not None
        person = Person(
            login=self.login,
            name=self.query_one("#name", Input).value.strip(),
            email=self.query_one("#email", Input).value.strip(),
            unit=self.query_one("#unit", Input).value.strip(),
            role=role,
        )
        try:
            self.some.db.save_person(person)
        except StoreError as exc:
            self.notify(str(exc), title="Profiilia ei tallennettu", severity="error", markup=False)
            return
        if check.warnings:
            self.notify(check.warnings["email"], severity="warning", markup=False)
        self.notify("Profiili tallennettu.", markup=False)
        self.dismiss(person)

    def action_cancel(self) -> None:
        if self.person is not None:
            self.dismiss(None)
