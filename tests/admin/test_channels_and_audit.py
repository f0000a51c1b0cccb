"""Accounts, the audit's findings and the audit log, through the CLI and the domain."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

from somekoulutus import channels, rights, rights_audit

from .conftest import ADMIN, NOW, RECENT, Cli, add_person, issue

UNIT_CHANNEL = [
    "channels",
    "add",
    "kirjasto-ig",
    "--platform",
    "Instagram",
    "--url",
    "https://instagram.com/ylojarven_kirjasto",
    "--unit",
    "Kirjasto",
    "--contact",
    "anna",
]


def test_unit_account_is_added_and_listed_beside_the_city_accounts(
    cli: Cli, conn, admin_dir
) -> None:
    refused = cli(*UNIT_CHANNEL)
    assert refused.exit_code == 1 and "Henkilöä anna ei tunneta" in refused.stderr
    add_person(conn, "anna", "Anna Äijälä")
    added = cli(*UNIT_CHANNEL)
    assert added.exit_code == 0, added.output
    assert cli(*UNIT_CHANNEL).exit_code == 1  # the id is taken
    listed = json.loads(cli("channels", "list", "--format", "json").output)
    by_id = {c["id"]: c for c in listed}
    assert by_id["facebook-kaupunki"]["kind"] == channels.CITY
    assert (by_id["kirjasto-ig"]["kind"], by_id["kirjasto-ig"]["contact_login"]) == (
        channels.UNIT,
        "anna",
    )
    assert by_id["kirjasto-ig"]["contact_name"] == "Anna Äijälä"
    rows = list(csv.DictReader(io.StringIO(cli("channels", "list", "--format", "csv").output)))
    assert [r["id"] for r in rows][-1] == "kirjasto-ig"
    assert "kirjasto-ig" in cli("channels", "list").output


def test_bad_account_values_are_bad_input(cli: Cli, conn, admin_dir) -> None:
    add_person(conn, "anna")
    for option, value, words in [
        ("ID", "Kirjasto IG", "ei kelpaa"),
        ("--url", "instagram.com/x", "https://"),
        ("--unit", " ", "Yksikkö puuttuu"),
    ]:
        args = list(UNIT_CHANNEL)
        if option == "ID":
            args[2] = value
        else:
            args[args.index(option) + 1] = value
        result = cli(*args)
        assert result.exit_code == 2, (option, result.output)
        assert words in result.stderr


def test_contact_person_of_a_city_and_a_unit_account(cli: Cli, conn, admin_dir) -> None:
    add_person(conn, "anna")
    add_person(conn, "ben")
    cli(*UNIT_CHANNEL)
    assert cli("channels", "set-contact", "facebook-kaupunki", "ben").exit_code == 0
    assert cli("channels", "set-contact", "kirjasto-ig", "ben").exit_code == 0
    unknown = cli("channels", "set-contact", "ei-ole", "ben")
    assert unknown.exit_code == 1 and "ei ole viestinnän rekisterissä" in unknown.stderr
    listed = {
        c["id"]: c["contact_login"]
        for c in json.loads(cli("channels", "list", "--format", "json").output)
    }
    assert listed["facebook-kaupunki"] == "ben" and listed["kirjasto-ig"] == "ben"


def _tidy(conn, content, data_dir, channel_ids, at=NOW):
    """Every account gets a contact and two main users with long-valid certificates."""
    for who in ("paa1", "paa2"):
        issue(conn, content, data_dir, who, "paakayttaja", now=at)
    for channel_id in channel_ids:
        channels.set_contact(conn, content, ADMIN, channel_id, "paa1")
        for who in ("paa1", "paa2"):
            assert rights.grant(
                conn, content, data_dir, ADMIN, who, channel_id, "paakayttaja", now=at
            ).ok


def test_audit_finds_each_kind_of_problem(cli: Cli, conn, content, admin_dir) -> None:
    city = [c.id for c in content.organisation.channels]
    _tidy(conn, content, admin_dir, city)
    assert rights_audit.audit(conn, content, now=NOW) == []
    # A right on a certificate that expires soon, one that expires, one that is revoked.
    soon = issue(conn, content, admin_dir, "soon", now=NOW - timedelta(days=700))
    late = issue(conn, content, admin_dir, "late", now=NOW - timedelta(days=700))
    bad = issue(conn, content, admin_dir, "bad", now=NOW)
    for who in ("soon", "late", "bad"):
        assert rights.grant(conn, content, admin_dir, ADMIN, who, city[0], now=NOW).ok
    from somekoulutus import certs

    certs.revoke(conn, bad.id, actor=ADMIN, reason="testi", now=NOW)
    # Revoking withdrew the right; put one back on the revoked certificate as a broken record
    # from an older version would have left it, to see that the audit still catches it.
    conn.execute(
        "INSERT INTO rights (login, channel_id, role, certificate_id, granted_at, granted_by)"
        " VALUES ('bad', ?, 'sisallontuottaja', ?, ?, 'vanha')",
        (city[1], bad.id, NOW.isoformat()),
    )
    # An account that lost a main user, and a unit account without main users.
    rights.withdraw(conn, ADMIN, "paa2", city[2], "lähti")
    add_person(conn, "anna")
    channels.add_channel(
        conn,
        content,
        ADMIN,
        "kirjasto-ig",
        "Instagram",
        "https://instagram.com/k",
        "Kirjasto",
        "anna",
    )
    # A city account without a contact: drop it from the table behind set-contact.
    conn.execute("DELETE FROM city_channel_contacts WHERE channel_id = ?", (city[3],))

    check_at = NOW + timedelta(days=5)
    findings = rights_audit.audit(conn, content, warn_days=30, now=check_at)
    kinds = sorted((f.kind, f.channel_id, f.login) for f in findings)
    assert kinds == sorted(
        [
            ("expiring", city[0], "soon"),
            ("expiring", city[0], "late"),
            ("revoked", city[1], "bad"),
            ("few_main_users", city[2], None),
            ("few_main_users", "kirjasto-ig", None),
            ("no_contact", city[3], None),
        ]
    )
    later = rights_audit.audit(conn, content, warn_days=30, now=NOW + timedelta(days=40))
    assert {(f.kind, f.login) for f in later} >= {("expired", "soon"), ("expired", "late")}
    expired = next(f for f in later if f.login == "soon")
    assert "vanheni" in expired.message and soon.id in expired.message
    assert late.id

    # The CLI says the same, exits 1, and --within 0 leaves out the expiring ones.
    text = cli("rights", "audit")
    assert text.exit_code == 1
    assert "Huomautuksia" in text.output
    as_json = json.loads(cli("rights", "audit", "--format", "json", "--within", "0").output)
    assert "expiring" not in {f["kind"] for f in as_json}


def test_audit_exits_0_when_all_is_in_order(cli: Cli, conn, content, admin_dir) -> None:
    _tidy(conn, content, admin_dir, [c.id for c in content.organisation.channels], at=RECENT)
    result = cli("rights", "audit")
    assert result.exit_code == 0, result.output
    assert "Ei huomautettavaa" in result.output


def test_an_empty_register_has_findings_for_every_city_account(
    cli: Cli, content, admin_dir
) -> None:
    findings = json.loads(cli("rights", "audit", "--format", "json").output)
    for channel in content.organisation.channels:
        kinds = {f["kind"] for f in findings if f["channel_id"] == channel.id}
        assert kinds == {"no_contact", "few_main_users"}


def test_audit_log_shows_who_did_what(cli: Cli, conn, content, admin_dir) -> None:
    cert = issue(conn, content, admin_dir, "anna", now=RECENT)
    cli("rights", "grant", "anna", "--channel", "facebook-kaupunki")
    cli("rights", "withdraw", "anna", "--channel", "facebook-kaupunki", "--reason", "lopetti")
    cli("admins", "add", "laura")
    entries = json.loads(cli("audit-log", "--format", "json").output)
    actions = [(e["actor"], e["action"], e["target"]) for e in entries]
    assert (ADMIN, "right.grant", "anna") in actions
    assert (ADMIN, "right.withdraw", "anna") in actions
    assert (ADMIN, "admin.add", "laura") in actions
    assert (ADMIN, "certificate.issue_manual", cert.id) in actions
    withdraw = next(e for e in entries if e["action"] == "right.withdraw")
    assert withdraw["details"]["reason"] == "lopetti"
    text = cli("audit-log")
    assert text.exit_code == 0 and "oikeus myönnetty" in text.output
    # Newest first in every format, and the text says so; people read Finnish time.
    assert text.output.startswith("Uusin ensin. Ajat Suomen aikaa.")
    assert (entries[0]["action"], entries[0]["target"]) == ("admin.add", "laura")
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} \d{2}\.\d{2}", text.output)
    as_csv = list(csv.DictReader(io.StringIO(cli("audit-log", "--format", "csv").output)))
    assert {"at", "actor", "action", "target", "details"} == set(as_csv[0])
    future = json.loads(cli("audit-log", "--since", "2999-01-01", "--format", "json").output)
    assert future == []
    bad = cli("audit-log", "--since", "eilen")
    assert bad.exit_code == 2 and "VVVV-KK-PP" in bad.stderr


def test_csv_cells_that_look_like_formulas_are_quoted(cli: Cli, conn, content, admin_dir) -> None:
    add_person(conn, "anna", '=HYPERLINK("http://x")')
    issue(conn, content, admin_dir, "anna", now=RECENT)
    assert cli("rights", "grant", "anna", "--channel", "facebook-kaupunki").exit_code == 0
    [row] = csv.DictReader(io.StringIO(cli("rights", "list", "--format", "csv").output))
    assert row["name"] == "'" + '=HYPERLINK("http://x")'


def test_audit_log_pages_through_a_long_log_newest_first(cli: Cli, conn, admin_dir) -> None:
    from somekoulutus.cli import auditlog

    n = auditlog.PAGE * 2 + 7
    raw = conn.conn()
    with raw:
        raw.executemany(
            "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
            (
                (f"2026-01-01T00:00:{i % 60:02d}+00:00", ADMIN, "admin.add", f"t{i}", "{}")
                for i in range(n)
            ),
        )
    entries = json.loads(cli("audit-log", "--format", "json").output)
    targets = [e["target"] for e in entries if e["target"].startswith("t")]
    assert targets == [f"t{i}" for i in reversed(range(n))]  # no row lost or repeated at a seam
    rows = list(csv.DictReader(io.StringIO(cli("audit-log", "--format", "csv").output)))
    assert [r["target"] for r in rows if r["target"].startswith("t")] == targets
