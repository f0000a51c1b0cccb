"""One headless start: process start -> first screen ready -> exit. Run by part_startup.

    python startup_child.py bare
    python startup_child.py comparable ROWS
    python startup_child.py ours DATA_DIR LOGIN

Prints JSON: the screen that was ready (so the parent can tell an error screen from the
real first screen), heavy libraries loaded by then, and when each phase ended (seconds since
the script started).

Every variant gets the same treatment: the garbage collector is frozen once the app object
is built (ours does it in `SomeApp.from_context`, the others here at the same point) and
again after the app returns (what `somekoulutus` does before exiting).
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time

SIZE = (100, 30)
START = time.perf_counter()
marks: dict[str, float] = {}
report: dict[str, object] = {}
GREETING = "Hei, Benchmark Käyttäjä!"


def _mark(name: str) -> None:
    marks[name] = round(time.perf_counter() - START, 4)


# Idle as Textual's own `wait_for_idle` judges it (under 1 ms of CPU in 20 ms), looked at
# every 2 ms: Textual's pilot sleeps whole 20 ms windows, which puts every start into steps
# of 20 ms (7 % of a start) and made the ratio jump between 0.93 and 1.06 from one run to the
# next with nothing changed. The mark is when the work ended, the start of the quiet span.
QUIET_S, QUIET_CPU_S, STEP_S = 0.020, 0.001, 0.002


async def _until_idle() -> float:
    """Sleep in short steps until the process has been quiet for QUIET_S; return (as a
    time since START) when the quiet span began."""
    samples = [(time.perf_counter(), time.process_time())]
    while True:
        await asyncio.sleep(STEP_S)
        now = (time.perf_counter(), time.process_time())
        samples.append(now)
        # The latest sample at least QUIET_S before now: the span to judge.
        older = [x for x in samples if now[0] - x[0] >= QUIET_S]
        if older:
            since = older[-1]
            if now[1] - since[1] < QUIET_CPU_S:
                return round(since[0] - START, 4)
            del samples[: len(older) - 1]


async def _until_ready(pilot, ready) -> None:
    # The first screen is ready when it is on top and the app has gone quiet after
    # building and painting it.
    for _ in range(1000):
        await pilot.pause(0)
        if ready(pilot.app):
            break
    marks["first_screen"] = await _until_idle()
    report["screen"] = type(pilot.app.screen).__name__
    # Heavy libraries the first screen does not need, loaded anyway?
    report["loaded"] = sorted(
        m for m in ("reportlab", "cryptography", "pypdf", "jinja2") if m in sys.modules
    )
    pilot.app.exit()


def _after_run() -> None:
    # When app.run() returned; what follows until the process ends is interpreter shutdown.
    _mark("app_returned")
    print(json.dumps({**report, "marks": marks}), flush=True)
    gc.freeze()  # as `somekoulutus` does after the app returns (cli.skip_exit_collection)


def bare_app():
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(GREETING)

    return Bare()


def comparable_app(rows: int):
    """What our home screen shows, built the plain way: a Header, a greeting, an OptionList of
    `rows` two-line options, a Static and Textual's Footer with three keys and the command
    palette's (ours: the same three and F1 for help)."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import VerticalScroll
    from textual.widgets import Footer, Header, OptionList, Static
    from textual.widgets.option_list import Option

    class Comparable(App[None]):
        # One action per key, as ours: Textual's Footer shows one key per action, so two
        # keys bound to the same action would show as one.
        BINDINGS = [
            Binding("j", "resume", "Jatka"),
            Binding("p", "profile", "Profiili"),
            Binding("q", "quit", "Lopeta"),
        ]

        def compose(self) -> ComposeResult:
            yield Header()
            with VerticalScroll():
                yield Static(Text(GREETING, style="bold"))
                yield Static("Kurssisi")
                yield OptionList(
                    *(
                        Option(Text(f"Kurssi {i + 1}\n  Ei aloitettu · 18 oppituntia"), id=f"c{i}")
                        for i in range(rows)
                    )
                )
                yield Static("Todistuksesi")
                yield Static("Ei vielä todistuksia.")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(OptionList).focus()

        def action_resume(self) -> None:
            pass

        def action_profile(self) -> None:
            pass

    return Comparable()


def run_plain(app) -> None:
    _mark("app_built")
    gc.freeze()  # the same point as ours: the app object built, content loaded
    app.run(
        headless=True,
        size=SIZE,
        auto_pilot=lambda pilot: _until_ready(pilot, lambda app: True),
    )
    _after_run()


def run_ours(data_dir: str, login: str) -> None:
    # The same imports as the `somekoulutus` console script started without arguments
    # (somekoulutus.console.start_app), then what run_tui does, headless.
    import somekoulutus.console  # noqa: F401
    import somekoulutus.safetext  # noqa: F401

    _mark("script_imported")
    from textual.screen import Screen

    from somekoulutus.appcontext import AppContext
    from somekoulutus.tui.app import SomeApp

    _mark("tui_imported")
    ctx = AppContext(login=login)
    ctx.configure(data_dir, None)
    app = SomeApp.from_context(ctx)  # loads the content, freezes the collector
    _mark("app_built")
    app.run(
        headless=True,
        size=SIZE,
        # Ready once one of our screens is on top (home is the app's first screen; on the
        # first start or an error, a blank screen comes first and ours over it).
        auto_pilot=lambda pilot: _until_ready(pilot, lambda app: type(app.screen) is not Screen),
    )
    _after_run()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_plain(bare_app())
    elif sys.argv[1] == "comparable":
        run_plain(comparable_app(int(sys.argv[2])))
    else:
        run_ours(sys.argv[2], sys.argv[3])
