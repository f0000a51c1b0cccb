"""`somekoulutus db init|upgrade|status|enrol` against a real server, through the CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.store.postgres.schema import VERSION


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, ["db", *args], env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_init_creates_schema_roles_and_is_idempotent(pg_empty):
    dsn = pg_empty.dsn(pg_empty.owner)
    code, out = run("init", "--database", dsn)
    assert code == 0, out
    assert f"Rekisteri luotu (rakenteen versio {VERSION})" in out
    code, out = run("init", "--database", dsn)
    assert code == 0 and "oli jo olemassa" in out
    code, out = run("upgrade", "--database", dsn)
    assert code == 0 and "ajan tasalla" in out
    conn = pg_empty.connect()
    roles = {
        r[0]
        for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'somekoulutus_%'")
    }
    assert roles == {"somekoulutus_learner", "somekoulutus_admin", "somekoulutus_issuer"}
    owner = conn.execute(
        "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'somekoulutus'"
    )
    assert owner.fetchone()[0] == pg_empty.owner
    actions = [r[0] for r in conn.execute("SELECT action FROM somekoulutus.audit_log ORDER BY id")]
    assert actions == ["db.init", "db.init", "db.upgrade"]


def test_status_from_the_environment(pg_registry):
    code, out = run("status", env={"SOMEKOULUTUS_DATABASE": pg_registry.dsn(pg_registry.owner)})
    assert code == 0 and f"versiota {VERSION}, sama kuin ohjelman" in out


def test_missing_schema_status_and_upgrade_say_run_init(pg_empty):
    dsn = pg_empty.dsn(pg_empty.owner)
    for command in ("status", "upgrade"):
        code, out = run(command, "--database", dsn)
        assert code == 1 and "aja somekoulutus db init" in out


def test_newer_schema_is_refused_never_used(pg_registry):
    conn = pg_registry.connect()
    conn.execute("UPDATE somekoulutus.schema_version SET version = version + 1")
    dsn = pg_registry.dsn(pg_registry.owner)
    for command in ("status", "upgrade", "init"):
        code, out = run(command, "--database", dsn)
        assert code == 1, command
        assert "uudempi kuin tämä ohjelma" in out and "Traceback" not in out
    code, out = run("enrol", "uusi", "--database", dsn)
    assert code == 1 and "uudempi" in out
    assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'uusi'").fetchone() is None


def test_enrol_creates_roles_and_memberships(pg_registry):
    dsn = pg_registry.dsn(pg_registry.owner)
    code, out = run("enrol", "liisa", "maija", "--database", dsn)
    assert code == 0, out
    assert "liisa: uusi tunnus, opiskelija." in out
    assert "maija: tunnus oli jo olemassa, opiskelija." in out
    code, out = run("enrol", "liisa", "--admin", "--database", dsn)
    assert code == 0 and "ylläpitäjä" in out
    conn = pg_registry.connect()
    row = conn.execute(
        """SELECT rolcanlogin, pg_has_role('liisa', 'somekoulutus_learner', 'MEMBER'),
                  pg_has_role('liisa', 'somekoulutus_admin', 'MEMBER'),
                  pg_has_role('maija', 'somekoulutus_admin', 'MEMBER')
           FROM pg_roles WHERE rolname = 'liisa'"""
    ).fetchone()
    assert row == (True, True, True, False)
    audit = conn.execute(
        "SELECT actor, target, details FROM somekoulutus.audit_log WHERE action = 'db.enrol' AND target = 'liisa' ORDER BY id"
    ).fetchall()
    assert [a[0] for a in audit] == [pg_registry.owner, pg_registry.owner]
    assert '"admin": true' in audit[-1][2]


def test_a_learner_cannot_init_or_enrol(pg_registry):
    dsn = pg_registry.dsn("maija")
    code, out = run("init", "--database", dsn)
    assert code == 1 and "omistaa tunnus skowner" in out
    code, out = run("enrol", "maija", "--admin", "--database", dsn)
    assert code == 1 and "Traceback" not in out
    assert "oikeutta" in out


@pytest.mark.parametrize(
    ("dsn", "expected"),
    [
        ("tämä ei ole osoite", "Tietokannan osoite ei kelpaa"),
        ("host=/nonexistent/socket dbname=x", "ei saatu yhteyttä"),
    ],
)
def test_bad_dsn_and_server_down_are_one_finnish_line(dsn, expected):
    code, out = run("status", "--database", dsn)
    assert code == 1
    assert expected in out and len(out.strip().splitlines()) == 1


def test_failed_authentication_and_missing_database(pg_registry):
    code, out = run("status", "--database", pg_registry.cluster.dsn("eiole", pg_registry.dbname))
    assert code == 1 and "ei hyväksynyt kirjautumistasi" in out
    code, out = run("status", "--database", pg_registry.cluster.dsn(pg_registry.owner, "eiole"))
    assert code == 1 and "Tietokantaa eiole ei ole" in out


def test_no_dsn_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv("SOMEKOULUTUS_DATABASE", raising=False)
    code, out = run("status")
    assert code == 2 and "--database" in out


def test_upgrade_from_an_older_schema(pg_empty):
    from somekoulutus.store.postgres import setup

    with setup.connect(pg_empty.dsn(pg_empty.owner), autocommit=True) as conn:
        setup.init(conn, target=1)
    dsn = pg_empty.dsn(pg_empty.owner)
    code, out = run("status", "--database", dsn)
    assert code == 1 and f"tarvitsee version {VERSION}: aja somekoulutus db upgrade" in out
    code, out = run("upgrade", "--database", dsn)
    assert code == 0 and f"päivitetty versiosta 1 versioon {VERSION}" in out
    conn = pg_empty.connect()
    assert conn.execute("SELECT to_regclass('somekoulutus.manual_requests')").fetchone()[0]
    granted = conn.execute(
        "SELECT has_table_privilege('somekoulutus_admin', 'somekoulutus.manual_requests', 'SELECT')"
    )
    assert granted.fetchone()[0] is True


def test_a_superuser_may_init_and_owns_the_schema(pg_empty):
    dsn = pg_empty.cluster.superuser_dsn(pg_empty.dbname)
    code, out = run("init", "--database", dsn)
    assert code == 0, out
    owner = pg_empty.connect().execute(
        "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'somekoulutus'"
    )
    assert owner.fetchone()[0] == pg_empty.cluster.superuser


@pytest.mark.parametrize(
    ("table", "index"),
    [("certificates", "certificates_by_login"), ("attempts", "attempts_by_login")],
)
def test_a_learners_own_rows_are_found_by_index(pg_registry, table, index):
    """Row security keyed on session_user must use the login index (collation matters)."""
    conn = pg_registry.connect("maija")
    conn.execute("SET enable_seqscan = off")
    plan = "\n".join(r[0] for r in conn.execute(f"EXPLAIN SELECT * FROM somekoulutus.{table}"))
    assert index in plan, plan


def test_publish_command(pg_registry, bundled_content):
    dsn = pg_registry.dsn(pg_registry.owner)
    code, out = run("publish", "--draws", "2", "--database", dsn)
    assert code == 0, out
    assert f"{next(iter(bundled_content.courses))}: julkaistu." in out
    code, out = run("publish", "--draws", "2", "--database", dsn)
    assert code == 0 and "julkaistu." not in out.replace("oli jo julkaistu.", "")
    code, out = run("publish", "--database", pg_registry.dsn("maija"))
    assert code == 1 and "omistajan tunnuksella" in out and len(out.strip().splitlines()) == 1
