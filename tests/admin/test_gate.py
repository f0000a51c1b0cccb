"""The gate: rights only for holders of a valid certificate that grants the role."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from somekoulutus import certs, rights
from somekoulutus.content.models import Content
from somekoulutus.store import audit

from .conftest import ADMIN, NOW, RECENT, Cli, add_person, issue

CHANNEL = "facebook-kaupunki"


def gate(conn, content, data_dir, login, role="sisallontuottaja", channel=CHANNEL, now=NOW):
    return rights.check_gate(conn, content, data_dir, login, channel, role, now=now)


def test_valid_certificate_passes_and_grant_is_recorded(
    conn: sqlite3.Connection, content: Content, admin_dir: Path
) -> None:
    cert = issue(conn, content, admin_dir, "anna")
    decision = rights.grant(conn, content, admin_dir, ADMIN, "anna", CHANNEL, now=NOW)
    assert decision.ok and decision.code == "ok"
    assert decision.certificate_id == cert.id
    assert "voimassa 1.3.2027 asti" in decision.reason
    [row] = rights.list_rights(conn, CHANNEL, now=NOW)
    assert (row["login"], row["role"], row["certificate"]) == ("anna", "sisallontuottaja", cert.id)
    last = audit.entries(conn)[-1]
    assert (last["actor"], last["action"], last["target"]) == (ADMIN, "right.grant", "anna")
    assert json.loads(last["details"]) == {
        "certificate": cert.id,
        "channel": CHANNEL,
        "role": "sisallontuottaja",
    }


@pytest.mark.parametrize(
    ("setup", "role", "channel", "code", "words"),
    [
        ("nobody", "sisallontuottaja", CHANNEL, "unknown_person", "ei tunneta"),
        ("no-cert", "sisallontuottaja", CHANNEL, "no_certificate", "ei ole todistusta"),
        (
            "valid",
            "sisallontuottaja",
            "ei-tallaista",
            "unknown_channel",
            "ei ole viestinnän rekisterissä",
        ),
        ("valid", "paakayttaja", CHANNEL, "not_granted", "ei oikeuta pääkäyttäjän oikeuksiin"),
        ("elected", "sisallontuottaja", CHANNEL, "not_granted", "ei oikeuta sisällöntuottajan"),
        ("expired", "sisallontuottaja", CHANNEL, "expired", "vanheni 1.3.2025"),
        ("revoked", "sisallontuottaja", CHANNEL, "revoked", "mitätöitiin 2.3.2025: väärä henkilö"),
        ("tampered", "sisallontuottaja", CHANNEL, "invalid", "allekirjoitus ei täsmää"),
    ],
)
def test_gate_refuses_with_the_reason(
    conn: sqlite3.Connection,
    content: Content,
    admin_dir: Path,
    setup: str,
    role: str,
    channel: str,
    code: str,
    words: str,
) -> None:
    now = NOW + timedelta(days=2)
    if setup == "no-cert":
        add_person(conn, "anna")
    elif setup == "valid":
        issue(conn, content, admin_dir, "anna")
    elif setup == "elected":
        issue(conn, content, admin_dir, "anna", "luottamushenkilo")
    elif setup == "expired":
        issue(conn, content, admin_dir, "anna", now=NOW.replace(year=2023))
        now = NOW
    elif setup == "revoked":
        cert = issue(conn, content, admin_dir, "anna")
        certs.revoke(
            conn, cert.id, actor=ADMIN, reason="väärä henkilö", now=NOW + timedelta(days=1)
        )
    elif setup == "tampered":
        cert = issue(conn, content, admin_dir, "anna")
        forged = cert.payload.replace(
            '"grants":["sisallontuottaja"]', '"grants":["sisallontuottaja","paakayttaja"]'
        )
        assert forged != cert.payload
        conn.execute("UPDATE certificates SET payload = ? WHERE id = ?", (forged, cert.id))
        role = "paakayttaja"  # the forged grant must not open the gate
    decision = rights.grant(conn, content, admin_dir, ADMIN, "anna", channel, role, now=now)
    assert not decision.ok
    assert decision.code == code
    assert words in decision.reason
    assert rights.list_rights(conn, now=now) == []
    assert not [e for e in audit.entries(conn) if e["action"] == "right.grant"]


def test_main_user_certificate_grants_both_roles(conn, content, admin_dir) -> None:
    issue(conn, content, admin_dir, "anna", "paakayttaja")
    for role in ("sisallontuottaja", "paakayttaja"):
        assert rights.grant(conn, content, admin_dir, ADMIN, "anna", CHANNEL, role, now=NOW).ok
    assert {r["role"] for r in rights.list_rights(conn, CHANNEL, now=NOW)} == {
        "sisallontuottaja",
        "paakayttaja",
    }


def test_granting_twice_is_refused_and_renewal_moves_the_right(conn, content, admin_dir) -> None:
    old = issue(conn, content, admin_dir, "anna")
    assert rights.grant(conn, content, admin_dir, ADMIN, "anna", CHANNEL, now=NOW).ok
    again = rights.grant(conn, content, admin_dir, ADMIN, "anna", CHANNEL, now=NOW)
    assert again.code == "already_granted"
    # A newer certificate (renewal) supersedes the old one; granting again moves the right.
    new = issue(conn, content, admin_dir, "anna", now=NOW + timedelta(days=700))
    conn.execute("UPDATE certificates SET superseded_by = ? WHERE id = ?", (new.id, old.id))
    moved = rights.grant(
        conn, content, admin_dir, ADMIN, "anna", CHANNEL, now=NOW + timedelta(days=701)
    )
    assert moved.ok and moved.certificate_id == new.id
    history = rights.list_rights(conn, CHANNEL, include_withdrawn=True, now=NOW)
    assert [(r["certificate"], r["withdrawn_at"] is None) for r in history] == [
        (old.id, False),
        (new.id, True),
    ]


def test_revoke_withdraws_the_rights_resting_on_the_certificate(conn, content, admin_dir) -> None:
    cert = issue(conn, content, admin_dir, "anna", "paakayttaja")
    other = issue(conn, content, admin_dir, "ben", "paakayttaja")
    for channel in (CHANNEL, "instagram-kaupunki"):
        assert rights.grant(
            conn, content, admin_dir, ADMIN, "anna", channel, "paakayttaja", now=NOW
        ).ok
    assert rights.grant(conn, content, admin_dir, ADMIN, "ben", CHANNEL, "paakayttaja", now=NOW).ok
    certs.revoke(conn, cert.id, actor=ADMIN, reason="ohjeen vastainen julkaisu", now=NOW)
    active = rights.list_rights(conn, now=NOW)
    assert [(r["login"], r["certificate"]) for r in active] == [("ben", other.id)]
    withdrawn = [e for e in audit.entries(conn) if e["action"] == "right.withdraw"]
    assert len(withdrawn) == 2


def test_withdraw_needs_a_reason_and_an_active_right(conn, content, admin_dir) -> None:
    issue(conn, content, admin_dir, "anna")
    rights.grant(conn, content, admin_dir, ADMIN, "anna", CHANNEL, now=NOW)
    with pytest.raises(rights.RightsInputError):
        rights.withdraw(conn, ADMIN, "anna", CHANNEL, "  ")
    assert rights.withdraw(conn, ADMIN, "anna", CHANNEL, "siirtyi muihin tehtäviin") == 1
    with pytest.raises(rights.RightsRefused):
        rights.withdraw(conn, ADMIN, "anna", CHANNEL, "uudelleen")
    [row] = rights.list_rights(conn, CHANNEL, include_withdrawn=True)
    assert (row["withdrawn_by"], row["withdraw_reason"]) == (ADMIN, "siirtyi muihin tehtäviin")


# -- the same through the CLI ----------------------------------------------------------


def test_cli_grant_refusals_and_success(cli: Cli, conn, content, admin_dir) -> None:
    nobody = cli("rights", "grant", "anna", "--channel", CHANNEL)
    assert nobody.exit_code == 1 and "Henkilöä anna ei tunneta" in nobody.stderr
    add_person(conn, "anna")
    none = cli("rights", "grant", "anna", "--channel", CHANNEL)
    assert none.exit_code == 1 and "ei ole todistusta" in none.stderr
    expired = issue(conn, content, admin_dir, "anna", now=NOW - timedelta(days=3 * 365))
    old = cli("rights", "grant", "anna", "--channel", CHANNEL)
    assert old.exit_code == 1
    assert f"Todistus {expired.id} vanheni" in old.stderr
    issue(conn, content, admin_dir, "anna", now=RECENT)
    main_user = cli("rights", "grant", "anna", "--channel", CHANNEL, "--role", "paakayttaja")
    assert main_user.exit_code == 1 and "ei oikeuta pääkäyttäjän oikeuksiin" in main_user.stderr
    unknown = cli("rights", "grant", "anna", "--channel", "tiktok-salainen")
    assert unknown.exit_code == 1 and "tiktok-salainen" in unknown.stderr
    ok = cli("rights", "grant", "anna", "--channel", CHANNEL)
    assert ok.exit_code == 0, ok.output
    assert "Myönnetty" in ok.output
    listed = cli("rights", "list", "--format", "json")
    assert [(r["login"], r["channel"]) for r in json.loads(listed.output)] == [("anna", CHANNEL)]
    csv_out = cli("rights", "list", "--channel", CHANNEL, "--format", "csv")
    assert csv_out.output.splitlines()[0].startswith("channel,role,login")
    assert "anna" in cli("rights", "list").output
    bad_role = cli("rights", "grant", "anna", "--channel", CHANNEL, "--role", "kuningas")
    assert bad_role.exit_code == 2


def test_cli_withdraw(cli: Cli, conn, content, admin_dir) -> None:
    issue(conn, content, admin_dir, "anna", now=RECENT)
    cli("rights", "grant", "anna", "--channel", CHANNEL)
    missing_reason = cli("rights", "withdraw", "anna", "--channel", CHANNEL)
    assert missing_reason.exit_code == 2
    done = cli("rights", "withdraw", "anna", "--channel", CHANNEL, "--reason", "vaihtoi työpaikkaa")
    assert done.exit_code == 0
    again = cli("rights", "withdraw", "anna", "--channel", CHANNEL, "--reason", "x")
    assert again.exit_code == 1 and "ei ole voimassa olevaa oikeutta" in again.stderr
    assert json.loads(cli("rights", "list", "--format", "json").output) == []
