"""One headless start: process start -> first screen ready -> exit. Run by part_startup.

    python startup_child.py bare
    python startup_child.py ours DATA_DIR LOGIN

Prints JSON: the screen that was ready (so the parent can tell an error screen from the
real first screen), heavy libraries loaded by then, and when each phase ended (seconds since
the script started). Both variants start and stop the same way.
"""

from __future__ import annotations

import json
import sys
import time

SIZE = (100, 30)
START = time.perf_counter()
marks: dict[str, float] = {}
report: dict[str, object] = {}


def _mark(name: str) -> None:
    marks[name] = round(time.perf_counter() - START, 4)


async def _until_ready(pilot, ready) -> None:
    # The first screen is ready when it is on top and has been refreshed once.
    for _ in range(1000):
        await pilot.pause()
        if ready(pilot.app):
            break
    await pilot.pause()
    _mark("first_screen")
    report["screen"] = type(pilot.app.screen).__name__
    # Heavy libraries the first screen does not need, loaded anyway?
    report["loaded"] = sorted(m for m in ("reportlab", "cryptography", "pypdf") if m in sys.modules)
    pilot.app.exit()


def _after_run() -> None:
    # When app.run() returned; what follows until the process ends is interpreter shutdown.
    _mark("app_returned")
    print(json.dumps({**report, "marks": marks}), flush=True)


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    _mark("tui_imported")

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Somekoulutus")

    Bare().run(
        headless=True,
        size=SIZE,
        auto_pilot=lambda pilot: _until_ready(pilot, lambda app: True),
    )
    _after_run()


def run_ours(data_dir: str, login: str) -> None:
    # The same imports as the `somekoulutus` console script, then what run_tui does, headless.
    import somekoulutus.cli  # noqa: F401

    _mark("cli_imported")
    from somekoulutus.cli.context import AppContext
    from somekoulutus.tui.app import SomeApp

    _mark("tui_imported")
    ctx = AppContext(login=login)
    ctx.configure(data_dir, None)
    app = SomeApp.from_context(ctx)
    _mark("content_loaded")
    app.run(
        headless=True,
        size=SIZE,
        # The default screen is pushed first; ours is ready once its own screen is on top.
        auto_pilot=lambda pilot: _until_ready(pilot, lambda app: len(app.screen_stack) > 1),
    )
    _after_run()
    # What `somekoulutus` does once the app has returned, before the process exits.
    somekoulutus.cli.skip_exit_collection()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_ours(sys.argv[2], sys.argv[3])
