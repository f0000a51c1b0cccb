"""One certificate status rule: every face (model, registry listing, holder search, rights
list, the CLI's JSON) says the same state for the same certificates at the same moment."""

from __future__ import annotations

import json
from datetime import timedelta

from somekoulutus import certs, rights
from somekoulutus.certs.model import DEFAULT_WARNING_DAYS

from .conftest import ADMIN, NOW, issue


def test_every_face_says_the_same_status(conn, content, admin_dir, cli) -> None:
    validity = timedelta(days=365 * 2)  # the test content's validity (24 months), roughly
    made = {
        "valid": issue(conn, content, admin_dir, "a1", now=NOW),
        "expiring": issue(conn, content, admin_dir, "a2", now=NOW - validity + timedelta(days=10)),
        "expired": issue(conn, content, admin_dir, "a3", now=NOW - validity - timedelta(days=40)),
        "revoked": issue(conn, content, admin_dir, "a4", now=NOW),
        "superseded": issue(conn, content, admin_dir, "a5", now=NOW - timedelta(days=30)),
    }
    certs.revoke(conn, made["revoked"].id, actor=ADMIN, reason="testi", now=NOW)
    issue(conn, content, admin_dir, "a5", now=NOW)  # supersedes a5's first
    rights.grant(conn, content, admin_dir, ADMIN, "a1", "facebook-kaupunki", now=NOW)
    warn = DEFAULT_WARNING_DAYS

    def model(cert_id: str) -> str:
        record = certs.get_certificate(conn, cert_id)
        assert record is not None
        return record.status(NOW, warn)

    listed = {c.id: c.status for c in certs.list_certificates(conn, warn_days=warn, now=NOW)}
    holders, _ = rights.certificate_holders(conn, warn_days=warn, now=NOW)
    searched = {h["id"]: h["status"] for h in holders}
    for state, record in made.items():
        assert model(record.id) == state
        assert listed[record.id] == state, (state, listed[record.id])
        assert searched[record.id] == state, (state, searched[record.id])
    [right] = rights.list_rights(conn, warn_days=warn, now=NOW)
    assert right["certificate_status"] == model(right["certificate"]) == "valid"
    # The CLI runs at the real clock: the same rule, compared with the model at that moment.
    from datetime import UTC, datetime

    result = cli("certs", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    moment = datetime.now(UTC)
    for row in json.loads(result.stdout):
        record = certs.get_certificate(conn, row["id"])
        assert record is not None
        assert row["status"] == record.status(moment, warn), row


async def test_the_configured_warning_window_reaches_every_face(
    conn, content, admin_dir, cli
) -> None:
    """config.yaml's expiry_warning_days (60 here) decides "expiring" in the CLI, the admin
    screen's three tabs and the audit alike; at the default 30 the same certificate is valid."""
    from datetime import UTC, datetime

    from somekoulutus import settings
    from somekoulutus.tui.admin import AdminScreen
    from somekoulutus.tui.admin.texts import status_label
    from tests.settle import settle

    from .test_tui import Host

    settings.save_config(admin_dir, settings.load_config(admin_dir) | {"expiry_warning_days": 60})
    now = datetime.now(UTC)
    probe = issue(conn, content, admin_dir, "probe", now=now)
    validity = probe.expires_at - now
    record = issue(conn, content, admin_dir, "a1", now=now - validity + timedelta(days=45))
    rights.grant(conn, content, admin_dir, ADMIN, "a1", "facebook-kaupunki", now=now)
    assert record.status(now, DEFAULT_WARNING_DAYS) == "valid"
    assert record.status(now, certs.expiry_warning_days(admin_dir)) == "expiring"

    out = cli("certs", "list", "--format", "json")
    assert out.exit_code == 0, out.output
    listed = json.loads(out.stdout)
    assert {r["id"]: r["status"] for r in listed}[record.id] == "expiring"
    [right] = json.loads(cli("rights", "list", "--format", "json").stdout)
    assert right["certificate_status"] == "expiring"
    found = cli("rights", "audit", "--format", "json")
    assert found.exit_code == 1, found.output
    assert [f["kind"] for f in json.loads(found.stdout) if f["login"] == "a1"] == ["expiring"]

    app = Host(AdminScreen(conn, content, admin_dir, ADMIN, lambda: now))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        holders = screen.tab("holders").rows
        assert {h["id"]: h["status"] for h in holders}[record.id] == "expiring"
        [shown] = screen.tab("rights").rows
        assert shown["certificate_status"] == "expiring"
        table = screen.query_one("#rights-table")
        assert str(table.get_row_at(0)[4]) == status_label("expiring")
        kinds = [r["kind"] for r in screen.tab("audit").rows if r["login"] == "a1"]
        assert kinds == ["vanhenee"]
