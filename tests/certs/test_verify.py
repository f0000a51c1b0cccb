"""Verification: good, altered, expired, revoked, unknown issuer, PDF without a registry, openssl."""

from __future__ import annotations

import base64
import dataclasses
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from somekoulutus import certs, settings
from somekoulutus.certs.keys import public_path
from somekoulutus.certs.verify import ALTERED
from somekoulutus.store import audit
from somekoulutus.store.sqlite_store import SqliteStore

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
def record(conn, content, data_dir, passer):
    passer("maija", name="Šárka Dvořáková")
    [issued] = certs.issue_if_eligible(conn, content, data_dir, "maija", now=NOW)
    return issued


def test_a_fresh_certificate_verifies_by_id_and_by_pdf(conn, data_dir, record):
    verdict = certs.verify_record(conn, data_dir, record.id, now=NOW)
    assert verdict.ok and verdict.reason is None and verdict.revocation_checked
    assert verdict.payload["name"] == "Šárka Dvořáková"
    assert verdict.record == record

    keys = certs.trusted_keys(data_dir)
    with_registry = certs.verify_pdf(record.pdf_path, public_keys=keys, store=conn, now=NOW)
    assert with_registry.ok and with_registry.revocation_checked
    alone = certs.verify_pdf(record.pdf_path, public_keys=list(keys.values()), now=NOW)
    assert alone.ok and not alone.revocation_checked
    assert any("mitätöintiä ei voitu tarkistaa" in n for n in alone.notes)


@pytest.mark.parametrize("column", ["payload", "signature"])
def test_one_changed_byte_in_the_stored_payload_or_signature_fails(conn, data_dir, record, column):
    original = getattr(record, column)
    if column == "payload":
        changed = original.replace("Dvořáková", "Dvořákova")  # one letter, as a forger would
    else:
        raw = bytearray(base64.b64decode(original))
        raw[10] ^= 0x01
        changed = base64.b64encode(bytes(raw)).decode()
    assert changed != original
    conn.execute(f"UPDATE certificates SET {column} = ? WHERE id = ?", (changed, record.id))
    verdict = certs.verify_record(conn, data_dir, record.id, now=NOW)
    assert not verdict.ok
    assert verdict.reason == ALTERED == "allekirjoitus ei täsmää — asiakirjaa on muutettu"


def test_an_altered_pdf_payload_fails(data_dir, record, tmp_path):
    from pypdf import PdfReader, PdfWriter

    from somekoulutus.certs.payload import compact, parse_compact

    reader = PdfReader(record.pdf_path)
    payload, signature = parse_compact(reader.metadata.keywords)
    forged = payload.replace(b'"expires":"2027', b'"expires":"2037')
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Keywords": compact(forged, signature)})
    target = tmp_path / "forged.pdf"
    with target.open("wb") as fh:
        writer.write(fh)
    verdict = certs.verify_pdf(target, public_keys=certs.trusted_keys(data_dir), now=NOW)
    assert (verdict.ok, verdict.reason) == (False, ALTERED)


def test_an_expired_certificate_fails_with_its_date(conn, data_dir, record):
    at_expiry = record.expires_at
    assert certs.verify_record(conn, data_dir, record.id, now=at_expiry - timedelta(seconds=1)).ok
    verdict = certs.verify_record(conn, data_dir, record.id, now=at_expiry)
    assert not verdict.ok and verdict.reason == "vanhentunut 14.3.2027"


def test_a_revoked_certificate_fails_with_date_and_reason(conn, data_dir, record):
    certs.revoke(
        conn,
        record.id,
        actor="admin",
        reason="koulutus suoritettu väärin perustein",
        now=NOW + timedelta(days=30),
    )
    verdict = certs.verify_record(conn, data_dir, record.id, now=NOW + timedelta(days=31))
    assert not verdict.ok
    assert verdict.reason == "mitätöity 13.4.2025: koulutus suoritettu väärin perustein"
    by_pdf = certs.verify_pdf(
        record.pdf_path, public_keys=certs.trusted_keys(data_dir), store=conn, now=NOW
    )
    assert by_pdf.reason == verdict.reason
    with pytest.raises(certs.CertificateError, match="jo mitätöity"):
        certs.revoke(conn, record.id, actor="admin", reason="uudestaan")


def test_revoking_withdraws_the_rights_resting_on_it_in_the_same_transaction(
    conn, data_dir, record, person
):
    # Rights as the gate records them (rows of the rights table).
    for channel in ("facebook-kaupunki", "instagram-kaupunki"):
        conn.execute(
            """INSERT INTO rights (login, channel_id, role, certificate_id, granted_at, granted_by)
               VALUES ('maija', ?, 'sisallontuottaja', ?, '2025-03-15T00:00:00+00:00', 'admin')""",
            (channel, record.id),
        )
    conn.execute(
        """UPDATE rights SET withdrawn_at = '2025-03-16T00:00:00+00:00', withdrawn_by = 'admin',
           withdraw_reason = 'aiemmin' WHERE channel_id = 'instagram-kaupunki'"""
    )
    certs.revoke(conn, record.id, actor="paivi", reason="väärä henkilö", now=NOW)
    rights = conn.execute("SELECT * FROM rights ORDER BY id").fetchall()
    assert rights[0]["withdrawn_by"] == "paivi"
    assert rights[0]["withdraw_reason"] == "todistus mitätöity: väärä henkilö"
    assert rights[0]["withdrawn_at"] == "2025-03-14T09:30:00+00:00"
    assert rights[1]["withdraw_reason"] == "aiemmin"  # an old withdrawal stays as it was
    actions = [(e["actor"], e["action"]) for e in audit.entries(conn)]
    assert ("paivi", "certificate.revoke") in actions
    assert actions.count(("paivi", "right.withdraw")) == 1


def test_a_certificate_from_another_issuer_is_unknown(conn, content, data_dir, record, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    other_conn = SqliteStore(other)
    other_conn.save_person(conn.person("maija"))
    for attempt in conn.latest_passed("maija").values():
        plan = [(p.question_id, p.order) for p in attempt.plan]
        aid = other_conn.start_attempt(
            "maija", attempt.course_id, attempt.course_version, "1", plan
        ).id
        other_conn.finish_attempt(aid, 1.0, True)
    [foreign] = certs.issue_if_eligible(other_conn, content, other, "maija", now=NOW)
    other_conn.close()
    assert foreign.key_id != record.key_id

    verdict = certs.verify_pdf(foreign.pdf_path, public_keys=certs.trusted_keys(data_dir), now=NOW)
    assert not verdict.ok
    assert verdict.reason.startswith("tuntematon myöntäjä")
    assert foreign.key_id in verdict.reason

    # Listed as trusted in config.yaml, the other issuer's certificates verify; this registry
    # cannot know about their revocation.
    settings.save_config(data_dir, {"trusted_public_keys": [str(public_path(other))]})
    trusted = certs.verify_pdf(
        foreign.pdf_path, public_keys=certs.trusted_keys(data_dir), store=conn, now=NOW
    )
    assert trusted.ok and not trusted.revocation_checked


def test_a_pdf_of_this_issuer_missing_from_the_registry_is_refused(
    conn, content, data_dir, record, passer
):
    # The registry knows the key (it holds another certificate signed with it) but not this id.
    passer("toinen")
    certs.issue_if_eligible(conn, content, data_dir, "toinen", now=NOW)
    conn.execute("DELETE FROM certificates WHERE id = ?", (record.id,))
    verdict = certs.verify_pdf(
        record.pdf_path, public_keys=certs.trusted_keys(data_dir), store=conn, now=NOW
    )
    assert not verdict.ok
    assert verdict.reason == f"todistusta {record.id} ei ole tässä rekisterissä"


def test_unknown_id_and_non_certificate_pdf(conn, data_dir, tmp_path):
    assert certs.verify_record(conn, data_dir, "SK-0000-0000-0", now=NOW).reason == (
        "todistusta SK-0000-0000-0 ei ole tässä rekisterissä"
    )
    from reportlab.pdfgen.canvas import Canvas

    plain = tmp_path / "plain.pdf"
    Canvas(str(plain)).save()
    verdict = certs.verify_pdf(plain, public_keys={}, now=NOW)
    assert not verdict.ok and "ei ole todistuksen allekirjoitettuja tietoja" in verdict.reason
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    assert not certs.verify_pdf(junk, public_keys={}, now=NOW).ok


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_signature_verifies_with_plain_openssl(data_dir, record, tmp_path):
    version = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout
    if not version.startswith("OpenSSL 3"):
        pytest.skip(f"Ed25519 with -rawin needs OpenSSL 3 ({version.strip()})")
    (tmp_path / "pub.pem").write_bytes(public_path(data_dir).read_bytes())
    (tmp_path / "payload.json").write_bytes(record.payload.encode("utf-8"))
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(record.signature))
    command = [
        "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem",
        "-rawin", "-in", "payload.json", "-sigfile", "sig.bin",
    ]  # fmt: skip
    good = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    assert "Signature Verified Successfully" in good.stdout
    (tmp_path / "payload.json").write_bytes(record.payload.replace("maija", "matti").encode())
    bad = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0


@pytest.mark.parametrize("field", ["person_name", "valid_until", "title"])
def test_a_pdf_whose_visible_text_was_edited_is_refused(data_dir, record, tmp_path, field):
    """The signature is good, but the page a person reads says something else."""
    import json

    from pypdf import PdfReader

    from somekoulutus.certs.payload import finnish_date, parse_compact, parse_time
    from somekoulutus.certs.pdf import CertificateView, write_pdf
    from somekoulutus.certs.verify import VISIBLE_ALTERED, read_pdf

    keywords = str(PdfReader(str(record.pdf_path)).metadata["/Keywords"])
    payload = json.loads(parse_compact(keywords)[0])
    view = CertificateView(
        cert_id=payload["id"],
        organisation=payload["issuer"],
        title=payload["definition"]["title"],
        person_name=payload["name"],
        wording="",
        courses=(),
        issued_date=finnish_date(parse_time(payload["issued"])),
        valid_until=finnish_date(parse_time(payload["expires"])),
        signer_name="",
        signer_title="",
        key_id=payload["key_id"],
        manual_note=None,
        compact=keywords,
    )
    keys = certs.trusted_keys(data_dir)
    honest = tmp_path / "honest.pdf"
    with honest.open("wb") as out:
        write_pdf(out, view)
    assert certs.verify_pdf(honest, public_keys=keys, now=NOW).ok
    edited = {"person_name": "Joku Muu", "valid_until": "31.12.2099", "title": "Pääkäyttäjä"}
    forged = tmp_path / "forged.pdf"
    with forged.open("wb") as out:
        write_pdf(out, dataclasses.replace(view, **{field: edited[field]}))
    assert read_pdf(forged) == read_pdf(honest)  # the signed payload is untouched
    verdict = certs.verify_pdf(forged, public_keys=keys, now=NOW)
    assert not verdict.ok and verdict.reason == VISIBLE_ALTERED
