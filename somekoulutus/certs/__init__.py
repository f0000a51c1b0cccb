"""Certificates: issue (signed payload + PDF), registry, verify, revoke, expiry and renewal.

The domain API the TUI, the CLI and the rights gate code against. No Textual here.

The names are imported on first use (PEP 562): issuing pulls in reportlab and PIL, signing
and verifying cryptography, and the first screen of the app needs neither.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from somekoulutus.certs.issue import certificates_dir, issue_if_eligible, issue_manual
    from somekoulutus.certs.keys import issuer_key, trusted_keys
    from somekoulutus.certs.model import (
        STATUS_FI,
        CertificateError,
        CertificateRecord,
        CertificateWriteError,
        certificates_of,
        expiry_warning_days,
    )
    from somekoulutus.certs.registry import (
        get_certificate,
        list_certificates,
        revoke,
    )
    from somekoulutus.certs.verify import Verdict, verify_pdf, verify_qr, verify_record

# public name -> the submodule that defines it
_WHERE = {
    "certificates_dir": "issue",
    "issue_if_eligible": "issue",
    "issue_manual": "issue",
    "issuer_key": "keys",
    "trusted_keys": "keys",
    "STATUS_FI": "model",
    "CertificateError": "model",
    "CertificateRecord": "model",
    "CertificateWriteError": "model",
    "expiry_warning_days": "model",
    "certificates_of": "model",
    "get_certificate": "registry",
    "list_certificates": "registry",
    "revoke": "registry",
    "Verdict": "verify",
    "verify_pdf": "verify",
    "verify_qr": "verify",
    "verify_record": "verify",
}

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
    "verify_qr",
    "verify_record",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
