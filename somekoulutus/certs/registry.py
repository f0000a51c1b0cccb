"""Reading the registry and revoking: the queries behind `certs list/show/revoke`."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import NamedTuple

from somekoulutus.certs import ids
from somekoulutus.certs.model import (
    STATUS_FI,
    CertificateError,
    CertificateRecord,
    from_row,
)
from somekoulutus.certs.payload import finnish_date, parse_time, utc
from somekoulutus.safetext import input_problem
from somekoulutus.store.base import Store
from somekoulutus.store.db import iso

REASON_MAX = 2000
LIST_STATUSES = ("valid", "expired", "revoked", "all")


def get_certificate(store: Store, cert_id: str) -> CertificateRecord | None:
    """A certificate by id (typed forms such as lower case or O for 0 are accepted)."""
    row = store.certificate(ids.normalise(cert_id) or cert_id)
    return from_row(row) if row else None


def revoke(
    store: Store,
    cert_id: str,
    *,
    actor: str,
    reason: str,
    now: datetime | None = None,
) -> CertificateRecord:
    """Revoke a certificate; the store withdraws the rights resting on it and holds the
    definition for the person in the same step.

    The caller checks that `actor` is an admin. CertificateError (Finnish) when it cannot be done.
    """
    reason = reason.strip()
    if not reason:
        raise CertificateError("Kerro mitätöinnin syy (--reason).")
    problem = input_problem(reason, max_length=REASON_MAX, multiline=True)
    if problem:
        raise CertificateError(f"Mitätöinnin syy (--reason) {problem}.")
    wanted = ids.normalise(cert_id) or cert_id
    row = store.certificate(wanted)
    if row is None:
        raise CertificateError(
            f"Todistusta {cert_id} ei ole tässä rekisterissä. Tarkista tunnus (certs list näyttää kaikki)."
        )
    if row["revoked_at"]:
        raise CertificateError(
            f"Todistus {row['id']} on jo mitätöity {finnish_date(parse_time(row['revoked_at']))}."
        )
    store.revoke_certificate(row["id"], actor, reason, iso(now))
    revoked = store.certificate(row["id"])
    assert revoked is not None
    return from_row(revoked)


class ListedCertificate(NamedTuple):
    """One line of `certs list`: registry columns only (no signature check per row).

    A named tuple: a million of them are made for an export, and a tuple is made in C."""

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
    store: Store,
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
    rows = store.certificate_listing(
        now=now_text,
        horizon=iso(moment + timedelta(days=warn_days)),
        definition_id=definition_id,
        status=status,
        expires_before=before,
    )
    # By position (store.certs.LISTING_COLUMNS, then the state by status.STATUS_SQL, the
    # rule certificate_status applies): a million rows are read for an export.
    for (
        cert_id,
        login,
        definition,
        issued_at,
        expires_at,
        pdf_path,
        issued_by,
        revoked_at,
        revoke_reason,
        superseded_by,
        name,
        email,
        unit,
        state,
    ) in rows:
        yield ListedCertificate(
            cert_id,
            login,
            name or "",
            email or "",
            unit or "",
            definition,
            issued_at,
            expires_at,
            state,
            revoked_at,
            revoke_reason,
            superseded_by,
            issued_by,
            pdf_path,
        )


def status_fi(status: str) -> str:
    """The status in Finnish for people."""
    return STATUS_FI.get(status, status)
