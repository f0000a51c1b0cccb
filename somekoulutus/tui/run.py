"""Start the Textual app for a CLI invocation."""

from __future__ import annotations

from somekoulutus.appcontext import AppContext


def run_tui(ctx: AppContext) -> int:
    """Run the app; returns the process exit code."""
    from somekoulutus.tui.app import SomeApp

    app = SomeApp.from_context(ctx)
    app.run()
    return app.return_code or 0
