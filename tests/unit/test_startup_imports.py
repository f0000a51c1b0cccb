"""Starting the app loads only what its first screen needs.

In a fresh interpreter (a subprocess), so that modules other tests imported do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

from somekoulutus.store.sqlite_store import SqliteStore

# What the console script and the app import before the first screen, then what got loaded.
_PROBE = """
import json, sys
import somekoulutus.cli
import somekoulutus.tui.app
print(json.dumps(sorted(sys.modules)))
"""

# Needed only to write a PDF, sign, verify, or run a subcommand.
NOT_AT_START = (
    "reportlab",
    "PIL",
    "cryptography",
    "pypdf",
    "somekoulutus.certs.issue",
    "somekoulutus.certs.pdf",
    "somekoulutus.certs.keys",
    "somekoulutus.certs.verify",
    "somekoulutus.rights",
    "somekoulutus.cli.admin_common",
    "somekoulutus.cli.certs",
    "somekoulutus.cli.rights",
)


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_app_start_does_not_import_pdf_signing_or_subcommands() -> None:
    loaded = _loaded(_PROBE)
    assert not [m for m in NOT_AT_START if m in loaded]
    # The probe is real: the app and its content loader are there.
    assert {"somekoulutus.tui.app", "somekoulutus.content.cache"} <= loaded


def test_certs_names_load_on_first_use() -> None:
    loaded = _loaded(
        "import json, sys\n"
        "from somekoulutus import certs\n"
        "assert callable(certs.issue_if_eligible)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    assert {"somekoulutus.certs.issue", "reportlab"} <= loaded


def test_every_subcommand_is_listed_and_loads() -> None:
    from click.testing import CliRunner

    from somekoulutus.cli import COMMANDS, main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def _loaded_after(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """Modules loaded by the end of `somekoulutus ARGS` in a fresh interpreter."""
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES' + json.dumps(sorted(sys.modules))))\n"
        "from somekoulutus.cli import main\n"
        f"main({args!r})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    return set(json.loads(out.stderr.rsplit("MODULES", 1)[1]))


# What neither `--help` nor verifying by id needs: the app (Textual, Rich), the content
# loader (PyYAML, Jinja2), PDF writing and reading, the rights gate, the other commands, and
# what only writing or drawing needs (cryptography's PEM machinery: an Ed25519 key in its
# plain PEM form is read directly; temporary files; logging; random ids).
NOT_FOR_HELP_OR_VERIFY = (
    "textual",
    "rich",
    "yaml",
    "jinja2",
    "reportlab",
    "PIL",
    "pypdf",
    "somekoulutus.tui",
    "somekoulutus.content.loader",
    "somekoulutus.rights",
    "somekoulutus.channels",
    "somekoulutus.certs.issue",
    "somekoulutus.certs.pdf",
    "somekoulutus.cli.rights",
    "somekoulutus.cli.validate",
    "cryptography.hazmat.primitives.serialization",
    "tempfile",
    "logging",
    "secrets",
    # Drawing ids (random), issuing (calendar for the expiry), csv output, the quiz, and
    # hashlib (key ids use cryptography's SHA-256, already loaded).
    "hashlib",
    "random",
    "calendar",
    "csv",
    "somekoulutus.csvexport",
    "somekoulutus.quiz",
    "somekoulutus.exam_policy",
    "somekoulutus.content.models",
)


def test_help_imports_no_command() -> None:
    loaded = _loaded_after(["--help"])
    assert "click" in loaded
    commands = [
        m
        for m in loaded
        if m.startswith("somekoulutus.cli.")
        and m not in ("somekoulutus.cli.context", "somekoulutus.cli.finnish")  # not commands
    ]
    assert commands == []
    also = ("cryptography", "platformdirs", "somekoulutus.store.base")
    assert not [m for m in NOT_FOR_HELP_OR_VERIFY + also if m in loaded]


def test_help_lists_each_command_with_its_own_first_line() -> None:
    import importlib

    from somekoulutus.cli import COMMANDS, SHORT_HELP

    assert set(SHORT_HELP) == set(COMMANDS)
    for name, where in COMMANDS.items():
        module, attribute = where.split(":")
        command = getattr(importlib.import_module(module), attribute)
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert SHORT_HELP[name] == first, name


def test_verify_by_id_imports_only_what_it_uses(tmp_path, bundled_content) -> None:
    import os

    from somekoulutus import certs
    from somekoulutus.store import people

    data = tmp_path / "data"
    data.mkdir()
    conn = SqliteStore(data)
    conn.save_person(people.Person("aino", "Aino", "aino@ylojarvi.fi", "Kirjasto", "tyontekija"))
    record = certs.issue_manual(
        conn, bundled_content, data, "aino", "sisallontuottaja", actor="admin", reason="lähi"
    )
    conn.close()
    env = {**os.environ, "SOMEKOULUTUS_HOME": str(data)}
    loaded = _loaded_after(["certs", "verify", record.id], env)
    assert {"somekoulutus.certs.verify", "cryptography"} <= loaded  # it did verify
    assert not [m for m in NOT_FOR_HELP_OR_VERIFY if m in loaded]


# The app run headless until its first screen is up (a returning learner's home screen).
_RUN_TO_HOME = """
import asyncio, dataclasses, json, sys
from somekoulutus.cli.context import AppContext
from somekoulutus.tui.app import SomeApp

ctx = AppContext(login="aino")
ctx.configure(sys.argv[1], None)
app = SomeApp.from_context(ctx)

async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        report = {
            "stack": [type(s).__name__ for s in app.screen_stack],
            "modules": sorted(sys.modules),
            "dataclasses": sorted(
                f"{name}.{attr}"
                for name, module in list(sys.modules.items())
                if name.startswith("somekoulutus")
                for attr, value in vars(module).items()
                if dataclasses.is_dataclass(value) and value.__module__ == name
            ),
        }
        print(json.dumps(report))

asyncio.run(main())
"""


def test_the_first_screen_loads_no_signing_rights_or_admin_code(tmp_path) -> None:
    from somekoulutus.store import people

    data = tmp_path / "data"
    data.mkdir()
    conn = SqliteStore(data)
    conn.save_person(people.Person("aino", "Aino", "aino@ylojarvi.fi", "Kirjasto", "tyontekija"))
    conn.close()
    for _ in range(2):  # the second start finds the content in the cache, as most starts do
        out = subprocess.run(
            [sys.executable, "-c", _RUN_TO_HOME, str(data)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    # Home is the app's first screen, not pushed over a blank default screen.
    assert report["stack"] == ["HomeScreen"]
    loaded = set(report["modules"])
    later = NOT_AT_START + (
        "somekoulutus.tui.admin",
        "jinja2",
        # Screens a returning learner's start does not show.
        "somekoulutus.tui.screens.error",
        "somekoulutus.tui.screens.profile",
        "somekoulutus.tui.screens.help",
        "somekoulutus.tui.screens.lessons",
        # A quiz attempt (the draw, the attempt policy, the review), issuing and Finnish
        # dates (none on this learner's home screen): loaded when first used.
        "somekoulutus.quiz",
        "somekoulutus.exam_policy",
        "somekoulutus.content.blueprint",
        "somekoulutus.review",
        # The profile form's rules, the registry's list queries (with the certificate-id
        # rules) and the failure messages: not for a start that goes well.
        "somekoulutus.profile",
        "somekoulutus.certs.registry",
        "somekoulutus.certs.ids",
        "somekoulutus.failures",
        # Needed only when the content is broken (the cached content passed every check).
        "somekoulutus.content.errors",
        "zoneinfo",
        "calendar",
        # The content cache's key is made of zlib checksums.
        "hashlib",
    )
    assert not [m for m in later if m in loaded]
    # Python 3.11 takes ~0.5 ms to make a dataclass: what the first screen reads is made of
    # NamedTuples and plain classes.
    assert report["dataclasses"] == []
