"""After a pass: the certificate is made here (embedded store) or by the issuer service
(organisation registry), in which case the learner's program waits for it to arrive."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from somekoulutus.certs.model import CertificateError, CertificateRecord, from_row
from somekoulutus.content.models import Content
from somekoulutus.store.base import Store

#: How long the learner's program waits for the issuer service before saying it is slow.
WAIT_SECONDS = 60.0


class IssuerUnavailable(CertificateError):
    """No issuer service is running: the certificate waits in the registry."""


def obtain_certificates(
    store: Store,
    content: Content,
    data_dir: Path,
    login: str,
    *,
    now: datetime | None = None,
    wait: float = WAIT_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    issue: Callable[..., list[CertificateRecord]] | None = None,
) -> list[CertificateRecord]:
    """The certificates the person's passes have earned, issued here or waited for.

    `rng` fixes the new certificates' ids (tests only; default: the secure source). `issue`
    does the issuing when the store issues in process (default: `issue_if_eligible`; the
    app passes `certs.child.issue_if_eligible_in_child`)."""
    if store.issues_in_process():
        if issue is None:
            from somekoulutus.certs.issue import issue_if_eligible

            issue = issue_if_eligible
        return issue(store, content, data_dir, login, now=now, rng=rng)
    latest = store.latest_passed(login)
    earned = [
        d
        for d in content.certificates.values()
        if d.requires and all(c in latest for c in d.requires) and store.held(login, d.id) is None
    ]
    if not earned:
        return []
    passed = {a.id for a in latest.values()}
    deadline = time.monotonic() + wait
    while True:
        arrived = [
            _local_copy(store, from_row(r), data_dir)
            for r in store.certificates_of(login)
            if passed & set(store.attempt_ids_of(r["id"]))
        ]
        if arrived:
            return arrived
        if not store.issuer_running():
            raise IssuerUnavailable(
                "Myöntäjäpalvelu ei ole juuri nyt käynnissä. Suorituksesi on tallessa, ja "
                "todistus tehdään, kun palvelu käynnistyy; voit poistua ohjelmasta. Kerro "
                "asiasta viestintään, jos todistusta ei kuulu."
            )
        if time.monotonic() > deadline:
            raise IssuerUnavailable(
                "Todistuksen tekeminen kestää tavallista kauemmin. Suorituksesi on tallessa, "
                "ja todistus näkyy aloitusnäkymässä, kun se on valmis; voit poistua ohjelmasta."
            )
        sleep(1.0)


def _local_copy(store: Store, record: CertificateRecord, data_dir: Path) -> CertificateRecord:
    """The record with its PDF saved in the person's data folder (the registry keeps the
    original); unchanged when the registry keeps no PDF or it cannot be saved."""
    if record.pdf_file:
        return record
    pdf = store.certificate_pdf(record.id)
    if pdf is None:
        return record
    target = data_dir / "certificates" / f"{record.id}.pdf"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
    except OSError:
        return record
    return record._replace(pdf_file=str(target))
