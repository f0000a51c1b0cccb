"""The signed payload: canonical JSON bytes, times, and the compact form carried by QR and PDF."""

from __future__ import annotations

import base64
import binascii
import calendar
import functools
import json
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Prefix of the compact form, so a scanner's reader can tell what it holds.
COMPACT_PREFIX = "SK1:"


def canonical(obj: dict[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8 — the exact bytes that are signed."""
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


@functools.cache
def helsinki() -> tzinfo:
    """Finnish time (UTC when the machine has no time zone database)."""
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
