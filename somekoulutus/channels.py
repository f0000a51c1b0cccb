"""Social media accounts registered with communications.

Two kinds: the city's own accounts come from organisation.yaml (`content.organisation.channels`);
units' own accounts are registered here and live in the database. Both get a contact person
the same way (`set_contact`); for a city account it is kept in the database because
organisation.yaml names the managing unit, not a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from somekoulutus.content.models import Content
from somekoulutus.store.base import Refused, Store
from somekoulutus.store.db import iso

CITY = "kaupunki"
UNIT = "yksikkö"

_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")


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


def all_channels(store: Store, content: Content) -> list[ChannelInfo]:
    """Every registered account: the city's (in organisation.yaml order), then units' (by id)."""
    contacts = store.city_contacts()
    counts = store.main_user_counts()
    names = store.contact_names()
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
    for r in store.unit_channels():
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


def get_channel(store: Store, content: Content, channel_id: str) -> ChannelInfo | None:
    """The registered account with this id, or None."""
    return next((c for c in all_channels(store, content) if c.id == channel_id), None)


def add_channel(
    store: Store,
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
    if not _ID.fullmatch(channel_id):
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
    if any(c.id == channel_id for c in content.organisation.channels) or store.unit_channel(
        channel_id
    ):
        raise ChannelRefused(f"Tili {channel_id} on jo rekisterissä.")
    _require_person(store, contact)
    try:
        store.add_unit_channel(actor, channel_id, platform, url, unit, contact, iso(now))
    except Refused as exc:
        raise ChannelRefused(str(exc)) from exc
    found = get_channel(store, content, channel_id)
    assert found is not None
    return found


def set_contact(
    store: Store,
    content: Content,
    actor: str,
    channel_id: str,
    login: str,
    now: datetime | None = None,
) -> None:
    """Name the contact person of an account of either kind (audited)."""
    _require_person(store, login)
    city = any(c.id == channel_id for c in content.organisation.channels)
    if not city and store.unit_channel(channel_id) is None:
        raise ChannelRefused(unknown_channel_message(channel_id))
    store.set_channel_contact(actor, channel_id, login, city, iso(now))


def unknown_channel_message(channel_id: str) -> str:
    """The Finnish refusal for an account that is not in the register."""
    return (
        f"Tiliä {channel_id} ei ole viestinnän rekisterissä. "
        "Katso tilit komennolla 'somekoulutus channels list'."
    )


def _require_person(store: Store, login: str) -> None:
    if store.person(login) is None:
        raise ChannelRefused(
            f"Henkilöä {login} ei tunneta: hänen pitää ensin avata somekoulutus "
            "ja täyttää tietonsa."
        )
