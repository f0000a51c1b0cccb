"""The console script: `somekoulutus` alone starts the app without click; any argument goes
to the command line as before. Real processes in fresh interpreters."""

from __future__ import annotations

import json
import subprocess
import sys

from somekoulutus.tui.run import NO_TERMINAL

# Runs the console script's main with the given arguments; reports the loaded modules at exit.
_RUN = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write('MODULES' + json.dumps(sorted(sys.modules))))
sys.argv = ['somekoulutus', *json.loads(sys.argv[1])]
from somekoulutus.console import main
main()
"""


def _run(args: list[str], tmp_path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    import os

    env = {**os.environ, "SOMEKOULUTUS_HOME": str(tmp_path / "data")}
    out = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    stderr, _, modules = out.stderr.rpartition("MODULES")
    out.stderr = stderr
    return out, set(json.loads(modules))


def test_no_arguments_starts_the_app_without_click(tmp_path) -> None:
    # Not a terminal here: the app's own start refuses with its Finnish message and code 2,
    # exactly as `somekoulutus.cli.main` without a command does.
    out, loaded = _run([], tmp_path)
    assert out.returncode == 2
    assert NO_TERMINAL in out.stderr
    assert "somekoulutus.tui.run" in loaded
    assert not [m for m in loaded if m == "click" or m.startswith(("click.", "somekoulutus.cli"))]


def test_any_argument_goes_to_the_command_line(tmp_path) -> None:
    out, loaded = _run(["--help"], tmp_path)
    assert out.returncode == 0
    assert "Ilman komentoa käynnistyy sovellus." in out.stdout
    assert {"click", "somekoulutus.cli"} <= loaded
    out, _ = _run(["--no-such-option"], tmp_path)
    assert out.returncode == 2 and "--no-such-option" in out.stderr


def test_both_ways_of_starting_the_app_answer_alike(tmp_path) -> None:
    # Without a terminal the start ends in the app's own refusal: the same text, the same code.
    import os

    env = {**os.environ, "SOMEKOULUTUS_HOME": str(tmp_path / "data")}
    results = []
    for code in (
        "from somekoulutus.console import main; import sys; sys.argv = ['somekoulutus']; main()",
        "from somekoulutus.cli import main; main([])",
    ):
        out = subprocess.run(
            [sys.executable, "-c", code],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        results.append((out.returncode, out.stderr, out.stdout))
    assert results[0] == results[1] == (2, NO_TERMINAL + "\n", "")
