"""Social media accounts registered with communications.

Two kinds: the city's own accounts come from organisation.yaml (`content.organisation.channels`);
units' own accounts are registered here and live in the database. Both get a contact person
the same way (`set_contact`); for a city account it is kept in the database because
organisation.yaml names the managing unit, not a person.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from somekoulutus.content.models import Content
from somekoulutus.store import audit, people, transaction
from somekoulutus.store import channels as store
from somekoulutus.store.db import iso

CITY = "kaupunki"
UNIT = "yksikkö"

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class ChannelInputError(ValueError):
    """The given values are not acceptable (bad input); the message is Finnish."""


class ChannelRefused(Exception):
    """The change is refused (unknown account or person, id taken); the message is Finnish."""


@dataclass(frozen=True)
class ChannelInfo:
    """A registered account as admins see it: whose it is, its contact, its main users."""

    id: str
    kind: str  # CITY | UNIT
    platform: str
    url: str
    unit: str
    contact_login: str | None
    contact_name: str | None
    main_users: int


def all_channels(conn: sqlite3.Connection, content: Content) -> list[ChannelInfo]:
    """Every registered account: the city's (in organisation.yaml order), then units' (by id)."""
    contacts = store.city_contacts(conn)
    counts = store.main_user_counts(conn)
    names = store.contact_names(conn)
    out = [
        ChannelInfo(
            id=c.id,
            kind=CITY,
            platform=c.platform,
            url=c.url,
            unit=c.managed_by,
            contact_login=contacts.get(c.id),
            contact_name=names.get(contacts.get(c.id, "")),
            main_users=counts.get(c.id, 0),
        )
        for c in content.organisation.channels
    ]
    city_ids = {c.id for c in out}
    for r in store.unit_channels(conn):
        if r["id"] in city_ids:  # organisation.yaml wins if an id was reused there later
            continue
        out.append(
            ChannelInfo(
                id=r["id"],
                kind=UNIT,
                platform=r["platform"],
                url=r["url"],
                unit=r["unit"],
                contact_login=r["contact_login"],
                contact_name=names.get(r["contact_login"] or ""),
                main_users=counts.get(r["id"], 0),
            )
        )
    return out


def get_channel(conn: sqlite3.Connection, content: Content, channel_id: str) -> ChannelInfo | None:
    """The registered account with this id, or None."""
    return next((c for c in all_channels(conn, content) if c.id == channel_id), None)


def add_channel(
    conn: sqlite3.Connection,
    content: Content,
    actor: str,
    channel_id: str,
    platform: str,
    url: str,
    unit: str,
    contact: str,
    now: datetime | None = None,
) -> ChannelInfo:
    """Register a unit's own account with its contact person (audited)."""
    channel_id, platform, url, unit = (v.strip() for v in (channel_id, platform, url, unit))
    if not _ID.match(channel_id):
        raise ChannelInputError(
            f"Tunnus '{channel_id}' ei kelpaa: käytä 2–63 merkkiä pieniä kirjaimia a–z, "
            "numeroita ja väliviivoja, esimerkiksi instagram-kirjasto."
        )
    if not platform:
        raise ChannelInputError("Palvelu puuttuu: kerro, missä palvelussa tili on (--platform).")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ChannelInputError(
            f"Osoite '{url}' ei kelpaa: anna tilin koko osoite, joka alkaa https://."
        )
    if not unit:
        raise ChannelInputError("Yksikkö puuttuu: kerro, minkä yksikön tili on (--unit).")
    with transaction(conn):
        if any(c.id == channel_id for c in content.organisation.channels) or store.unit_channel(
            conn, channel_id
        ):
            raise ChannelRefused(f"Tili {channel_id} on jo rekisterissä.")
        _require_person(conn, contact)
        store.insert_unit_channel(conn, channel_id, platform, url, unit, contact, iso(now), actor)
        audit.append(
            conn,
            actor,
            "channel.add",
            channel_id,
            platform=platform,
            url=url,
            unit=unit,
            contact=contact,
        )
    found = get_channel(conn, content, channel_id)
    assert found is not None
    return found


def set_contact(
    conn: sqlite3.Connection,
    content: Content,
    actor: str,
    channel_id: str,
    login: str,
    now: datetime | None = None,
) -> None:
    """Name the contact person of an account of either kind (audited)."""
    with transaction(conn):
        _require_person(conn, login)
        if any(c.id == channel_id for c in content.organisation.channels):
            store.set_city_contact(conn, channel_id, login, iso(now), actor)
        elif store.unit_channel(conn, channel_id):
            store.set_unit_contact(conn, channel_id, login)
        else:
            raise ChannelRefused(unknown_channel_message(channel_id))
        audit.append(conn, actor, "channel.contact", channel_id, contact=login)


def unknown_channel_message(channel_id: str) -> str:
    """The Finnish refusal for an account that is not in the register."""
    return (
        f"Tiliä {channel_id} ei ole viestinnän rekisterissä. "
        "Katso tilit komennolla 'somekoulutus channels list'."
    )


def _require_person(conn: sqlite3.Connection, login: str) -> None:
    if people.get(conn, login) is None:
        raise ChannelRefused(
            f"Henkilöä {login} ei tunneta: hänen pitää ensin avata somekoulutus "
            "ja täyttää tietonsa."
        )
