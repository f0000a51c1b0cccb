"""The certificate record as the rest of the program sees it, and the errors it raises."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from somekoulutus import settings
from somekoulutus.certs.payload import parse_time
from somekoulutus.status import certificate_status
from somekoulutus.store.db import Row

if TYPE_CHECKING:
    from somekoulutus.store.base import Store

DEFAULT_WARNING_DAYS = 30


class CertificateError(Exception):
    """A certificate action cannot be done; the message is Finnish and meant for people."""


class CertificateWriteError(CertificateError):
    """The PDF could not be written: nothing was issued."""


class CertificateRecord(NamedTuple):
    """A registry row with its times parsed (aware UTC); `title` is read from the payload."""

    id: str
    login: str
    definition_id: str
    issued_at: datetime
    expires_at: datetime
    #: The PDF's path as the registry stores it (`pdf_path` is the same as a Path).
    pdf_file: str
    payload: str
    signature: str
    key_id: str
    revoked_at: datetime | None
    revoke_reason: str | None
    superseded_by: str | None
    issued_by: str | None
    manual_reason: str | None

    @property
    def pdf_path(self) -> Path:
        """Where the certificate's PDF was written."""
        # Made when asked: building a Path costs more than the rest of a look-up.
        return Path(self.pdf_file)

    @property
    def title(self) -> str:
        """The certificate's title as signed (the definition id if the payload lacks one)."""
        # Parsed when asked: a lookup or a verification never needs it, and the payload is
        # the largest column of the row.
        try:
            title: str = json.loads(self.payload)["definition"]["title"]
            return title
        except (ValueError, KeyError, TypeError):
            return self.definition_id

    def status(self, now: datetime, warn_days: int = DEFAULT_WARNING_DAYS) -> str:
        """'revoked' | 'superseded' | 'expired' | 'expiring' | 'valid' at `now`."""
        return certificate_status(
            self.revoked_at,
            self.superseded_by,
            self.expires_at,
            now,
            now + timedelta(days=warn_days),
        )


STATUS_FI = {
    "valid": "voimassa",
    "expiring": "vanhenee pian",
    "expired": "vanhentunut",
    "revoked": "mitätöity",
    "superseded": "korvattu uudella",
}


def from_row(row: Row) -> CertificateRecord:
    """A registry row as a record."""
    return CertificateRecord(
        id=row["id"],
        login=row["login"],
        definition_id=row["definition_id"],
        issued_at=parse_time(row["issued_at"]),
        expires_at=parse_time(row["expires_at"]),
        pdf_file=row["pdf_path"],
        payload=row["payload"],
        signature=row["signature"],
        key_id=row["key_id"],
        revoked_at=parse_time(row["revoked_at"]) if row["revoked_at"] else None,
        revoke_reason=row["revoke_reason"],
        superseded_by=row["superseded_by"],
        issued_by=row["issued_by"],
        manual_reason=row["manual_reason"],
    )


def certificates_of(store: "Store", login: str) -> list[CertificateRecord]:
    """A person's certificates, newest first; revoked and superseded ones are kept as history."""
    # Here, not in `registry`, because the home screen shows them at every start.
    return [from_row(r) for r in store.certificates_of(login)]


def expiry_warning_days(data: Path) -> int:
    """config.yaml `expiry_warning_days` (default 30): how early 'expiring' is said."""
    value = settings.load_config(data).get("expiry_warning_days", DEFAULT_WARNING_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return DEFAULT_WARNING_DAYS
    return value
