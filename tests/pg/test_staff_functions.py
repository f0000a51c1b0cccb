"""Admin and issuer functions, called by the roles they are for: effects, statuses, audit."""

from __future__ import annotations

import threading

import psycopg


def status(conn, sql: str, *args) -> str:
    return conn.execute(sql, args).fetchone()[0]


def audit(registry, action: str) -> list[tuple]:
    return (
        registry.shared()
        .execute(
            "SELECT actor, target, details FROM somekoulutus.audit_log WHERE action = %s ORDER BY id",
            (action,),
        )
        .fetchall()
    )


def test_add_and_remove_admins(pg_registry):
    admin = pg_registry.connect("admin1")
    assert status(admin, "SELECT somekoulutus.add_admin('pekka')") == "ok"
    assert status(admin, "SELECT somekoulutus.add_admin('pekka')") == "already"
    assert status(admin, "SELECT somekoulutus.add_admin('eiole')") == "not_found"
    pekka = pg_registry.connect("pekka")
    assert pekka.execute("SELECT is_admin FROM somekoulutus.whoami()").fetchone()[0] is True
    assert status(pekka, "SELECT somekoulutus.remove_admin('admin2')") == "ok"
    assert status(pekka, "SELECT somekoulutus.remove_admin('admin1')") == "ok"
    assert status(pekka, "SELECT somekoulutus.remove_admin('pekka')") == "last_admin"
    assert status(pekka, "SELECT somekoulutus.remove_admin('maija')") == "not_found"
    assert [(a, t) for a, t, _ in audit(pg_registry, "admin.add")] == [("admin1", "pekka")]
    removed = [(a, t) for a, t, _ in audit(pg_registry, "admin.remove")]
    assert removed == [("pekka", "admin2"), ("pekka", "admin1")]


def test_revoke_withdraws_rights_and_holds_the_definition(pg_registry, exam):
    conn = exam.learner("maija")
    cert = exam.issue(conn, "maija")
    admin = pg_registry.connect("admin1")
    grant = "SELECT somekoulutus.grant_right('maija', 'kanava', %s, %s)"
    assert status(admin, grant, "sisallontuottaja", cert) == "ok"
    assert status(admin, grant, "sisallontuottaja", cert) == "already"
    assert status(admin, grant, "paakayttaja", cert) == "not_granted"  # not what it grants
    assert status(admin, grant, "pomo", cert) == "invalid"
    revoke = "SELECT somekoulutus.revoke_certificate(%s, %s)"
    assert status(admin, revoke, cert, "  ") == "invalid"
    assert status(admin, revoke, "SK-EIOLE", "syy") == "not_found"
    assert status(admin, revoke, cert, "väärinkäyttö") == "ok"
    assert status(admin, revoke, cert, "väärinkäyttö") == "already"
    assert status(admin, grant, "sisallontuottaja", cert) == "not_granted"
    owner = pg_registry.shared()
    right = owner.execute(
        "SELECT withdrawn_by, withdraw_reason FROM somekoulutus.rights"
    ).fetchone()
    assert right == ("admin1", "todistus mitätöity: väärinkäyttö")
    hold = owner.execute(
        "SELECT login, definition_id, certificate_id, placed_by FROM somekoulutus.holds"
    ).fetchone()
    assert hold == ("maija", exam.definition, cert, "admin1")
    [(actor, target, details)] = audit(pg_registry, "certificate.revoke")
    assert (actor, target) == ("admin1", cert) and '"rights_withdrawn": [1]' in details
    assert len(audit(pg_registry, "right.withdraw")) == 1
    assert len(audit(pg_registry, "hold.place")) == 1
    lift = "SELECT somekoulutus.lift_hold('maija', %s, %s)"
    assert status(admin, lift, exam.definition, "") == "invalid"
    assert status(admin, lift, exam.definition, "selvitetty") == "ok"
    assert status(admin, lift, exam.definition, "selvitetty") == "not_found"
    # The learner sees the own hold and certificate, and no one else's.
    rows = conn.execute("SELECT login, lifted_by FROM somekoulutus.holds").fetchall()
    assert rows == [("maija", "admin1")]
    other = exam.learner("pekka")
    assert other.execute("SELECT count(*) FROM somekoulutus.certificates").fetchone()[0] == 0


def test_channels_and_withdrawals(pg_registry, exam):
    exam.learner("maija")
    admin = pg_registry.connect("admin1")
    add = "SELECT somekoulutus.add_channel(%s, 'Instagram', %s, 'Kirjasto', %s)"
    assert status(admin, add, "instagram-kirjasto", "https://instagram.com/k", "maija") == "ok"
    assert status(admin, add, "instagram-kirjasto", "https://instagram.com/k", "maija") == "already"
    assert status(admin, add, "Väärä tunnus", "https://x.fi", "maija") == "invalid"
    assert status(admin, add, "toinen", "ftp://x", "maija") == "invalid"
    assert status(admin, add, "toinen", "https://x.fi", "eiole") == "no_person"
    contact = "SELECT somekoulutus.set_channel_contact(%s, %s, %s)"
    assert status(admin, contact, "instagram-kirjasto", "maija", False) == "ok"
    assert status(admin, contact, "kaupunki-fb", "maija", True) == "ok"
    assert status(admin, contact, "eiole", "maija", False) == "not_found"
    withdraw = "SELECT somekoulutus.withdraw_right('maija', 'instagram-kirjasto', %s)"
    assert status(admin, withdraw, "syy") == "not_found"
    assert status(admin, withdraw, "") == "invalid"
    assert len(audit(pg_registry, "channel.add")) == 1
    assert len(audit(pg_registry, "channel.contact")) == 2


STORE = """SELECT somekoulutus.store_certificate(%s, %s, %s, %s, '{}', 'sig', %s,
               somekoulutus.now_iso(), '2099-01-01T00:00:00+00:00', '\\x255044'::bytea)"""


def test_store_certificate_once_superseding_the_previous(pg_registry, exam):
    conn = exam.learner("maija")
    first = exam.issue(conn, "maija")
    issuer = pg_registry.connect("skissuer")
    attempt_id, (passed, _) = exam.take(conn, exam.right)
    assert passed
    args = ([attempt_id], "SK-2", "maija", exam.definition)
    assert status(issuer, STORE, *args, "eiavain") == "unknown_key"
    assert status(issuer, STORE, [attempt_id], "SK-2", "pekka", exam.definition, "k1") == "invalid"
    assert status(issuer, STORE, *args, "k1") == "ok"
    assert status(issuer, STORE, *args, "k1") == "already"
    rows = (
        pg_registry.shared()
        .execute(
            "SELECT id, superseded_by, attempt_ids, pdf FROM somekoulutus.certificates ORDER BY rowid"
        )
        .fetchall()
    )
    assert [r[:3] for r in rows] == [(first, "SK-2", "[1]"), ("SK-2", None, f"[{attempt_id}]")]
    assert bytes(rows[1][3]) == b"%PD"
    # A failed attempt, or one already refused, is never certified.
    failed, (passed, _) = exam.take(conn, exam.wrong)
    assert not passed
    assert status(issuer, STORE, [failed], "SK-3", "maija", exam.definition, "k1") == "invalid"
    assert status(issuer, "SELECT somekoulutus.refuse_attempt(%s, 'testi')", failed) == "ok"
    assert status(issuer, "SELECT somekoulutus.refuse_attempt(%s, 'testi')", failed) == "not_found"


def test_a_hold_refuses_the_certificate_of_a_retake(pg_registry, exam):
    conn = exam.learner("maija")
    cert = exam.issue(conn, "maija")
    admin = pg_registry.connect("admin1")
    assert status(admin, "SELECT somekoulutus.revoke_certificate(%s, 'x')", cert) == "ok"
    # A passed attempt made while the hold was briefly lifted (say, an attempt imported from
    # before the revocation): the issuer still finds the hold and refuses it.
    owner = pg_registry.shared()
    owner.execute("UPDATE somekoulutus.holds SET lifted_at = somekoulutus.now_iso()")
    attempt_id, (passed, _) = exam.take(conn, exam.right)
    owner.execute("UPDATE somekoulutus.holds SET lifted_at = NULL")
    issuer = pg_registry.connect("skissuer")
    got = status(issuer, STORE, [attempt_id], "SK-9", "maija", exam.definition, "k1")
    assert passed and got == "held"
    state = owner.execute(
        "SELECT issuer_state, issuer_note FROM somekoulutus.attempts WHERE id = %s", (attempt_id,)
    ).fetchone()
    assert state == ("refused", "hold")
    assert owner.execute("SELECT count(*) FROM somekoulutus.certificates").fetchone()[0] == 1


def test_two_issuers_at_once_store_one_certificate(pg_registry, exam):
    conn = exam.learner("maija")
    exam.issue(conn, "maija")
    attempt_id, _ = exam.take(conn, exam.right)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def issue(n: int) -> None:
        with psycopg.connect(pg_registry.dsn("skissuer"), autocommit=True) as c:
            barrier.wait()
            results.append(
                status(c, STORE, [attempt_id], f"SK-P{n}", "maija", exam.definition, "k1")
            )

    threads = [threading.Thread(target=issue, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["already", "already", "already", "ok"]
    count = pg_registry.shared().execute(
        "SELECT count(*) FROM somekoulutus.certificates WHERE attempt_ids = %s",
        (f"[{attempt_id}]",),
    )
    assert count.fetchone()[0] == 1


def test_a_manual_certificate_waits_for_the_issuer(pg_registry, exam):
    exam.learner("maija")
    exam.issue(exam.learner("pekka"), "pekka")  # registers the issuer's key k1
    admin = pg_registry.connect("admin1")
    request = "SELECT somekoulutus.request_manual_certificate('maija', %s, %s)"
    assert status(admin, request, exam.definition, "") == "invalid"
    assert status(admin, request, "eiole", "lähikoulutus") == "invalid"
    assert status(admin, request, exam.definition, "lähikoulutus 3.12.") == "ok"
    request_id = pg_registry.shared().execute("SELECT id FROM somekoulutus.manual_requests")
    request_id = request_id.fetchone()[0]
    issuer = pg_registry.connect("skissuer")
    store = """SELECT somekoulutus.store_manual_certificate(%s, 'SK-M1', '{}', 'sig', 'k1',
                   somekoulutus.now_iso(), '2099-01-01T00:00:00+00:00', NULL)"""
    assert status(issuer, store, request_id) == "ok"
    assert status(issuer, store, request_id) == "already"
    assert status(admin, store, request_id) == "refused"
    cert = pg_registry.shared().execute(
        "SELECT login, issued_by, manual_reason, attempt_ids FROM somekoulutus.certificates "
        "WHERE id = 'SK-M1'"
    )
    assert cert.fetchone() == ("maija", "admin1", "lähikoulutus 3.12.", "[]")
    [(actor, target, details)] = audit(pg_registry, "certificate.issue_manual")
    assert (actor, target) == ("skissuer", "SK-M1") and '"requested_by": "admin1"' in details
