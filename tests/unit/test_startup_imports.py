"""Starting the app loads only what its first screen needs.

In a fresh interpreter (a subprocess), so that modules other tests imported do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

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
    assert {"somekoulutus.tui.app", "somekoulutus.content.loader"} <= loaded


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
