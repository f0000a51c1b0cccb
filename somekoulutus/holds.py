"""Holds: revoking a certificate holds its definition for the person, so that passing the
quiz again does not certify them until an admin lifts the hold (with a reason, audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from somekoulutus.store.base import Refused, Store
from somekoulutus.store.db import iso


class HoldError(Exception):
    """A hold cannot be lifted; the message is Finnish."""


def list_holds(store: Store, login: str | None = None) -> list[dict[str, Any]]:
    """Active holds as plain dicts, oldest first."""
    return [
        {
            "login": h["login"],
            "definition": h["definition_id"],
            "certificate": h["certificate_id"],
            "placed_at": h["placed_at"],
            "placed_by": h["placed_by"],
            "reason": h["reason"],
        }
        for h in store.holds(login)
    ]


def lift(
    store: Store,
    actor: str,
    login: str,
    definition_id: str,
    reason: str,
    now: datetime | None = None,
) -> None:
    """Lift the hold so that the person can be certified again; the caller checks admin."""
    reason = reason.strip()
    if not reason:
        raise HoldError("Kerro eston poistamisen syy (--reason).")
    if store.held(login, definition_id) is None:
        raise HoldError(
            f"Henkilöllä {login} ei ole estoa todistukseen {definition_id}. "
            "Katso estot komennolla 'somekoulutus holds list'."
        )
    try:
        store.lift_hold(login, definition_id, actor, reason, iso(now))
    except Refused as exc:
        raise HoldError(str(exc)) from exc
