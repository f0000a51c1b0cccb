"""Start the Textual app for a CLI invocation."""

from __future__ import annotations

import sys

from somekoulutus.appcontext import AppContext

NO_TERMINAL = (
    "Sovellus tarvitsee päätteen: syöte tai tuloste ei ole pääte (esimerkiksi putki, "
    "tiedosto tai taustaprosessi). Käynnistä somekoulutus suoraan pääteikkunassa tai anna "
    "komento, esimerkiksi 'somekoulutus --help'."
)


def has_terminal() -> bool:
    """True when stdin and stdout are both a terminal (the app cannot run otherwise)."""
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return False
        except (ValueError, OSError):
            return False
    return True


def run_tui(ctx: AppContext) -> int:
    """Run the app; returns the process exit code (2 without a terminal)."""
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    from somekoulutus.tui.app import SomeApp

    app = SomeApp.from_context(ctx)
    app.run()
    return app.return_code or 0
