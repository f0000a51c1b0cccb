"""Verifying a certificate: signature, trusted issuer, expiry and (where a registry is at hand)
revocation. Works from the registry by id, or from a PDF with nothing but the public key."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from somekoulutus.certs import ids
from somekoulutus.certs.keys import key_id as key_id_of
from somekoulutus.certs.keys import load_public_pem, trusted_keys, verify_signature
from somekoulutus.certs.model import CertificateRecord, from_row
from somekoulutus.certs.payload import (
    finnish_date,
    id_in_link,
    parse_compact,
    parse_short,
    parse_time,
    signature_bytes,
    utc,
)
from somekoulutus.files import UnreadableFile, read_regular
from somekoulutus.store.base import Store

#: Largest PDF that `certs verify` reads.
MAX_PDF_BYTES = 20 * 1024 * 1024

ALTERED = "allekirjoitus ei täsmää — asiakirjaa on muutettu"
VISIBLE_ALTERED = (
    "asiakirjassa näkyvä teksti (nimi, todistus, tunnus tai päivämäärät) ei vastaa "
    "allekirjoitettuja tietoja — asiakirjaa on muutettu"
)


@dataclass(frozen=True)
class Verdict:
    """The answer of a verification. `reason` is one Finnish line when `ok` is False."""

    ok: bool
    reason: str | None
    cert_id: str | None = None
    #: The signed payload as data (None when it could not be read).
    payload: dict[str, Any] | None = None
    #: The registry row, when the certificate was looked up in a registry.
    record: CertificateRecord | None = None
    #: False when no registry was at hand: a revocation would not have been seen.
    revocation_checked: bool = False
    #: Remarks that do not make the certificate invalid (e.g. superseded by a newer one).
    notes: tuple[str, ...] = field(default=())


def verify_record(
    store: Store,
    data_dir: Path,
    cert_id: str,
    *,
    now: datetime | None = None,
    public_keys: Mapping[str, Ed25519PublicKey] | None = None,
) -> Verdict:
    """Verify a registry entry by id against the data dir's trusted keys (or `public_keys`)."""
    wanted = ids.normalise(cert_id) or cert_id.strip()
    row = store.certificate(wanted)
    if row is None:
        return Verdict(False, f"todistusta {cert_id} ei ole tässä rekisterissä", wanted)
    keys = registry_keys(store, data_dir) if public_keys is None else public_keys
    record = from_row(row)
    signature = signature_bytes(row["signature"])
    return _judge(
        row["payload"].encode("utf-8"), signature, keys, utc(now), record, row["key_id"], wanted
    )


def verify_qr(
    store: Store,
    data_dir: Path,
    text: str,
    *,
    now: datetime | None = None,
    public_keys: Mapping[str, Ed25519PublicKey] | None = None,
) -> Verdict | None:
    """Verify what a certificate's QR code holds; None when `text` is not such a thing.

    The short form (`SK-XXXX-XXXX-C.<signature>`) is checked against the registry: its
    signature must be a trusted key's signature of the registry's payload for that id, so an
    altered id or signature is caught. A verification link is checked by the id at its end.
    """
    short = parse_short(text)
    if short is None:
        linked = id_in_link(text)
        if linked is None:
            return None
        return verify_record(store, data_dir, linked, now=now, public_keys=public_keys)
    cert_id, signature = short
    verdict = verify_record(store, data_dir, cert_id, now=now, public_keys=public_keys)
    if verdict.record is None:
        return verdict
    keys = registry_keys(store, data_dir) if public_keys is None else public_keys
    key = keys.get(verdict.record.key_id)
    if key is None or not verify_signature(key, signature, verdict.record.payload.encode("utf-8")):
        return Verdict(False, ALTERED, verdict.cert_id, verdict.payload, verdict.record, True)
    return verdict


def verify_pdf(
    pdf_path: Path,
    *,
    public_keys: Mapping[str, Ed25519PublicKey] | Iterable[Ed25519PublicKey],
    store: Store | None = None,
    now: datetime | None = None,
) -> Verdict:
    """Verify a certificate PDF from the payload and signature in its metadata.

    With `store`, revocation is checked in that registry; without, the verdict says it was not.
    """
    keys = _as_mapping(public_keys)
    carried = _read(pdf_path)
    if isinstance(carried, str):
        return Verdict(False, carried)
    payload, signature, page = carried
    moment = utc(now)
    verdict = _judge(payload, signature, keys, moment, None, None, None)
    if (
        verdict.payload is not None
        and verdict.reason != ALTERED
        and not shows(page, verdict.payload)
    ):
        # A good signature on a page that reads otherwise: the visible text was edited.
        return Verdict(False, VISIBLE_ALTERED, verdict.cert_id, verdict.payload)
    if not verdict.ok or store is None:
        return verdict
    row = store.certificate(verdict.cert_id or "")
    if row is None:
        if _registry_uses_key(store, (verdict.payload or {}).get("key_id")):
            return Verdict(
                False, f"todistusta {verdict.cert_id} ei ole tässä rekisterissä", verdict.cert_id
            )
        # Signed by another trusted issuer: this registry cannot say whether it was revoked.
        return verdict
    return _judge(payload, signature, keys, moment, from_row(row), row["key_id"], row["id"])


def read_pdf(pdf_path: Path) -> tuple[bytes, bytes] | str:
    """(payload, signature) carried in a certificate PDF, or a Finnish reason why not."""
    carried = _read(pdf_path)
    return carried if isinstance(carried, str) else carried[:2]


def shows(page: str, payload: dict[str, Any]) -> bool:
    """Does the page's text show what was signed: the name, the certificate, its id and dates?

    Compared without white space, since a long name or title wraps on the page.
    """
    flat = "".join(page.split())
    wanted = [str(payload.get("name", "")), str(payload.get("id", ""))]
    definition = payload.get("definition")
    if isinstance(definition, dict):
        wanted.append(str(definition.get("title", "")))
    for key in ("issued", "expires"):
        try:
            wanted.append(finnish_date(parse_time(str(payload.get(key)))))
        except (TypeError, ValueError):
            return False
    return all("".join(w.split()) in flat for w in wanted)


def _read(pdf_path: Path) -> tuple[bytes, bytes, str] | str:
    """(payload, signature, the pages' text) of a certificate PDF, or why not (Finnish)."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs its repairs of a damaged file ("EOF marker not found") as warnings; the
    # reason returned here is what the person needs, so keep them off the terminal.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        # A certificate is tens of kilobytes: a huge file (or a device) is not read at all.
        data = read_regular(Path(pdf_path), MAX_PDF_BYTES)
    except UnreadableFile as exc:
        return f"tiedostoa {pdf_path} ei tarkisteta: {exc}"
    except OSError as exc:
        return f"tiedostoa {pdf_path} ei voi lukea ({exc.strerror or exc})"
    try:
        reader = PdfReader(io.BytesIO(data))
        metadata = reader.metadata
        page = " ".join(p.extract_text() or "" for p in reader.pages[:4])
    except (OSError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        return f"tiedostoa {pdf_path} ei voi lukea PDF-tiedostona ({exc})"
    keywords = str(metadata.get("/Keywords", "")) if metadata else ""
    carried = parse_compact(keywords)
    if carried is None:
        return f"tiedostossa {pdf_path} ei ole todistuksen allekirjoitettuja tietoja"
    return (*carried, page)


def _as_mapping(
    keys: Mapping[str, Ed25519PublicKey] | Iterable[Ed25519PublicKey],
) -> Mapping[str, Ed25519PublicKey]:
    if isinstance(keys, Mapping):
        return keys
    return {key_id_of(k): k for k in keys}


def _registry_uses_key(store: Store, key_id: Any) -> bool:
    if not isinstance(key_id, str):
        return False
    return store.key_used(key_id)


def registry_keys(store: Store, data_dir: Path) -> Mapping[str, Ed25519PublicKey]:
    """The public keys this registry trusts: those it publishes (the organisation's issuer
    keys, old ones included), else the embedded store's data folder keys."""
    published = store.published_keys()
    if published is None:
        return trusted_keys(data_dir)
    return {key_id_of(k): k for k in map(load_public_pem, published)}


def _judge(
    payload: bytes,
    signature: bytes | None,
    keys: Mapping[str, Ed25519PublicKey],
    now: datetime,
    record: CertificateRecord | None,
    row_key_id: str | None,
    cert_id: str | None,
) -> Verdict:
    data = _parse(payload)
    claimed = (data or {}).get("key_id") or row_key_id
    cert_id = cert_id or (data or {}).get("id")

    def fail(reason: str) -> Verdict:
        return Verdict(False, reason, cert_id, data, record, record is not None)

    # 1. Signature by a trusted key. Damaged signed content (it does not read as the
    # certificate's data) or a missing signature is an altered document, not an unknown
    # issuer: the issuer can only be named from content that reads.
    if signature is None or data is None:
        return fail(ALTERED)
    if isinstance(claimed, str) and claimed in keys:
        if not verify_signature(keys[claimed], signature, payload):
            return fail(ALTERED)
    elif not any(verify_signature(k, signature, payload) for k in keys.values()):
        if not isinstance(claimed, str) or not claimed:
            return fail(ALTERED)
        return fail(
            f"tuntematon myöntäjä: todistuksen allekirjoittanut avain {claimed} ei ole "
            "luotettujen joukossa (luotetun myöntäjän julkisen avaimen voi antaa: --public-key)"
        )
    if data is None or not isinstance(data.get("id"), str):
        return fail("allekirjoitettu sisältö ei ole todistus")
    if record is not None and data["id"] != record.id:
        return fail(ALTERED)

    # 2. Revocation (only a registry knows), then expiry from the signed payload.
    if record is not None and record.revoked_at is not None:
        return fail(
            f"mitätöity {finnish_date(record.revoked_at)}: {record.revoke_reason or 'ei syytä'}"
        )
    try:
        expires = parse_time(str(data["expires"]))
    except (KeyError, ValueError):
        return fail("allekirjoitetusta sisällöstä puuttuu voimassaoloaika")
    if now >= expires:
        return fail(f"vanhentunut {finnish_date(expires)}")
    notes = []
    if record is not None and record.superseded_by:
        notes.append(f"korvattu uudemmalla todistuksella {record.superseded_by}")
    if record is None:
        notes.append("mitätöintiä ei voitu tarkistaa: rekisteri ei ole käytettävissä")
    return Verdict(True, None, data["id"], data, record, record is not None, tuple(notes))


def _parse(payload: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None
