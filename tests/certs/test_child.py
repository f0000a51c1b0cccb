"""Issuing in a child process (what the learner's app does): the same certificates, ids and
errors as issuing in process, and the PDF and signing code never load in the caller."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from somekoulutus import certs
from somekoulutus.certs import ids
from somekoulutus.certs.child import issue_if_eligible_in_child
from somekoulutus.certs.model import CertificateError
from somekoulutus.store import audit

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def test_the_child_issues_what_the_process_would_with_the_same_ids(conn, content, data_dir, passer):
    passer("maija")
    rng = random.Random(7)
    [record] = issue_if_eligible_in_child(conn, content, data_dir, "maija", now=NOW, rng=rng)

    # The row, the PDF and the audit entry are in the store the caller has open.
    assert certs.certificates_of(conn, "maija") == [record]
    assert record.pdf_path.read_bytes().startswith(b"%PDF")
    assert certs.verify_record(conn, data_dir, record.id, now=NOW).ok
    assert [e["action"] for e in audit.entries(conn)] == ["certificate.issue"]
    # The fixed generator came back advanced exactly as issuing in process advances it.
    same = random.Random(7)
    assert record.id == ids.new_id(same)
    assert rng.getstate() == same.getstate()
    # Nothing new until the person passes again.
    assert issue_if_eligible_in_child(conn, content, data_dir, "maija", now=NOW) == []


def test_an_error_in_the_child_comes_back_with_its_class_and_text(conn, content, data_dir, passer):
    passer("maija")
    (data_dir / "certificates").write_text("not a folder")
    with pytest.raises(
        certs.CertificateWriteError, match="Todistuksen tallennus epäonnistui.*Yritä uudelleen"
    ):
        issue_if_eligible_in_child(conn, content, data_dir, "maija", now=NOW)
    assert certs.certificates_of(conn, "maija") == []
    assert audit.entries(conn) == []


def test_a_child_that_ends_without_a_reply_is_a_finnish_error(
    conn, content, data_dir, passer, monkeypatch
):
    passer("maija")
    # An interpreter that exits at once with code 1, answering nothing.
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(CertificateError, match=r"päättyi ennen.*paluukoodi 1.*Yritä uudelleen"):
        issue_if_eligible_in_child(conn, content, data_dir, "maija", now=NOW)
    assert certs.certificates_of(conn, "maija") == []


# A fresh interpreter issues through the child: the caller never imports what makes the PDF.
_CALLER = """
import json, sys
from pathlib import Path
from somekoulutus.certs.child import issue_if_eligible_in_child
from somekoulutus.content import load_content
from somekoulutus.store.sqlite_store import SqliteStore

fixtures, data = Path(sys.argv[1]), Path(sys.argv[2])
content = load_content(fixtures / "courses", fixtures / "certificates")
store = SqliteStore(data)
[record] = issue_if_eligible_in_child(store, content, data, "maija")
heavy = ("reportlab", "cryptography", "pypdf", "PIL", "somekoulutus.certs.issue")
print(json.dumps({"id": record.id, "loaded": [m for m in heavy if m in sys.modules]}))
"""


def test_the_caller_does_not_load_the_pdf_or_signing_code(conn, data_dir, passer):
    passer("maija")
    fixtures = Path(__file__).resolve().parent / "fixtures"
    out = subprocess.run(
        [sys.executable, "-c", _CALLER, str(fixtures), str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    assert [r.id for r in certs.certificates_of(conn, "maija")] == [report["id"]]
