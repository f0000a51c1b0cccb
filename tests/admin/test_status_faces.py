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
    [right] = rights.list_rights(conn, within_days=warn, now=NOW)
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
