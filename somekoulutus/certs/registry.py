"""Reading the registry and revoking: the queries behind `certs list/show/revoke`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from somekoulutus.certs import ids
from somekoulutus.certs.model import (
    STATUS_FI,
    CertificateError,
    CertificateRecord,
    from_row,
)
from somekoulutus.certs.payload import finnish_date, parse_time, utc
from somekoulutus.safetext import input_problem
from somekoulutus.store import audit, transaction
from somekoulutus.store import certs as store
from somekoulutus.store import rights as rights_store
from somekoulutus.store.db import iso

REASON_MAX = 2000
LIST_STATUSES = ("valid", "expired", "revoked", "all")


def certificates_of(conn: sqlite3.Connection, login: str) -> list[CertificateRecord]:
    """A person's certificates, newest first; revoked and superseded ones are kept as history."""
    return [from_row(r) for r in store.of_login(conn, login)]


def get_certificate(conn: sqlite3.Connection, cert_id: str) -> CertificateRecord | None:
    """A certificate by id (typed forms such as lower case or O for 0 are accepted)."""
    row = store.get(conn, ids.normalise(cert_id) or cert_id)
    return from_row(row) if row else None


def revoke(
    conn: sqlite3.Connection,
    cert_id: str,
    *,
    actor: str,
    reason: str,
    now: datetime | None = None,
) -> CertificateRecord:
    """Revoke a certificate and, in the same transaction, withdraw the rights resting on it.

    The caller checks that `actor` is an admin. CertificateError (Finnish) when it cannot be done.
    """
    reason = reason.strip()
    if not reason:
        raise CertificateError("Kerro mitätöinnin syy (--reason).")
    problem = input_problem(reason, max_length=REASON_MAX, multiline=True)
    if problem:
        raise CertificateError(f"Mitätöinnin syy (--reason) {problem}.")
    at = iso(now)
    wanted = ids.normalise(cert_id) or cert_id
    with transaction(conn):
        row = store.get(conn, wanted)
        if row is None:
            raise CertificateError(
                f"Todistusta {cert_id} ei ole tässä rekisterissä. Tarkista tunnus (certs list näyttää kaikki)."
            )
        if row["revoked_at"]:
            raise CertificateError(
                f"Todistus {row['id']} on jo mitätöity {finnish_date(parse_time(row['revoked_at']))}."
            )
        store.mark_revoked(conn, row["id"], at, actor, reason)
        why = f"todistus mitätöity: {reason}"
        withdrawn = rights_store.active_on_certificate(conn, row["id"])
        audit.append(
            conn,
            actor,
            "certificate.revoke",
            row["id"],
            login=row["login"],
            reason=reason,
            rights_withdrawn=[r["id"] for r in withdrawn],
        )
        for right in withdrawn:
            rights_store.withdraw_logged(conn, actor, right, at, why)
    revoked = store.get(conn, row["id"])
    assert revoked is not None
    return from_row(revoked)


@dataclass(frozen=True)
class ListedCertificate:
    """One line of `certs list`: registry columns only (no signature check per row)."""

    id: str
    login: str
    name: str
    email: str
    unit: str
    definition_id: str
    issued_at: str
    expires_at: str
    status: str
    revoked_at: str | None
    revoke_reason: str | None
    superseded_by: str | None
    issued_by: str | None
    pdf_path: str

    def as_dict(self) -> dict[str, str | None]:
        """Plain data for JSON and CSV."""
        return {
            "id": self.id,
            "login": self.login,
            "name": self.name,
            "email": self.email,
            "unit": self.unit,
            "definition": self.definition_id,
            "issued_at": self.issued_at,
            "expires_at": self.expires_at,
            "status": self.status,
            "revoked_at": self.revoked_at,
            "revoke_reason": self.revoke_reason,
            "superseded_by": self.superseded_by,
            "issued_by": self.issued_by,
            "pdf_path": self.pdf_path,
        }


def list_certificates(
    conn: sqlite3.Connection,
    *,
    definition_id: str | None = None,
    status: str = "all",
    expiring_within: int | None = None,
    warn_days: int = 30,
    now: datetime | None = None,
) -> Iterator[ListedCertificate]:
    """Registry lines, newest first, filtered in SQL (fast with 100,000 certificates).

    `expiring_within` DAYS narrows to valid certificates that expire within that many days.
    """
    if status not in LIST_STATUSES:
        raise ValueError(status)
    moment = utc(now)
    now_text = iso(moment)
    before = None
    if expiring_within is not None:
        status = "valid" if status == "all" else status
        before = iso(moment + timedelta(days=expiring_within))
    warn_text = iso(moment + timedelta(days=warn_days))
    for r in store.listing(
        conn, now=now_text, definition_id=definition_id, status=status, expires_before=before
    ):
        yield ListedCertificate(
            id=r["id"],
            login=r["login"],
            name=r["name"] or "",
            email=r["email"] or "",
            unit=r["unit"] or "",
            definition_id=r["definition_id"],
            issued_at=r["issued_at"],
            expires_at=r["expires_at"],
            status=_status(r, now_text, warn_text),
            revoked_at=r["revoked_at"],
            revoke_reason=r["revoke_reason"],
            superseded_by=r["superseded_by"],
            issued_by=r["issued_by"],
            pdf_path=r["pdf_path"],
        )


def _status(r: sqlite3.Row, now_text: str, warn_text: str) -> str:
    # Same rules as CertificateRecord.status, on the registry's comparable text times.
    if r["revoked_at"]:
        return "revoked"
    if r["superseded_by"]:
        return "superseded"
    if r["expires_at"] <= now_text:
        return "expired"
    if r["expires_at"] <= warn_text:
        return "expiring"
    return "valid"


def status_fi(status: str) -> str:
    """The status in Finnish for people."""
    return STATUS_FI.get(status, status)
