"""The rights audit: rights resting on certificates that are gone or going, and accounts that
break the guideline's rules (no contact person, fewer than two main users)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from somekoulutus import channels as channels_mod
from somekoulutus.certs.model import DEFAULT_WARNING_DAYS
from somekoulutus.certs.payload import finnish_date, parse_time
from somekoulutus.content.models import Content
from somekoulutus.rights import ROLE_LABELS, RightsInputError
from somekoulutus.store.base import Store
from somekoulutus.store.db import Row, iso


@dataclass(frozen=True)
class Finding:
    """One thing out of order, for `rights audit` and the admin screen."""

    kind: str  # revoked | superseded | expired | expiring | unregistered | few_main_users |
    #            no_contact
    channel_id: str
    message: str
    login: str | None = None
    role: str | None = None
    certificate_id: str | None = None
    date: str | None = None  # the relevant date (YYYY-MM-DD) where there is one


def audit(
    store: Store,
    content: Content,
    warn_days: int = DEFAULT_WARNING_DAYS,
    now: datetime | None = None,
) -> list[Finding]:
    """Every finding: rights on bad certificates or ones expiring within `warn_days`
    (the organisation's window, certs.expiry_warning_days), accounts breaking the rules."""
    if warn_days < 0:
        raise RightsInputError("Päivien määrä ei voi olla negatiivinen.")
    now = now or datetime.now(UTC)
    findings = [
        _certificate_finding(row, now)
        for row in store.rights_in_trouble(iso(now + timedelta(days=warn_days)))
    ]
    registered = channels_mod.all_channels(store, content)
    known = {c.id for c in registered}
    for channel_id, count in sorted(store.active_channel_counts().items()):
        if channel_id not in known:
            findings.append(
                Finding(
                    "unregistered",
                    channel_id,
                    f"Tiliä {channel_id} ei ole viestinnän rekisterissä, mutta sillä on "
                    f"{count} voimassa olevaa oikeutta.",
                )
            )
    for channel in registered:
        if channel.contact_login is None:
            findings.append(
                Finding(
                    "no_contact",
                    channel.id,
                    f"Tilillä {channel.id} ei ole nimettyä yhteyshenkilöä.",
                )
            )
        if channel.main_users < 2:
            findings.append(
                Finding(
                    "few_main_users",
                    channel.id,
                    f"Tilillä {channel.id} on {channel.main_users} pääkäyttäjää; "
                    "ohjeen mukaan niitä pitää olla vähintään kaksi.",
                )
            )
    return findings


def _certificate_finding(row: Row, now: datetime) -> Finding:
    who = f"{row['name']} ({row['login']})" if row["name"] else row["login"]
    head = (
        f"Tili {row['channel_id']}: henkilön {who} {ROLE_LABELS.get(row['role'], row['role'])}n "
        f"oikeus perustuu todistukseen {row['certificate_id']}, joka"
    )
    common = {
        "channel_id": row["channel_id"],
        "login": row["login"],
        "role": row["role"],
        "certificate_id": row["certificate_id"],
    }
    if row["revoked_at"]:
        message = f"{head} mitätöitiin {finnish_date(row['revoked_at'])}"
        if row["revoke_reason"]:
            message += f": {row['revoke_reason']}"
        return Finding("revoked", message=message + ".", date=row["revoked_at"][:10], **common)
    if row["superseded_by"]:
        return Finding(
            "superseded",
            message=f"{head} on korvattu todistuksella {row['superseded_by']}. "
            "Myönnä oikeus uudelleen uuden todistuksen perusteella.",
            **common,
        )
    expires = parse_time(row["expires_at"])
    if expires <= now:
        return Finding(
            "expired",
            message=f"{head} vanheni {finnish_date(expires)}.",
            date=expires.date().isoformat(),
            **common,
        )
    days = (expires - now).days
    return Finding(
        "expiring",
        message=f"{head} vanhenee {finnish_date(expires)} ({days} päivän kuluttua).",
        date=expires.date().isoformat(),
        **common,
    )
