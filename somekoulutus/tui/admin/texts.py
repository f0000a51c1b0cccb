"""Finnish texts shared by the admin screens."""

from __future__ import annotations

from somekoulutus.certs.model import STATUS_FI
from somekoulutus.store import BUSY_MESSAGE as BUSY

__all__ = ["BUSY", "STATUS_FI", "status_label"]


def status_label(status: str) -> str:
    """A certificate state in Finnish."""
    return STATUS_FI.get(status, status)
