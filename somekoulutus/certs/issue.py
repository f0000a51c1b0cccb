"""Issuing: on passing (`issue_if_eligible`) or by an admin for training given in person.

The payload is signed and the PDF rendered here; the store then keeps the row, the PDF, the
supersession of the previous certificate and the audit entry in one step (see
`Store.add_certificate`), so a failure leaves neither a row without its PDF nor a partial file.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from somekoulutus import settings
from somekoulutus.certs import ids
from somekoulutus.certs.keys import IssuerKey, issuer_key
from somekoulutus.certs.model import (
    CertificateError,
    CertificateRecord,
    CertificateWriteError,
    from_row,
)
from somekoulutus.certs.payload import (
    add_months,
    canonical,
    compact,
    finnish_date,
    payload_time,
    qr_text,
    signature_b64,
    utc,
)
from somekoulutus.certs.pdf import CertificateView, write_pdf
from somekoulutus.content.models import CertificateDefinition, Content
from somekoulutus.content.render import render
from somekoulutus.profile import NAME_MAX, valid_email
from somekoulutus.safetext import input_problem
from somekoulutus.store.base import Store
from somekoulutus.store.db import iso
from somekoulutus.store.pdf_files import STALE_TEMP_SECONDS, certificates_dir
from somekoulutus.store.people import Person

PAYLOAD_VERSION = 1
_ID_TRIES = 20
_RETRY = "Yritä uudelleen."

__all__ = ["STALE_TEMP_SECONDS", "certificates_dir", "issue_if_eligible", "issue_manual"]


@dataclass(frozen=True)
class _Request:
    person: Person
    definition: CertificateDefinition
    courses: list[dict[str, Any]]
    attempt_ids: list[int]
    actor: str
    manual_reason: str | None = None
    #: The person is not in the registry yet: saved in the issuing transaction.
    new_person: bool = False
    #: The organisation registry's request this fulfils (the issuer service signs it).
    request_id: int | None = None


def issue_if_eligible(
    store: Store,
    content: Content,
    data_dir: Path,
    login: str,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> list[CertificateRecord]:
    """Issue every certificate whose required courses the person has all passed.

    A definition is skipped when one of the person's certificates of it (even a revoked one)
    already rests on the same latest passed attempts; passing again is a renewal: a new
    certificate, and the previous current one is marked superseded. Returns the new ones.
    """
    moment = utc(now)
    person = store.person(login)
    if person is None:
        return []
    passed = store.latest_passed(login)
    issued = []
    for definition in content.certificates.values():
        if not definition.requires or not all(c in passed for c in definition.requires):
            continue
        attempts = [passed[c] for c in definition.requires]
        attempt_ids = sorted(a.id for a in attempts)
        if attempt_ids in store.attempt_sets(login, definition.id):
            continue
        if store.held(login, definition.id) is not None:
            continue  # revoked earlier: waits until an admin lifts the hold
        courses = [
            {
                "id": a.course_id,
                "title": _course_title(content, a.course_id),
                "version": a.course_version,
            }
            for a in attempts
        ]
        request = _Request(person, definition, courses, attempt_ids, actor=login)
        record = _issue(store, content, data_dir, request, moment, rng)
        if record is not None:
            issued.append(record)
    return issued


def issue_manual(
    store: Store,
    content: Content,
    data_dir: Path,
    login: str,
    definition_id: str,
    *,
    actor: str,
    reason: str,
    name: str | None = None,
    email: str | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> CertificateRecord | None:
    """Issue a certificate for training given in person; creates the person if unknown.

    On the organisation's registry the admin holds no key: the request is recorded there and
    the issuer service signs it (None is returned). The caller checks that `actor` is an admin.
    Raises CertificateError (Finnish) on bad input.
    """
    moment = utc(now)
    definition = content.certificates.get(definition_id)
    if definition is None:
        known = ", ".join(sorted(content.certificates)) or "ei yhtään"
        raise CertificateError(f"Tuntematon todistus {definition_id}. Tunnetut: {known}.")
    if not reason.strip():
        raise CertificateError("Kerro peruste (--reason), esimerkiksi lähikoulutuksen päivä.")
    _check_input(login, reason, name, email)
    if not store.issues_in_process():
        store.request_manual_certificate(actor, login, definition_id, reason.strip())
        return None
    person = store.person(login)
    new_person = person is None
    if person is None:
        if not (name and name.strip() and email and "@" in email):
            raise CertificateError(
                f"Henkilöä {login} ei tunneta: anna hänen nimensä ja sähköpostiosoitteensa "
                "(--name ja --email)."
            )
        # Saved with the certificate, in one transaction: a failed issue leaves no one behind.
        person = Person(login, name.strip(), email.strip(), "-", "tyontekija")
    return _issue_for(
        store,
        content,
        data_dir,
        person,
        definition,
        actor,
        reason.strip(),
        moment,
        rng,
        new_person=new_person,
    )


def issue_requested(
    store: Store, content: Content, key_dir: Path, request: Any
) -> CertificateRecord | None:
    """Sign and store an admin's recorded request (the issuer service on the registry)."""
    definition = content.certificates.get(request["definition_id"])
    person = store.person(request["login"])
    if definition is None or person is None:
        raise CertificateError(
            f"Pyyntöä {request['id']} ei voi täyttää: todistuslajia tai henkilöä ei tunneta."
        )
    return _issue_for(
        store,
        content,
        key_dir,
        person,
        definition,
        request["requested_by"],
        request["reason"],
        utc(None),
        None,
        request_id=int(request["id"]),
    )


def _issue_for(
    store: Store,
    content: Content,
    data_dir: Path,
    person: Person,
    definition: CertificateDefinition,
    actor: str,
    reason: str,
    moment: datetime,
    rng: random.Random | None,
    *,
    new_person: bool = False,
    request_id: int | None = None,
) -> CertificateRecord | None:
    login = person.login
    passed = store.latest_passed(login)
    courses = []
    for course_id in definition.requires:
        course = content.courses.get(course_id)
        attempt = passed.get(course_id)
        version = attempt.course_version if attempt else (course.version if course else 1)
        courses.append(
            {"id": course_id, "title": _course_title(content, course_id), "version": version}
        )
    # Recorded so that an online pass already made is not issued again on top of this one.
    attempt_ids = sorted(passed[c].id for c in definition.requires if c in passed)
    request = _Request(
        person, definition, courses, attempt_ids, actor, reason, new_person, request_id
    )
    return _issue(store, content, data_dir, request, moment, rng)


REASON_MAX = 2000


def _check_input(login: str, reason: str, name: str | None, email: str | None) -> None:
    """Refuse (CertificateError, Finnish) what cannot stand on a certificate or in the log."""
    if not login:
        raise CertificateError("Anna henkilön käyttäjätunnus (--login); se ei voi olla tyhjä.")
    if not settings.valid_login(login) or input_problem(login, max_length=64):
        raise CertificateError(f"Käyttäjätunnus (--login) ei kelpaa: {settings.LOGIN_RULE}.")
    problem = input_problem(reason, max_length=REASON_MAX, multiline=True)
    if problem:
        raise CertificateError(f"Peruste (--reason) {problem}.")
    for label, value in (("Nimi (--name)", name), ("Sähköposti (--email)", email)):
        if value is not None:
            problem = input_problem(value.strip(), max_length=NAME_MAX)
            if problem:
                raise CertificateError(f"{label} {problem}.")
    if email is not None and not valid_email(email.strip()):
        raise CertificateError(
            "Sähköpostiosoite (--email) ei näytä oikealta; muoto on esimerkiksi "
            "etunimi.sukunimi@esimerkki.fi."
        )


def _course_title(content: Content, course_id: str) -> str:
    course = content.courses.get(course_id)
    return course.title if course else course_id


def _issue(
    store: Store,
    content: Content,
    data: Path,
    req: _Request,
    now: datetime,
    rng: random.Random | None,
) -> CertificateRecord | None:
    try:
        key = issuer_key(data)
    except OSError as exc:
        raise _write_failed(exc) from exc
    for _ in range(_ID_TRIES):
        cert_id = ids.new_id(rng)
        if store.certificate_exists(cert_id):
            continue
        row, view = _prepare(content, req, key, cert_id, now)
        buffer = io.BytesIO()
        write_pdf(buffer, view)
        details: dict[str, Any] = {
            "definition": row["definition_id"],
            "expires": row["expires_at"],
            "attempts": req.attempt_ids,
        }
        manual = req.manual_reason is not None
        if manual:
            details |= {"login": row["login"], "reason": req.manual_reason}
        try:
            outcome = store.add_certificate(
                row,
                buffer.getvalue(),
                audit_actor=req.actor if manual else row["login"],
                audit_action="certificate.issue_manual" if manual else "certificate.issue",
                details=details,
                new_person=req.person if req.new_person else None,
                skip_if_attempts_certified=not manual,
            )
        except OSError as exc:
            raise _write_failed(exc) from exc
        if outcome == "taken":  # another issuer took the id meanwhile: draw again
            continue
        if outcome == "raced":  # another process issued the same certificate meanwhile
            return None
        saved = store.certificate(cert_id)
        assert saved is not None
        return from_row(saved)
    raise CertificateWriteError(f"Todistukselle ei löytynyt vapaata tunnusta. {_RETRY}")


def _prepare(
    content: Content,
    req: _Request,
    key: IssuerKey,
    cert_id: str,
    now: datetime,
) -> tuple[dict[str, Any], CertificateView]:
    definition, person = req.definition, req.person
    expires = add_months(now, definition.validity_months)
    organisation = content.organisation
    payload: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "id": cert_id,
        "login": person.login,
        "name": person.name,
        "email": person.email,
        "definition": {"id": definition.id, "title": definition.title},
        "courses": req.courses,
        "grants": list(definition.grants),
        "issued": payload_time(now),
        "expires": payload_time(expires),
        "issuer": organisation.name,
        "key_id": key.key_id,
    }
    if req.manual_reason is not None:
        payload["issued_by_admin"] = req.actor
    data = canonical(payload)
    signature = key.sign(data)
    issued_date, valid_until = finnish_date(now), finnish_date(expires)
    context = {
        "organisation": organisation.data,
        "person": {
            "name": person.name,
            "email": person.email,
            "login": person.login,
            "unit": person.unit,
        },
        "certificate": {
            "id": cert_id,
            "title": definition.title,
            "issued_date": issued_date,
            "valid_until": valid_until,
        },
        "courses": req.courses,
    }
    try:
        wording = render(definition.wording, context)
    except TemplateError as exc:
        raise CertificateWriteError(
            f"Todistuksen {definition.id} tekstipohjaa ei voitu muodostaa: {exc}"
        ) from exc
    signer_name, signer_title = _signer(organisation.data)
    manual_note = None
    if req.manual_reason is not None:
        manual_note = f"Myönnetty ylläpitäjän päätöksellä lähikoulutuksen perusteella (ylläpitäjä {req.actor})."
    view = CertificateView(
        cert_id=cert_id,
        organisation=organisation.name,
        title=definition.title,
        person_name=person.name,
        wording=wording,
        courses=tuple(f"{c['title']} (versio {c['version']})" for c in req.courses),
        issued_date=issued_date,
        valid_until=valid_until,
        signer_name=signer_name,
        signer_title=signer_title,
        key_id=key.key_id,
        manual_note=manual_note,
        compact=compact(data, signature),
        qr_text=qr_text(cert_id, signature, organisation.verification_url),
        issued_at=now,
        verification_url=organisation.verification_url,
    )
    row = {
        "id": cert_id,
        "login": person.login,
        "definition_id": definition.id,
        "payload": data.decode("utf-8"),
        "signature": signature_b64(signature),
        "key_id": key.key_id,
        "issued_at": iso(now),
        "expires_at": iso(expires),
        "pdf_path": "",  # the store says where it keeps the PDF
        "issued_by": req.actor if req.manual_reason is not None else None,
        "manual_reason": req.manual_reason,
        "request_id": req.request_id,
        "attempt_ids": req.attempt_ids,
    }
    return row, view


def _signer(organisation: dict[str, Any]) -> tuple[str, str]:
    """(name, title) of the signer: the head of communications from the contacts."""
    contacts = [c for c in organisation.get("contacts") or [] if isinstance(c, dict)]
    chosen = next(
        (c for c in contacts if "viestintäpäällikkö" in str(c.get("title", "")).lower()),
        contacts[0] if contacts else None,
    )
    if not chosen:
        return "Viestintäyksikkö", ""
    title = str(chosen.get("title", ""))
    return str(chosen.get("name", "")), title[:1].upper() + title[1:]


def _write_failed(exc: OSError) -> CertificateWriteError:
    """The Finnish error for a PDF that could not be written (nothing was issued)."""
    if exc.filename:  # name the folder or file, so that the person knows what to fix
        return CertificateWriteError(
            f"Todistuksen tallennus epäonnistui: kohteeseen {exc.filename} ei voi kirjoittaa "
            f"({exc.strerror or exc}). {_RETRY}"
        )
    return CertificateWriteError(
        f"Todistuksen tallennus epäonnistui: {exc.strerror or exc}. {_RETRY}"
    )
