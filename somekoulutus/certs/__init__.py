"""Certificates: issue (signed payload + PDF), registry, verify, revoke, expiry and renewal.

The domain API the TUI, the CLI and the rights gate code against. No Textual here.
"""

from somekoulutus.certs.issue import certificates_dir, issue_if_eligible, issue_manual
from somekoulutus.certs.keys import issuer_key, trusted_keys
from somekoulutus.certs.model import (
    STATUS_FI,
    CertificateError,
    CertificateRecord,
    CertificateWriteError,
    expiry_warning_days,
)
from somekoulutus.certs.registry import (
    certificates_of,
    get_certificate,
    list_certificates,
    revoke,
)
from somekoulutus.certs.verify import Verdict, verify_pdf, verify_record

__all__ = [
    "STATUS_FI",
    "CertificateError",
    "CertificateRecord",
    "CertificateWriteError",
    "Verdict",
    "certificates_dir",
    "certificates_of",
    "expiry_warning_days",
    "get_certificate",
    "issue_if_eligible",
    "issue_manual",
    "issuer_key",
    "list_certificates",
    "revoke",
    "trusted_keys",
    "verify_pdf",
    "verify_record",
]
