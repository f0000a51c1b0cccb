"""The one rule for a certificate's state: revoked, superseded, expired, expiring or valid.

Python code asks `certificate_status`; SQL filters and lists use `STATUS_SQL`, made from the
same ordered table, so the two cannot drift. Times compare as aware datetimes or as the
registry's ISO UTC text (both order the same way).
"""

from __future__ import annotations

from typing import Any

#: (state, SQL condition on a certificates row `c`) in the order they are decided; the first
#: that holds wins, and 'valid' is what is left. `:now` and `:horizon` (now + warning window)
#: are the query's parameters.
_RULES: tuple[tuple[str, str], ...] = (
    ("revoked", "c.revoked_at IS NOT NULL"),
    ("superseded", "c.superseded_by IS NOT NULL"),
    ("expired", "c.expires_at <= :now"),
    ("expiring", "c.expires_at <= :horizon"),
)

STATUS_SQL = (
    "CASE "
    + " ".join(f"WHEN {cond} THEN '{state}'" for state, cond in _RULES)
    + " ELSE 'valid' END"
)


def certificate_status(
    revoked_at: Any, superseded_by: Any, expires_at: Any, now: Any, horizon: Any
) -> str:
    """The state at `now`; `horizon` is now plus the expiry warning window."""
    holds = {
        "revoked": revoked_at is not None and revoked_at != "",
        "superseded": superseded_by is not None and superseded_by != "",
        "expired": expires_at <= now,
        "expiring": expires_at <= horizon,
    }
    return next((state for state, _ in _RULES if holds[state]), "valid")
