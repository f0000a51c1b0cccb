"""`somekoulutus certs ...` and `keys export-public` through click's CliRunner."""

from __future__ import annotations

import base64
import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from somekoulutus import certs, settings
from somekoulutus.certs.keys import public_path
from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(login: str, *args: str):
    return CliRunner().invoke(
        main, ["--courses", str(FIXTURES), *args], obj=AppContext(login=login)
    )


@pytest.fixture
def issued(conn, content, data_dir, passer):
    """An admin 'paivi' and two people with certificates issued now (real clock)."""
    settings.save_config(data_dir, {"admins": ["paivi"]})
    out = []
    for login, name in (("maija", "Maija Meikäläinen"), ("soren", "Søren Ørsted")):
        passer(login, name=name)
        out += certs.issue_if_eligible(conn, content, data_dir, login)
    return out


@pytest.mark.parametrize(
    "args",
    [
        ["certs", "list"],
        ["certs", "show", "SK-0000-0000-0"],
        ["certs", "revoke", "SK-0000-0000-0", "--reason", "x"],
        ["certs", "issue", "--login", "x", "--definition", "perus", "--reason", "r"],
    ],
)
def test_admin_commands_refuse_everyone_else(issued, args):
    result = run("maija", *args)
    assert result.exit_code == 1
    assert "ei ole ylläpitäjä" in result.output


def test_list_in_every_format_and_with_filters(issued, conn):
    table = run("paivi", "certs", "list")
    assert table.exit_code == 0, table.output
    assert "Søren Ørsted" in table.output and "voimassa" in table.output

    as_json = json.loads(run("paivi", "certs", "list", "--format", "json").output)
    assert {r["id"] for r in as_json} == {r.id for r in issued}
    assert {r["status"] for r in as_json} == {"valid"}

    rows = list(
        csv.DictReader(io.StringIO(run("paivi", "certs", "list", "--format", "csv").output))
    )
    assert {r["name"] for r in rows} == {"Maija Meikäläinen", "Søren Ørsted"}

    certs.revoke(conn, issued[0].id, actor="paivi", reason="testi")
    revoked = json.loads(
        run("paivi", "certs", "list", "--status", "revoked", "--format", "json").output
    )
    assert [r["id"] for r in revoked] == [issued[0].id]
    valid = json.loads(
        run("paivi", "certs", "list", "--status", "valid", "--format", "json").output
    )
    assert [r["id"] for r in valid] == [issued[1].id]
    assert (
        json.loads(
            run("paivi", "certs", "list", "--definition", "laaja", "--format", "json").output
        )
        == []
    )
    # Both expire in 24 months: none within 30 days, the valid one within 800.
    assert (
        json.loads(
            run("paivi", "certs", "list", "--expiring-within", "30", "--format", "json").output
        )
        == []
    )
    within = run("paivi", "certs", "list", "--expiring-within", "800", "--format", "json")
    assert [r["id"] for r in json.loads(within.output)] == [issued[1].id]
    assert run("paivi", "certs", "list", "--status", "kaikki").exit_code == 2


def test_show_json_carries_the_exact_signed_payload(issued, data_dir, tmp_path):
    record = issued[0]
    result = run("paivi", "certs", "show", record.id.lower(), "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["payload"] == record.payload and shown["signature"] == record.signature
    assert shown["status"] == "valid" and shown["id"] == record.id
    text = run("paivi", "certs", "show", record.id)
    assert "Maija Meikäläinen" in text.output and str(record.pdf_path) in text.output

    exported = run("maija", "keys", "export-public")
    assert exported.exit_code == 0
    assert exported.output == public_path(data_dir).read_text()
    assert exported.output.startswith("-----BEGIN PUBLIC KEY-----")
    if shutil.which("openssl"):
        (tmp_path / "pub.pem").write_text(exported.output)
        (tmp_path / "payload.json").write_bytes(shown["payload"].encode("utf-8"))
        (tmp_path / "sig.bin").write_bytes(base64.b64decode(shown["signature"]))
        done = subprocess.run(
            "openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in payload.json -sigfile sig.bin",
            shell=True, cwd=tmp_path, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


def test_verify_is_open_to_anyone_and_gives_one_line_when_invalid(issued, conn):
    record = issued[0]
    good = run("maija", "certs", "verify", record.id)
    assert good.exit_code == 0, good.output
    assert "Todistus on aito ja voimassa." in good.output and "Maija Meikäläinen" in good.output
    by_pdf = run("someone", "certs", "verify", str(record.pdf_path))
    assert by_pdf.exit_code == 0 and "Mitätöintiä" not in by_pdf.output

    certs.revoke(conn, record.id, actor="paivi", reason="väärä henkilö")
    for target in (record.id, str(record.pdf_path)):
        bad = run("maija", "certs", "verify", target)
        assert bad.exit_code == 1
        assert bad.output.count("\n") == 1
        assert "ei kelpaa: mitätöity" in bad.output and "väärä henkilö" in bad.output

    assert run("maija", "certs", "verify", "SK-ZZZZ-ZZZZ-0").exit_code in (1, 2)
    wrong = run("maija", "certs", "verify", "kissa")
    assert wrong.exit_code == 2 and "ei ole todistuksen tunnus" in wrong.output
    assert run("maija", "certs", "verify", "/no/such/file.pdf").exit_code == 2


def test_a_pdf_verifies_elsewhere_with_only_the_public_key(issued, data_dir, tmp_path, monkeypatch):
    record = issued[1]
    pem = tmp_path / "issuer.pem"
    pem.write_text(public_path(data_dir).read_text())
    copy = tmp_path / "todistus.pdf"
    copy.write_bytes(record.pdf_path.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("SOMEKOULUTUS_HOME", str(elsewhere))

    unknown = run("guest", "certs", "verify", str(copy))
    assert unknown.exit_code == 1 and "tuntematon myöntäjä" in unknown.output
    good = run("guest", "certs", "verify", str(copy), "--public-key", str(pem))
    assert good.exit_code == 0, good.output
    assert "Søren Ørsted" in good.output
    assert "mitätöintiä ei voitu tarkistaa" in good.output
    assert not settings.db_path(elsewhere).exists()  # verifying created no registry
    assert not (elsewhere / "keys").exists()


def test_revoke_and_manual_issue_from_the_command_line(issued, conn):
    result = run("paivi", "certs", "revoke", issued[0].id, "--reason", "väärä henkilö")
    assert result.exit_code == 0, result.output
    assert certs.get_certificate(conn, issued[0].id).revoke_reason == "väärä henkilö"
    again = run("paivi", "certs", "revoke", issued[0].id, "--reason", "x")
    assert again.exit_code == 1 and "jo mitätöity" in again.output

    missing = run(
        "paivi",
        "certs",
        "issue",
        "--login",
        "uusi",
        "--definition",
        "perus",
        "--reason",
        "lähikoulutus",
    )
    assert missing.exit_code == 1 and "--name ja --email" in missing.output
    unknown = run(
        "paivi", "certs", "issue", "--login", "uusi", "--definition", "nope", "--reason", "r"
    )
    assert unknown.exit_code == 2
    made = run(
        "paivi", "certs", "issue", "--login", "uusi", "--definition", "perus",
        "--reason", "lähikoulutus 2.4.", "--name", "Nguyễn Thị Ánh", "--email", "anh@ylojarvi.fi",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    [record] = certs.certificates_of(conn, "uusi")
    assert record.issued_by == "paivi" and record.id in made.output


def test_a_long_export_tells_its_progress_on_a_terminal_only(conn, data_dir, issued):
    """stdout (a pipe) gets exactly the CSV; stderr on a pseudo-terminal gets the count."""
    import os
    import sys

    from somekoulutus.cli import admin_common
    from tests.terminal import run_with_terminal_stderr

    many = admin_common.PROGRESS_EVERY + 5
    row = conn.execute("SELECT * FROM certificates").fetchone()
    for n in range(many - len(issued)):
        conn.execute(
            "INSERT INTO certificates (id, login, definition_id, payload, signature, key_id, "
            "issued_at, expires_at, pdf_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')",
            (
                f"X-{n}",
                row["login"],
                row["definition_id"],
                row["payload"],
                row["signature"],
                row["key_id"],
                row["issued_at"],
                row["expires_at"],
            ),
        )
    script = (
        "import sys; from somekoulutus.cli import main; from somekoulutus.cli.context import "
        "AppContext; main(sys.argv[1:], obj=AppContext(login='paivi'))"
    )
    proc, seen = run_with_terminal_stderr(
        [sys.executable, "-c", script, "--courses", str(FIXTURES), "certs", "list"]
        + ["--format", "csv"],
        env={**os.environ, "SOMEKOULUTUS_HOME": str(data_dir)},
    )
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8").count("\n") == many + 1  # header + rows, nothing else
    assert f"Viety {many} riviä." in seen
