"""The `somekoulutus` console script.

`somekoulutus` alone starts the app, and that is most runs: it is started here without
importing click and the command line's modules (about 10 ms of every start). Any argument
(a command, an option, `--help`) goes to `somekoulutus.cli.main` as before.
"""

from __future__ import annotations

import sys


def main() -> None:
    """The console script (and `python -m somekoulutus`)."""
    if len(sys.argv) > 1:
        from somekoulutus.cli import main as cli_main

        cli_main()
        return
    sys.exit(start_app())


def start_app() -> int:
    """What `somekoulutus.cli.main` does without a command or an option: the app, with all
    output made visible and any failure ended with a Finnish message, never a traceback
    (as `cli.LazyGroup.main` does). Returns the exit code."""
    import gc
    import os

    from somekoulutus.safetext import visible_streams

    with visible_streams():
        try:
            from somekoulutus.appcontext import AppContext
            from somekoulutus.tui.run import run_tui

            ctx = AppContext()
            ctx.configure(None, None, None)
            code = run_tui(ctx)
        except Exception as exc:
            if os.environ.get("SOMEKOULUTUS_DEBUG"):
                raise
            from somekoulutus.failures import last_resort

            message, code = last_resort(exc)
            print(message, file=sys.stderr)
    # As cli.skip_exit_collection: the interpreter's last collection is skipped at exit.
    gc.freeze()
    return code
