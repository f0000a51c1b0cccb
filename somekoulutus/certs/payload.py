"""The signed payload: canonical JSON bytes, times, and the compact form carried by QR and PDF."""

from __future__ import annotations

import base64
import binascii
import functools
import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

#: Prefix of the compact form, so a scanner's reader can tell what it holds.
COMPACT_PREFIX = "SK1:"


def canonical(obj: dict[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 — the exact bytes that are signed."""
    import json  # here: the app's first screen imports this module for its dates only

    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def utc(now: datetime | None) -> datetime:
    """An aware UTC time truncated to seconds (now when None)."""
    moment = datetime.now(UTC) if now is None else now
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware time")
    return moment.astimezone(UTC).replace(microsecond=0)


def payload_time(moment: datetime) -> str:
    """Payload form: 2025-03-01T10:00:00Z."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    """Either form back to an aware UTC datetime."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months later; the day is clamped to the month's end (31.1. + 1 → 28/29.2.)."""
    import calendar  # rarely needed: on issue, not at start

    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def finnish_date(value: datetime | date | str | None) -> str:
    """d.m.yyyy as a Finnish reader expects it: aware times in Finnish time; '' for None.

    Takes a datetime, a date, or an ISO 8601 string as stored in the database.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(helsinki())
    return f"{value.day}.{value.month}.{value.year}"


def finnish_time(value: datetime | str) -> str:
    """Date and time as people read them, in Finnish time: 5.3.2025 14.07.

    The one formatter of moments for every face (CLI text output and the TUI). Naive
    times and ISO strings without a zone are UTC, as stored. Without a time zone database
    the time is UTC and says so.
    """
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = helsinki()
    moment = value.astimezone(zone)
    suffix = " UTC" if zone is UTC else ""
    return f"{moment.day}.{moment.month}.{moment.year} {moment:%H.%M}{suffix}"


@functools.cache
def helsinki() -> tzinfo:
    """Finnish time (UTC when the machine has no time zone database)."""
    # Imported on the first Finnish date shown (~2 ms: it reads sysconfig for its search
    # path), not at every start: the app's first screen often shows no date.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("Europe/Helsinki")
    except ZoneInfoNotFoundError:  # no tz database on the machine: dates off by a day at most
        return UTC


def b64url(data: bytes) -> str:
    """Base64url without padding (the compact form's alphabet)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact(payload: bytes, signature: bytes) -> str:
    """`SK1:` + base64url(payload) + '.' + base64url(signature): the QR code's and PDF's form."""
    return f"{COMPACT_PREFIX}{b64url(payload)}.{b64url(signature)}"


def parse_compact(text: str) -> tuple[bytes, bytes] | None:
    """(payload bytes, signature bytes) from the compact form, or None if it is not one."""
    text = text.strip()
    if not text.startswith(COMPACT_PREFIX) or text.count(".") != 1:
        return None
    body, sig = text[len(COMPACT_PREFIX) :].split(".")
    try:
        return _unb64url(body), _unb64url(sig)
    except (binascii.Error, ValueError):
        return None


def signature_b64(signature: bytes) -> str:
    """Registry form of a signature: standard base64 (what `openssl base64 -d` reads)."""
    return base64.b64encode(signature).decode("ascii")


def signature_bytes(text: str) -> bytes | None:
    """Standard base64 back to bytes, or None when it is not base64."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


# -- What the QR code holds ----------------------------------------------------------------
#
# A phone or a scanner reads the QR code, so it holds little: either the organisation's
# verification link for the certificate, or the certificate id and the issuer's signature,
# `SK-XXXX-XXXX-C.<base32 of the 64-byte Ed25519 signature>` (118 characters in QR's
# alphanumeric alphabet). The signature is the one over the full signed payload (the
# registry row and the PDF's Keywords carry that payload), so `certs verify` checks the QR
# text against the registry with nothing but public keys. Ed25519 is deterministic: it is the
# very signature stored in the registry.

#: Compiled on first use by `re` (and kept in its cache), not at import (~0.7 ms): the app
#: imports this module for its dates.
_SHORT = r"(SK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])\.([A-Z2-7]{103})"
_LINKED_ID = r"(SK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])(?![0-9A-Z])"


#: Where the certificate id goes in an organisation's `verification_url`.
ID_PLACEHOLDER = "{id}"


def short_form(cert_id: str, signature: bytes) -> str:
    """`SK-XXXX-XXXX-C.` + base32 (RFC 4648, no padding) of the signature."""
    return f"{cert_id}.{base64.b32encode(signature).decode('ascii').rstrip('=')}"


def parse_short(text: str) -> tuple[str, bytes] | None:
    """(certificate id as written, signature bytes) from the short form, or None."""
    match = re.fullmatch(_SHORT, text.strip().upper())
    if match is None:
        return None
    body = match.group(2)
    signature = base64.b32decode(body + "=" * (-len(body) % 8))
    return match.group(1), signature


def verification_link(url: str, cert_id: str) -> str:
    """The organisation's verification address for one certificate.

    `{id}` in the address is replaced by the id; otherwise the id is added as the last part
    of the path (`https://example.fi/todistus` -> `https://example.fi/todistus/SK-...`).
    """
    if ID_PLACEHOLDER in url:
        return url.replace(ID_PLACEHOLDER, cert_id)
    return f"{url.rstrip('/')}/{cert_id}"


def id_in_link(text: str) -> str | None:
    """The certificate id at the end of a verification link (as written), or None."""
    text = text.strip()
    if not text.lower().startswith(("https://", "http://")):
        return None
    found = re.findall(_LINKED_ID, text, re.IGNORECASE)
    return found[-1].upper() if found else None


def qr_text(cert_id: str, signature: bytes, verification_url: str | None) -> str:
    """What the certificate's QR code holds (see above)."""
    if verification_url:
        return verification_link(verification_url, cert_id)
    return short_form(cert_id, signature)


def is_qr_text(text: str) -> bool:
    """True when `text` is what a certificate's QR code holds (short form or a link)."""
    return parse_short(text) is not None or id_in_link(text) is not None
