"""The whole path on the organisation's registry through the program's own store: a learner
passes on one host, the issuer service certifies, an admin on another host sees and verifies
the certificate; revocation holds a retake; an embedded registry moves in with its signatures.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from somekoulutus import certs, holds, progress, quiz
from somekoulutus.certs.issuer import process_pending, publish_key
from somekoulutus.certs.pending import IssuerUnavailable, obtain_certificates
from somekoulutus.certs.verify import registry_keys
from somekoulutus.content.models import Content
from somekoulutus.item_stats import course_stats
from somekoulutus.store.base import NotAdminError
from somekoulutus.store.people import Person
from somekoulutus.store.postgres.importer import import_sqlite
from somekoulutus.store.sqlite_store import SqliteStore

from .conftest import FIXTURES, Registry, pass_course, store_as


def test_a_pass_on_one_host_is_certified_and_seen_by_an_admin_on_another(
    registry: Registry, content: Content, tmp_path: Path
) -> None:
    learner = store_as(registry, "maija")
    assert learner.identity() == "maija"
    learner.save_person(Person("maija", "Maija M", "maija@ylojarvi.fi", "Kirjasto", "tyontekija"))
    attempt_id = pass_course(learner, content, "maija", "perus")
    # The server recorded the pass; no issuer runs yet, so the learner is told plainly.
    with pytest.raises(IssuerUnavailable):
        obtain_certificates(learner, content, tmp_path / "maija", "maija", wait=0)

    issuer = store_as(registry, "skissuer")
    keys = tmp_path / "issuer"
    publish_key(issuer, keys)
    outcomes = process_pending(issuer, content, keys)
    assert [(o.attempt_id, o.refused) for o in outcomes] == [(attempt_id, None)]
    [record] = outcomes[0].issued
    # Restarted, the issuer finds nothing more to do: issued exactly once.
    assert process_pending(issuer, content, keys) == []

    [arrived] = obtain_certificates(learner, content, tmp_path / "maija", "maija", wait=0)
    assert arrived.id == record.id and Path(arrived.pdf_file).is_file()

    admin = store_as(registry, "admin1")
    listed = [c.id for c in certs.list_certificates(admin)]
    assert listed == [record.id]
    verdict = certs.verify_record(admin, tmp_path / "nothing", record.id)
    assert verdict.ok, verdict.reason
    # A PDF verifies with the registry's published keys only; the learner's own key is not one.
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(admin.certificate_pdf(record.id) or b"")
    keys_known = registry_keys(admin, tmp_path / "nothing")
    assert certs.verify_pdf(pdf, public_keys=keys_known, store=admin).ok
    # Item analysis reads the same answers on the registry.
    stats = course_stats(admin, content.courses["perus"])
    assert sum(s.shown for s in stats) == len(learner.get_attempt(attempt_id).plan)
    assert all(s.facility in (None, 1.0) for s in stats)
    for store in (learner, issuer, admin):
        store.close()


def test_revocation_holds_the_retake_until_an_admin_lifts_it(
    registry: Registry, content: Content, tmp_path: Path
) -> None:
    learner = store_as(registry, "pekka")
    learner.save_person(Person("pekka", "Pekka P", "pekka@ylojarvi.fi", "Koulu", "tyontekija"))
    pass_course(learner, content, "pekka", "perus")
    issuer = store_as(registry, "skissuer")
    publish_key(issuer, tmp_path / "issuer")
    [outcome] = process_pending(issuer, content, tmp_path / "issuer")
    [record] = outcome.issued

    admin = store_as(registry, "admin1")
    with pytest.raises(NotAdminError):  # a learner cannot revoke, and the refusal is audited
        certs.revoke(learner, record.id, actor="pekka", reason="itse")
    certs.revoke(admin, record.id, actor="admin1", reason="väärä henkilö")
    assert [h["definition_id"] for h in admin.holds("pekka")] == ["perus"]
    # A retake while the hold is on passes, but the registry refuses to certify it.
    pass_course(learner, content, "pekka", "perus")
    [held] = process_pending(issuer, content, tmp_path / "issuer")
    assert held.issued == ()
    assert learner.certificates_of("pekka")[0]["id"] == record.id
    with pytest.raises(holds.HoldError):  # a learner cannot lift it
        holds.lift(learner, "pekka", "pekka", "perus", "itse")
    holds.lift(admin, "admin1", "pekka", "perus", "koulutettu uudelleen")
    pass_course(learner, content, "pekka", "perus")
    issued = [r for o in process_pending(issuer, content, tmp_path / "issuer") for r in o.issued]
    assert len(issued) == 1 and issued[0].id != record.id
    actions = [r["action"] for r in admin.audit_entries()]
    assert "certificate.revoke" in actions and "hold.lift" in actions
    assert any(a.endswith(".refused") for a in actions)
    for store in (learner, issuer, admin):
        store.close()


def test_identity_comes_from_the_server_not_the_environment(registry: Registry) -> None:
    # A learner's process that says it is an admin is still the learner to the registry.
    script = (
        "import sys; from somekoulutus.store.postgres.store import PgStore; "
        "s = PgStore(sys.argv[1]); print(s.identity(), s.is_admin(s.identity()))"
    )
    env = {"LOGNAME": "admin1", "USER": "admin1", "PGUSER": "admin1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script, registry.dsn("maija")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.split()
    assert out == ["maija", "False"]


def test_an_embedded_registry_moves_in_with_ids_and_signatures(
    pg_registry: Registry, content: Content, tmp_path: Path
) -> None:
    data = tmp_path / "embedded"
    data.mkdir()
    embedded = SqliteStore(data)
    embedded.save_person(Person("liisa", "Liisa L", "liisa@ylojarvi.fi", "Koulu", "tyontekija"))
    course = content.courses["perus"]
    plan = quiz.seeded_draw(course.quiz, "s1")
    attempt = embedded.start_attempt(
        "liisa", "perus", course.version, "s1", [(p.question_id, p.order) for p in plan]
    )
    for position, p in enumerate(plan):
        q = course.quiz.question(p.question_id)
        embedded.record_answer(attempt.id, position, q.id, sorted(q.correct_indexes), True)
    embedded.finish_attempt(attempt.id, 1.0, True)
    [record] = certs.issue_if_eligible(embedded, content, data, "liisa")
    embedded.close()

    from somekoulutus.certs.keys import load_issuer_key, public_pem

    key = load_issuer_key(data)
    assert key is not None
    owner = pg_registry.connect()
    counts = import_sqlite(owner, data / "somekoulutus.db", [(key.key_id, public_pem(key.public))])
    assert counts["certificates"] == 1 and counts["attempts"] == 1
    # Importing again changes nothing.
    import_sqlite(owner, data / "somekoulutus.db", [(key.key_id, public_pem(key.public))])
    admin = store_as(pg_registry, "admin1")
    verdict = certs.verify_record(admin, tmp_path / "nothing", record.id)
    assert verdict.ok, verdict.reason
    assert admin.certificate_pdf(record.id) == Path(record.pdf_file).read_bytes()
    admin.close()


async def test_the_learner_and_admin_apps_run_on_the_registry(
    registry: Registry, content: Content, tmp_path: Path
) -> None:
    from textual.app import App
    from textual.widgets import DataTable

    from somekoulutus.tui.admin import AdminScreen
    from somekoulutus.tui.app import SomeApp
    from somekoulutus.tui.screens.home import HomeScreen

    learner = store_as(registry, "maija")
    learner.save_person(Person("maija", "Maija M", "maija@ylojarvi.fi", "Kirjasto", "tyontekija"))
    pass_course(learner, content, "maija", "perus")
    issuer = store_as(registry, "skissuer")
    publish_key(issuer, tmp_path / "issuer")
    [outcome] = process_pending(issuer, content, tmp_path / "issuer")
    [record] = outcome.issued

    # The learner's app, on the registry: whoever the process claims, it is maija.
    app = SomeApp(data_dir=tmp_path / "maija", login="someone-else", content=content, db=learner)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.login == "maija"
        assert [c.id for c in app.certificates()] == [record.id]

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(AdminScreen(admin, content, tmp_path / "admin", "admin1", clock))

    admin = store_as(registry, "admin1")

    def clock() -> datetime:
        return datetime.now(UTC)

    async with Host().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one("#holders-table", DataTable)
        assert table.row_count == 1
    for store in (learner, issuer, admin):
        store.close()


def test_the_command_line_runs_on_the_registry(
    registry: Registry, content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from somekoulutus.cli import main
    from somekoulutus.cli.context import AppContext

    monkeypatch.setenv("SOMEKOULUTUS_HOME", str(tmp_path / "home"))
    learner = store_as(registry, "maija")
    learner.save_person(Person("maija", "Maija M", "maija@ylojarvi.fi", "Kirjasto", "tyontekija"))
    pass_course(learner, content, "maija", "perus")
    learner.close()
    root = str(FIXTURES)

    def run(role: str, *args: str) -> object:
        # The pre-filled login is what a learner's environment might claim; the registry wins.
        return CliRunner().invoke(
            main,
            ["--database", registry.dsn(role), "--courses", root, *args],
            obj=AppContext(login="admin1"),
        )

    issued = run("skissuer", "issuer", "run", "--once", "--key-dir", str(tmp_path / "k"))
    assert issued.exit_code == 0, issued.output
    listed = run("admin1", "certs", "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert row["login"] == "maija"
    verified = run("maija", "certs", "verify", row["id"])
    assert verified.exit_code == 0, verified.output
    refused = run("maija", "certs", "list")
    assert refused.exit_code == 1 and "maija ei ole ylläpitäjä" in refused.stderr


def test_an_admins_request_is_signed_by_the_issuer(
    registry: Registry, content: Content, tmp_path: Path
) -> None:
    learner = store_as(registry, "maija")
    learner.save_person(Person("maija", "Maija M", "maija@ylojarvi.fi", "Kirjasto", "tyontekija"))
    admin = store_as(registry, "admin1")
    # The admin holds no key: the registry keeps the request until the issuer signs it.
    assert (
        certs.issue_manual(
            admin, content, tmp_path, "maija", "perus", actor="admin1", reason="lähikoulutus"
        )
        is None
    )
    issuer = store_as(registry, "skissuer")
    publish_key(issuer, tmp_path / "issuer")
    [outcome] = process_pending(issuer, content, tmp_path / "issuer")
    [record] = outcome.issued
    assert process_pending(issuer, content, tmp_path / "issuer") == []
    row = admin.certificate(record.id)
    assert row["manual_reason"] == "lähikoulutus" and row["issued_by"] == "admin1"
    assert certs.verify_record(admin, tmp_path / "nothing", record.id).ok
    for store in (learner, admin, issuer):
        store.close()


def test_a_dropped_connection_loses_no_answer(registry: Registry, content: Content) -> None:
    learner = store_as(registry, "maija")
    learner.save_person(Person("maija", "Maija M", "maija@ylojarvi.fi", "Kirjasto", "tyontekija"))
    course = content.courses["perus"]
    for lesson in course.lessons:
        learner.mark_read("maija", course.id, lesson.id)
    attempt = progress.attempt_for(learner, "maija", course, random.Random(3))
    # The server drops the learner's connection (a restart, a network cut) mid-quiz.
    import psycopg

    with psycopg.connect(registry.cluster.superuser_dsn(), autocommit=True) as su:
        su.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'maija'")
    question = course.quiz.question(attempt.plan[0].question_id)
    attempt, _ = progress.answer(learner, course, attempt, 0, sorted(question.correct_indexes))
    assert 0 in attempt.answers
    # A new start resumes the same attempt at the next question.
    again = progress.attempt_for(learner, "maija", course, random.Random(4))
    assert (again.id, again.next_position) == (attempt.id, 1)
    learner.close()


def test_the_issuer_account_is_enrolled_without_learner_rights(
    registry: Registry, tmp_path: Path
) -> None:
    from somekoulutus.store.postgres import setup

    [done] = setup.enrol(registry.connect(), ["svcissuer"], issuer=True)
    service = store_as(registry, "svcissuer")
    assert publish_key(service, tmp_path / "k")
    assert not service.is_admin("svcissuer")
    member = registry.connect().execute(
        "SELECT pg_has_role('svcissuer', 'somekoulutus_learner', 'MEMBER')"
    )
    assert member.fetchone()[0] is False
    service.close()
