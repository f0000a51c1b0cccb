"""The keys of every screen in one place (F1 or ?)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from somekoulutus.tui.widgets.footer import KeyFooter

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Kaikkialla",
        [
            ("F1 tai ?", "tämä ohje"),
            ("Tab / Shift+Tab", "siirry seuraavaan tai edelliseen kohtaan"),
            ("Ctrl+P", "komentopaletti (esimerkiksi teeman vaihto)"),
            ("Ctrl+Q", "lopeta; edistyminen on jo tallessa"),
        ],
    ),
    (
        "Etusivu",
        [
            ("J", "jatka siitä, mihin jäit"),
            ("Nuolet ja Enter", "avaa kurssi"),
            ("P", "muokkaa profiilia"),
            ("Q", "lopeta"),
        ],
    ),
    (
        "Oppitunnit",
        [
            ("Nuolet, PgUp, PgDn", "vieritä oppituntia; luettu, kun olet lopussa"),
            ("S / E", "seuraava / edellinen oppitunti; kertauksessa merkitty (→) oppitunti"),
            ("K", "aloita tai jatka koetta, kun kaikki oppitunnit on luettu"),
            ("Esc", "etusivulle"),
        ],
    ),
    (
        "Koe",
        [
            ("1–9", "valitse vaihtoehto (monivalinnassa valinta vaihtuu päälle ja pois)"),
            ("Nuolet ja välilyönti", "liiku vaihtoehdoissa ja valitse"),
            ("Home / End", "ensimmäinen / viimeinen vaihtoehto"),
            ("PgUp / PgDn", "vieritä kysymystä ja tilannetta (tai palautetta)"),
            ("Enter", "vastaa; vastauksen jälkeen seuraava kysymys"),
            ("Esc", "etusivulle; koe jatkuu samasta kysymyksestä"),
        ],
    ),
    (
        "Tulos",
        [
            ("K", "kertaa heikoimmat aiheet (hylätty koe)"),
            ("U", "uusi yritys uusilla kysymyksillä (hylätty koe)"),
            ("R", "yritä todistuksen tekemistä uudelleen, jos se epäonnistui"),
            ("Esc", "etusivulle"),
        ],
    ),
]
#: Shown only to admins, who are the only ones with these screens.
ADMIN_KEYS: tuple[str, list[tuple[str, str]]] = (
    "Ylläpito",
    [
        ("Ctrl+A", "avaa ylläpito"),
        (
            "F6 / F7 / F8 / F9 / F10",
            "välilehti: todistukset / oikeudet / tarkastus / loki / kysymykset",
        ),
        ("Enter, Esc", "avaa valintalista ja valitse; Esc sulkee listan"),
        ("Enter", "avaa todistus ja tarkista se"),
        ("Del", "poista valittu oikeus (Oikeudet-välilehdellä)"),
        ("F2", "vie näkymän rivit CSV-tiedostoon"),
        ("F5", "päivitä tiedot"),
        ("Esc", "takaisin"),
    ],
)


class HelpScreen(ModalScreen[None]):
    """A modal list of keys."""

    CSS_PATH = "shared.tcss"

    # Loaded when the screen is first shown (app.tcss holds what every screen shares):
    # the start parses only what the first screen needs.
    DEFAULT_CSS = """
        HelpScreen {
            align: center middle;
        }

        #help-dialog {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            background: $surface;
            padding: 0 1;
        }

        #help-body {
            height: auto;
            max-height: 18;
        }

        .help-line {
            height: auto;
        }

        .help-key {
            width: 22;
        }

        .help-row {
            width: 1fr;
        }

        .help-heading {
            text-style: bold;
            margin: 1 0 0 0;
        }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Sulje"),
        Binding("f1", "dismiss", "Sulje", show=False),
        Binding("question_mark", "dismiss", "Sulje", show=False),
        Binding("q", "dismiss", "Sulje", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static("Näppäimet", classes="screen-title")
            with VerticalScroll(id="help-body", can_focus=True):
                sections = [*KEYS, ADMIN_KEYS] if getattr(self.app, "is_admin", False) else KEYS
                for title, rows in sections:
                    yield Static(title, classes="help-heading", markup=False)
                    for key, what in rows:
                        # Key and description in columns: a long description wraps
                        # under itself, not under the keys.
                        with Horizontal(classes="help-line"):
                            yield Static(key, classes="help-key", markup=False)
                            yield Static(what, classes="help-row", markup=False)
            yield Static("Esc sulkee ohjeen.", classes="hint", markup=False)
        # Its own footer: the keys of the screen beneath do not work while the help is open.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
