"""Issuing on passing, renewal, manual issue, expiry status, and failures that leave nothing."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from somekoulutus import certs, holds, settings
from somekoulutus.certs import ids
from somekoulutus.certs.issue import STALE_TEMP_SECONDS
from somekoulutus.certs.keys import key_id
from somekoulutus.certs.payload import add_months
from somekoulutus.store import audit
from somekoulutus.store.sqlite_store import SqliteStore

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM certificates ORDER BY rowid").fetchall()


def pdfs(data: Path) -> list[str]:
    folder = data / "certificates"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_passing_issues_once_with_a_signed_payload_and_a_pdf(conn, content, data_dir, passer):
    passer("maija")
    [record] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)

    assert ids.normalise(record.id) == record.id
    assert record.definition_id == "perus" and record.title == "Sisällöntuottajan somekoulutus"
    assert record.issued_at == NOW and record.expires_at == datetime(2027, 3, 14, 9, 30, tzinfo=UTC)
    assert record.pdf_path == (data_dir / "certificates" / f"{record.id}.pdf").resolve()
    assert record.pdf_path.read_bytes().startswith(b"%PDF")
    assert pdfs(data_dir) == [f"{record.id}.pdf"]  # no temporary files left behind
    payload = json.loads(record.payload)
    assert payload == {
        "v": 1,
        "id": record.id,
        "login": "maija",
        "name": "Testi maija",
        "email": "maija@ylojarvi.fi",
        "definition": {"id": "perus", "title": "Sisällöntuottajan somekoulutus"},
        "courses": [{"id": "perus", "title": "Somen perusteet", "version": 3}],
        "grants": ["sisallontuottaja"],
        "issued": "2025-03-14T09:30:00Z",
        "expires": "2027-03-14T09:30:00Z",
        "issuer": "Ylöjärven kaupunki",
        "key_id": record.key_id,
    }
    # Canonical: sorted keys, no spaces, UTF-8 as is.
    assert record.payload == json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert [e["action"] for e in audit.entries(conn)] == ["certificate.issue"]

    # Nothing new until the person passes again.
    assert certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW) == []
    assert certs.certificates_of(conn, "maija") == [record]
    assert certs.get_certificate(conn, record.id.lower()) == record


def test_nothing_is_issued_without_a_passed_attempt_of_every_required_course(
    conn, content, data_dir, person, attempt
):
    assert certs.issue_if_eligible(conn, content, data_dir, "nobody", now=NOW) == []
    person("pekka")
    attempt("pekka", "lisa")
    attempt("pekka", "perus", correct=False)
    assert certs.issue_if_eligible(conn, content, data_dir, "pekka", now=NOW) == []
    attempt("pekka", "perus")
    issued = certs.issue_if_eligible(conn, content, data_dir, "pekka", now=NOW)
    assert sorted(r.definition_id for r in issued) == ["laaja", "perus"]
    laaja = next(r for r in issued if r.definition_id == "laaja")
    assert [c["id"] for c in json.loads(laaja.payload)["courses"]] == ["perus", "lisa"]
    assert laaja.expires_at == add_months(NOW, 12)


def test_passing_again_renews_and_supersedes_keeping_history(conn, content, data_dir, passer):
    passer("maija")
    [first] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    later = NOW + timedelta(days=700)
    passer("maija")
    [second] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=later)

    history = certs.certificates_of(conn, "maija")
    assert [r.id for r in history] == [second.id, first.id]
    assert history[1].superseded_by == second.id
    assert history[1].status(later) == "superseded"
    assert second.status(later) == "valid"
    assert second.expires_at == add_months(later, 24)
    assert first.pdf_path.exists() and second.pdf_path.exists()
    details = json.loads(audit.entries(conn)[-1]["details"])
    assert details["supersedes"] == first.id


def test_a_revoked_certificate_is_not_issued_again_on_the_same_attempts(
    conn, content, data_dir, passer
):
    passer("maija")
    [record] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    certs.revoke(conn, record.id, actor="admin", reason="väärä henkilö", now=NOW)
    assert certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW) == []
    # Revoking holds the definition: a retake does not certify again...
    passer("maija")
    assert certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW) == []
    assert [h["definition_id"] for h in conn.holds("maija")] == ["perus"]
    # ...until an admin lifts the hold (with a reason, audited).
    with pytest.raises(holds.HoldError):
        holds.lift(conn, "admin", "maija", "perus", "  ", now=NOW)
    holds.lift(conn, "admin", "maija", "perus", "koulutettu uudelleen", now=NOW)
    assert audit.entries(conn)[-1]["action"] == "hold.lift"
    assert conn.holds("maija") == []
    [again] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    assert again.id != record.id
    assert certs.get_certificate(conn, record.id).superseded_by is None  # revoked stays revoked
    with pytest.raises(holds.HoldError):  # nothing left to lift
        holds.lift(conn, "admin", "maija", "perus", "uudelleen", now=NOW)


def test_status_follows_the_clock_and_the_warning_days(conn, content, data_dir, passer):
    passer("maija")
    [r] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    expires = r.expires_at
    assert r.status(NOW) == "valid"
    assert r.status(expires - timedelta(days=31)) == "valid"
    assert r.status(expires - timedelta(days=29)) == "expiring"
    assert r.status(expires - timedelta(days=29), warn_days=10) == "valid"
    assert r.status(expires) == "expired"
    assert certs.expiry_warning_days(data_dir) == 30
    settings.save_config(data_dir, {"expiry_warning_days": 60})
    assert certs.expiry_warning_days(data_dir) == 60
    settings.save_config(data_dir, {"expiry_warning_days": "paljon"})
    assert certs.expiry_warning_days(data_dir) == 30


def test_calendar_months_clamp_to_the_end_of_the_month() -> None:
    assert add_months(datetime(2024, 1, 31, tzinfo=UTC), 1) == datetime(2024, 2, 29, tzinfo=UTC)
    assert add_months(datetime(2025, 11, 30, tzinfo=UTC), 3) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2025, 3, 14, tzinfo=UTC), 24) == datetime(2027, 3, 14, tzinfo=UTC)


def test_manual_issue_creates_the_person_and_is_audited(conn, content, data_dir):
    record = certs.issue_manual(
        conn,
        content,
        data_dir,
        "eleni",
        "perus",
        actor="admin",
        reason="lähikoulutus 3.3.2025",
        name="Ελένη Παπαδοπούλου",
        email="eleni@ylojarvi.fi",
        now=NOW,
    )
    person = conn.person("eleni")
    assert person is not None and person.name == "Ελένη Παπαδοπούλου"
    assert (person.unit, person.role) == ("-", "tyontekija")
    assert record.issued_by == "admin" and record.manual_reason == "lähikoulutus 3.3.2025"
    assert json.loads(record.payload)["issued_by_admin"] == "admin"
    [entry] = [e for e in audit.entries(conn) if e["action"] == "certificate.issue_manual"]
    assert (entry["actor"], entry["target"]) == ("admin", record.id)
    assert json.loads(entry["details"])["reason"] == "lähikoulutus 3.3.2025"

    from pypdf import PdfReader

    text = PdfReader(record.pdf_path).pages[0].extract_text()
    assert "ylläpitäjän päätöksellä" in text


def test_manual_issue_refuses_bad_input(conn, content, data_dir, person):
    with pytest.raises(certs.CertificateError, match="--name ja --email"):
        certs.issue_manual(conn, content, data_dir, "x", "perus", actor="a", reason="r")
    with pytest.raises(certs.CertificateError, match="Tuntematon todistus"):
        certs.issue_manual(conn, content, data_dir, "x", "nope", actor="a", reason="r")
    person("x")
    with pytest.raises(certs.CertificateError, match="peruste"):
        certs.issue_manual(conn, content, data_dir, "x", "perus", actor="a", reason="  ")
    assert rows(conn) == []


def test_the_issuer_key_is_private_and_named_by_its_public_half(conn, content, data_dir, passer):
    passer("maija")
    [record] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    private = data_dir / "keys" / "issuer-ed25519.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key = certs.issuer_key(data_dir)
    assert record.key_id == key.key_id == key_id(key.public)
    assert len(key.key_id) == 16 and int(key.key_id, 16) >= 0


def test_unwritable_certificates_folder_leaves_no_row_and_no_file(conn, content, data_dir, passer):
    passer("maija")
    # Root ignores permission bits, so make the folder impossible instead: a file in its place.
    (data_dir / "certificates").write_text("not a folder")
    with pytest.raises(
        certs.CertificateWriteError, match="Todistuksen tallennus epäonnistui.*Yritä uudelleen"
    ):
        certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    assert rows(conn) == []
    assert audit.entries(conn) == []
    assert (data_dir / "certificates").read_text() == "not a folder"


def test_failing_rename_rolls_back_the_row_and_removes_the_temporary_file(
    conn, content, data_dir, passer
):
    passer("maija")
    # The id the seeded generator will draw first; a folder in the way makes the rename fail.
    blocked = ids.new_id(random.Random(5))
    (data_dir / "certificates" / f"{blocked}.pdf").mkdir(parents=True)
    with pytest.raises(certs.CertificateWriteError):
        certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW, rng=random.Random(5))
    assert rows(conn) == []
    assert pdfs(data_dir) == [f"{blocked}.pdf"]  # only the obstacle; no temporary file
    assert (data_dir / "certificates" / f"{blocked}.pdf").is_dir()


def test_a_failed_manual_issue_leaves_no_new_person_behind(conn, content, data_dir):
    (data_dir / "certificates").write_text("not a folder")
    manual = {
        "actor": "admin",
        "reason": "lähikoulutus 3.3.2025",
        "name": "Eleni P",
        "email": "eleni@ylojarvi.fi",
        "now": NOW,
    }
    with pytest.raises(certs.CertificateWriteError):
        certs.issue_manual(conn, content, data_dir, "eleni", "perus", **manual)
    assert conn.person("eleni") is None
    assert rows(conn) == [] and audit.entries(conn) == []
    # Fixed and retried: the person and the certificate arrive together.
    (data_dir / "certificates").unlink()
    record = certs.issue_manual(conn, content, data_dir, "eleni", "perus", **manual)
    assert conn.person("eleni").name == "Eleni P"
    assert [r["id"] for r in rows(conn)] == [record.id]


def test_stale_temporary_pdfs_are_removed_when_the_next_certificate_is_issued(
    conn, content, data_dir, passer
):
    passer("maija")
    folder = data_dir / "certificates"
    folder.mkdir()
    stale, fresh, other = (
        folder / ".cert-kuollut.pdf.tmp",
        folder / ".cert-kesken.pdf.tmp",
        folder / "muistiinpano.tmp",
    )
    for path in (stale, fresh, other):
        path.write_bytes(b"%PDF-1.4 kesken")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    [record] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    # The killed issuer's file is gone; one being written right now and anything else stay.
    assert pdfs(data_dir) == sorted([fresh.name, f"{record.id}.pdf", other.name])


def test_two_issues_at_once_never_share_an_id(conn, content, data_dir, person, attempt):
    for login in ("a", "b", "c", "d"):
        person(login)
        attempt(login, "perus")
    barrier = threading.Barrier(4)
    results: dict[str, list] = {}
    errors: list[BaseException] = []

    def issue(login: str) -> None:
        own = SqliteStore(data_dir)  # each thread its own store, as separate processes would
        try:
            barrier.wait()
            # The same seed in every thread: all draw the same first id, so all but one
            # must notice the collision and draw again.
            results[login] = certs.issue_if_eligible(
                own, content, data_dir, login, now=NOW, rng=random.Random(42)
            )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=issue, args=(login,)) for login in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    issued = [r.id for records in results.values() for r in records]
    assert len(issued) == 4 and len(set(issued)) == 4
    assert ids.new_id(random.Random(42)) in issued
    assert sorted(r["id"] for r in rows(conn)) == sorted(issued)
    assert pdfs(data_dir) == sorted(f"{i}.pdf" for i in issued)
