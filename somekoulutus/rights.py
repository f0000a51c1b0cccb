"""The gate: rights to post on an account go only to holders of a valid certificate.

`check_gate` answers whether a right may be granted and why (the TUI shows the answer before
the admin confirms); `grant` asks the same question again inside the writing transaction so
that nothing can change between the answer and the write. `rights_audit` lists what is out
of order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from somekoulutus import channels as channels_mod
from somekoulutus.certs import CertificateRecord, certificates_of, verify_record
from somekoulutus.certs.keys import TrustedKeys
from somekoulutus.certs.model import DEFAULT_WARNING_DAYS
from somekoulutus.certs.payload import finnish_date
from somekoulutus.certs.verify import registry_keys
from somekoulutus.content.models import RIGHTS, Content
from somekoulutus.store.base import Refused, Store
from somekoulutus.store.db import iso

ROLE_LABELS = {"sisallontuottaja": "sisällöntuottaja", "paakayttaja": "pääkäyttäjä"}
# "ei oikeuta ..." needs the genitive plural of the rights.
_ROLE_RIGHTS = {
    "sisallontuottaja": "sisällöntuottajan oikeuksiin",
    "paakayttaja": "pääkäyttäjän oikeuksiin",
}


class RightsInputError(ValueError):
    """Bad input (unknown role, empty reason); the message is Finnish."""


class RightsRefused(Exception):
    """A withdrawal that cannot be done (no such right); the message is Finnish."""


@dataclass(frozen=True)
class GateDecision:
    """The gate's answer: may `login` get `role` on `channel_id`, and why (Finnish)."""

    ok: bool
    code: str  # ok | unknown_person | unknown_channel | no_certificate | not_granted |
    #            expired | revoked | superseded | invalid | already_granted
    reason: str
    login: str
    channel_id: str
    role: str
    certificate_id: str | None = None


def grants_of(record: CertificateRecord, content: Content) -> tuple[str, ...]:
    """The roles a certificate grants: from its signed payload, else from its definition."""
    try:
        payload = json.loads(record.payload)
    except (TypeError, ValueError):
        payload = {}
    if isinstance(payload, dict) and isinstance(payload.get("grants"), list):
        return tuple(str(g) for g in payload["grants"])
    definition = content.certificates.get(record.definition_id)
    return definition.grants if definition else ()


def _check_role(role: str) -> None:
    if role not in RIGHTS:
        raise RightsInputError(
            f"Tuntematon rooli {role}: valitse sisallontuottaja tai paakayttaja."
        )


def check_gate(
    store: Store,
    content: Content,
    data_dir: Path,
    login: str,
    channel_id: str,
    role: str = "sisallontuottaja",
    now: datetime | None = None,
) -> GateDecision:
    """May `login` be granted `role` on `channel_id` now? Read-only; says exactly why not."""
    _check_role(role)
    now = now or datetime.now(UTC)

    def answer(ok: bool, code: str, reason: str, cert: str | None = None) -> GateDecision:
        return GateDecision(ok, code, reason, login, channel_id, role, cert)

    person = store.person(login)
    if person is None:
        return answer(
            False,
            "unknown_person",
            f"Henkilöä {login} ei tunneta: hän ei ole vielä avannut somekoulutusta "
            "eikä hänellä ole todistusta.",
        )
    if channels_mod.get_channel(store, content, channel_id) is None:
        return answer(False, "unknown_channel", channels_mod.unknown_channel_message(channel_id))
    records = certificates_of(store, login)
    if not records:
        return answer(
            False,
            "no_certificate",
            f"Henkilöllä {person.name} ({login}) ei ole todistusta. Oikeudet saa vain "
            "voimassa olevan todistuksen haltija.",
        )
    granting = sorted(
        (r for r in records if role in grants_of(r, content)),
        key=lambda r: r.issued_at,
        reverse=True,
    )
    if not granting:
        return answer(
            False,
            "not_granted",
            f"Henkilön {person.name} ({login}) todistus ei oikeuta {_ROLE_RIGHTS[role]}.",
        )
    signature_problem: tuple[CertificateRecord, str | None] | None = None
    keys: TrustedKeys | None = None
    for record in granting:
        if record.status(now, 0) not in ("valid", "expiring"):
            continue
        if keys is None:  # read the key files and config.yaml once, and only when needed
            keys = registry_keys(store, data_dir)
        verdict = verify_record(store, data_dir, record.id, now=now, public_keys=keys)
        if not verdict.ok:
            signature_problem = signature_problem or (record, verdict.reason)
            continue
        held = store.active_right(login, channel_id, role)
        if held is not None and held["certificate_id"] == record.id:
            return answer(
                False,
                "already_granted",
                f"Henkilöllä {person.name} ({login}) on jo {ROLE_LABELS[role]}n oikeus "
                f"tiliin {channel_id} todistuksen {record.id} perusteella.",
                record.id,
            )
        return answer(
            True,
            "ok",
            f"Todistus {record.id} ({record.title}) on voimassa {finnish_date(record.expires_at)} "
            f"asti ja oikeuttaa rooliin {ROLE_LABELS[role]}.",
            record.id,
        )
    if signature_problem:
        record, why = signature_problem
        return answer(False, "invalid", f"Todistus {record.id} ei kelpaa: {why}", record.id)
    latest = granting[0]
    status = latest.status(now, 0)
    if status == "revoked":
        reason = f"Todistus {latest.id} mitätöitiin {finnish_date(latest.revoked_at)}"
        if latest.revoke_reason:
            reason += f": {latest.revoke_reason}"
        return answer(False, "revoked", reason + ".", latest.id)
    if status == "superseded":
        return answer(
            False,
            "superseded",
            f"Todistus {latest.id} on korvattu uudella todistuksella {latest.superseded_by}, "
            "joka ei ole voimassa.",
            latest.id,
        )
    return answer(
        False,
        "expired",
        f"Todistus {latest.id} vanheni {finnish_date(latest.expires_at)}. Henkilön pitää "
        "suorittaa koulutus uudelleen.",
        latest.id,
    )


def grant(
    store: Store,
    content: Content,
    data_dir: Path,
    actor: str,
    login: str,
    channel_id: str,
    role: str = "sisallontuottaja",
    now: datetime | None = None,
) -> GateDecision:
    """Grant the right if the gate allows; audited in the same transaction.

    A right already held on an older certificate (e.g. before renewal) moves to the valid one.
    """
    now = now or datetime.now(UTC)
    at = iso(now)
    decision = check_gate(store, content, data_dir, login, channel_id, role, now=now)
    if not decision.ok:
        return decision
    assert decision.certificate_id is not None
    # The store checks the certificate again in the writing transaction, so a revocation
    # between the answer above and this write cannot slip through.
    try:
        store.grant_right(actor, login, channel_id, role, decision.certificate_id, at)
    except Refused as exc:
        return GateDecision(False, "invalid", str(exc), login, channel_id, role)
    return decision


def withdraw(
    store: Store,
    actor: str,
    login: str,
    channel_id: str,
    reason: str,
    role: str | None = None,
    now: datetime | None = None,
) -> int:
    """Withdraw the person's active rights on an account (one role or all); returns how many."""
    reason = reason.strip()
    if not reason:
        raise RightsInputError("Kerro syy oikeuden poistamiselle (--reason).")
    if role is not None:
        _check_role(role)
    count = store.withdraw_rights(actor, login, channel_id, role, reason, iso(now))
    if not count:
        raise RightsRefused(
            f"Henkilöllä {login} ei ole voimassa olevaa oikeutta tiliin {channel_id}."
        )
    return count


def list_rights(
    store: Store,
    channel_id: str | None = None,
    include_withdrawn: bool = False,
    warn_days: int = DEFAULT_WARNING_DAYS,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Rights as plain dicts (login, name, unit, channel, role, certificate, state, ...).

    `warn_days` is the organisation's warning window (certs.expiry_warning_days).
    """
    now = now or datetime.now(UTC)
    rows = store.list_rights(
        iso(now), iso(now + timedelta(days=warn_days)), channel_id, include_withdrawn
    )
    return [
        {
            "login": r["login"],
            "name": r["name"] or "",
            "unit": r["unit"] or "",
            "channel": r["channel_id"],
            "role": r["role"],
            "certificate": r["certificate_id"],
            "certificate_status": r["status"],
            "certificate_expires": r["expires_at"],
            "granted_at": r["granted_at"],
            "granted_by": r["granted_by"],
            "withdrawn_at": r["withdrawn_at"],
            "withdrawn_by": r["withdrawn_by"],
            "withdraw_reason": r["withdraw_reason"],
        }
        for r in rows
    ]


def certificate_holders(
    store: Store,
    search: str | None = None,
    unit: str | None = None,
    definition: str | None = None,
    status: str | None = None,
    warn_days: int = DEFAULT_WARNING_DAYS,
    now: datetime | None = None,
    limit: int = 500,
) -> tuple[list[dict[str, Any]], int]:
    """Certificates with their holders, filtered by text, unit, definition and state.

    Returns the first `limit` rows (by name) and how many match in all. The state comes from
    the registry's timestamps; the detail view verifies the signature of one certificate.
    """
    now = now or datetime.now(UTC)
    rows, total = store.holders(
        now=iso(now),
        horizon=iso(now + timedelta(days=warn_days)),
        search=search or None,
        unit=unit or None,
        definition=definition or None,
        status=status or None,
        limit=limit,
    )
    return [
        {
            "id": r["id"],
            "login": r["login"],
            "name": r["name"] or "",
            "unit": r["unit"] or "",
            "definition": r["definition_id"],
            "issued_at": r["issued_at"],
            "expires_at": r["expires_at"],
            "status": r["status"],
        }
        for r in rows
    ], total


def units(store: Store) -> list[str]:
    """The units people have given, for the holder filter."""
    return store.units()


def rights_on_certificate(store: Store, certificate_id: str) -> list[str]:
    """'channel (role)' for each active right resting on a certificate (shown before revoking)."""
    return [
        f"{r['channel_id']} ({ROLE_LABELS.get(r['role'], r['role'])})"
        for r in store.active_on_certificate(certificate_id)
    ]
