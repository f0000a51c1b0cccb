"""Admins: the bootstrap rule, who may change the list, and refusals for non-admins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from somekoulutus.store import audit
from somekoulutus.store.sqlite_store import SqliteStore

from .conftest import ADMIN, Cli


def admin_list(data_dir: Path) -> list[str]:
    """The admins of a data dir, as the store reads them."""
    store = SqliteStore(data_dir)
    try:
        return store.admins()
    finally:
        store.close()


ADMIN_COMMANDS = [
    ["admins", "add", "uusi"],
    ["admins", "remove", ADMIN],
    ["admins", "list"],
    ["channels", "list"],
    [
        "channels",
        "add",
        "kirjasto-ig",
        "--platform",
        "Instagram",
        "--url",
        "https://instagram.com/kirjasto",
        "--unit",
        "Kirjasto",
        "--contact",
        "x",
    ],
    ["channels", "set-contact", "facebook-kaupunki", "x"],
    ["rights", "grant", "x", "--channel", "facebook-kaupunki"],
    ["rights", "withdraw", "x", "--channel", "facebook-kaupunki", "--reason", "r"],
    ["rights", "list"],
    ["rights", "audit"],
    ["audit-log"],
]


@pytest.mark.parametrize("args", ADMIN_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_non_admin_is_refused_by_every_admin_command(
    admin_dir: Path, cli: Cli, args: list[str]
) -> None:
    result = cli(*args, login="matti")
    assert result.exit_code == 1
    assert "matti ei ole ylläpitäjä" in result.stderr
    assert "Traceback" not in result.output
    assert admin_list(admin_dir) == [ADMIN]  # nothing changed


def test_first_admin_can_be_added_by_anyone_then_only_by_an_admin(data_dir: Path, cli: Cli) -> None:
    first = cli("admins", "add", "tiina", login="kuka-tahansa")
    assert first.exit_code == 0, first.output
    assert "ensimmäinen ylläpitäjä" in first.output
    refused = cli("admins", "add", "kuka-tahansa", login="kuka-tahansa")
    assert refused.exit_code == 1
    assert admin_list(data_dir) == ["tiina"]
    second = cli("admins", "add", "laura", login="tiina")
    assert second.exit_code == 0
    assert "ensimmäinen" not in second.output
    assert admin_list(data_dir) == ["tiina", "laura"]
    listed = cli("admins", "list", login="laura")
    assert listed.output.split() == ["tiina", "laura"]


def test_last_admin_cannot_be_removed(admin_dir: Path, cli: Cli) -> None:
    result = cli("admins", "remove", ADMIN)
    assert result.exit_code == 1
    assert "viimeistä ylläpitäjää" in result.stderr
    assert admin_list(admin_dir) == [ADMIN]
    assert cli("admins", "add", "laura").exit_code == 0
    assert cli("admins", "remove", ADMIN, login="laura").exit_code == 0
    assert admin_list(admin_dir) == ["laura"]
    # The removed admin has no rights any more.
    assert cli("admins", "list", login=ADMIN).exit_code == 1


def test_adding_twice_and_removing_a_non_admin_are_refused(admin_dir: Path, cli: Cli) -> None:
    again = cli("admins", "add", ADMIN)
    assert again.exit_code == 1 and "on jo ylläpitäjä" in again.stderr
    missing = cli("admins", "remove", "matti")
    assert missing.exit_code == 1 and "ei ole ylläpitäjä" in missing.stderr
    # Not a login at all is bad input (DESIGN §6: exit 2), not a refusal.
    spaced = cli("admins", "add", "matti meikäläinen")
    assert spaced.exit_code == 2 and "ei kelpaa" in spaced.stderr
    assert cli("admins", "add", "").exit_code == 2
    # A trailing newline is no login either, and the refusal writes it out.
    newline = cli("admins", "add", "laura\n")
    assert newline.exit_code == 2 and "'laura\\x0a' ei kelpaa" in newline.stderr
    assert admin_list(admin_dir) == [ADMIN]


def test_admin_changes_are_in_the_audit_log(admin_dir: Path, cli: Cli, conn: SqliteStore) -> None:
    cli("admins", "add", "laura")
    cli("admins", "remove", "laura")
    log = [
        (e["actor"], e["action"], e["target"], json.loads(e["details"]))
        for e in audit.entries(conn)
    ]
    assert log == [
        (ADMIN, "admin.add", ADMIN, {"bootstrap": True}),
        (ADMIN, "admin.add", "laura", {"bootstrap": False}),
        (ADMIN, "admin.remove", "laura", {}),
    ]
