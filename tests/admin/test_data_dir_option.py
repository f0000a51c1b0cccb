"""DESIGN §6: every command takes --data-dir, before or after the subcommand's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext

from .conftest import ADMIN, issue


def run(args: list[str], home: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    # SOMEKOULUTUS_HOME points at an empty folder: only --data-dir leads to the real data.
    monkeypatch.setenv("SOMEKOULUTUS_HOME", str(home))
    return CliRunner().invoke(main, args, obj=AppContext(login=ADMIN))


@pytest.fixture
def issued(admin_dir, conn, content):
    return issue(conn, content, admin_dir, "maija")


@pytest.mark.parametrize(
    "command",
    [
        ["admins", "list"],
        ["certs", "list", "--format", "json"],
        ["certs", "show", "{id}"],
        ["certs", "verify", "{id}"],
        ["rights", "list", "--format", "json"],
        ["channels", "list"],
        ["audit-log", "--format", "json"],
        ["keys", "export-public"],
    ],
)
def test_data_dir_before_and_after_the_subcommand_mean_the_same(
    command, admin_dir, issued, content_root, tmp_path, monkeypatch
):
    command = [part.format(id=issued.id) for part in command]
    elsewhere = tmp_path / "muu"
    common = ["--courses", str(content_root)]
    before = run([*common, "--data-dir", str(admin_dir), *command], elsewhere, monkeypatch)
    after = run([*common, *command, "--data-dir", str(admin_dir)], elsewhere, monkeypatch)
    assert before.exit_code == 0, before.output
    assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)


def test_the_option_after_the_subcommand_is_really_used(
    admin_dir, issued, content_root, tmp_path, monkeypatch
):
    args = ["--courses", str(content_root), "certs", "list", "--format", "json"]
    found = run([*args, "--data-dir", str(admin_dir)], tmp_path / "muu", monkeypatch)
    assert [c["id"] for c in json.loads(found.stdout)] == [issued.id]
    # After the subcommand it wins over one given before it, as a later option does.
    later = run(
        ["--data-dir", str(admin_dir), *args, "--data-dir", str(tmp_path / "tyhja")],
        tmp_path / "muu",
        monkeypatch,
    )
    assert later.exit_code == 1 and "ei ole ylläpitäjä" in later.stderr


def test_every_command_lists_the_option_in_its_help():
    for group, subcommands in (("certs", ["list", "issue"]), ("rights", ["audit"])):
        for name in subcommands:
            result = CliRunner().invoke(main, [group, name, "--help"])
            assert "--data-dir" in result.output
    assert "--data-dir" in CliRunner().invoke(main, ["validate", "--help"]).output
