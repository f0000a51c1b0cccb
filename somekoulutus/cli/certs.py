"""`somekoulutus certs list|show|verify|revoke|issue`: the certificate registry.

`verify` is for anyone; the others are admin commands.
"""

from __future__ import annotations

import json
import operator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from somekoulutus import certs
from somekoulutus.certs import ids
from somekoulutus.certs.payload import finnish_date, is_qr_text, parse_time
from somekoulutus.certs.registry import LIST_STATUSES, status_fi
from somekoulutus.certs.verify import registry_keys
from somekoulutus.cli.admin_common import content_of, emit, emit_stream, fail, guarded, require
from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.cli.output import cell
from somekoulutus.safetext import json_text

NAME_WIDTH = 40  # the table shortens longer names; csv and json carry them whole
LIST_COLUMNS = (
    ("id", "Tunnus"),
    ("name", "Nimi"),
    ("login", "Käyttäjätunnus"),
    ("definition", "Todistus"),
    ("issued", "Myönnetty"),
    ("expires", "Voimassa asti"),
    ("status", "Tila"),
)
CSV_COLUMNS = (
    ("id", "tunnus"),
    ("login", "kayttajatunnus"),
    ("name", "nimi"),
    ("email", "sahkoposti"),
    ("unit", "yksikko"),
    ("definition", "todistus"),
    ("issued_at", "myonnetty"),
    ("expires_at", "voimassa_asti"),
    ("status", "tila"),
    ("revoked_at", "mitatoity"),
    ("revoke_reason", "mitatoinnin_syy"),
    ("superseded_by", "korvattu_todistuksella"),
    ("issued_by", "myontanyt_yllapitaja"),
    ("pdf_path", "pdf"),
)
# The ListedCertificate attribute behind each CSV column.
CSV_FIELDS = operator.attrgetter(
    *("definition_id" if key == "definition" else key for key, _ in CSV_COLUMNS)
)


@click.group("certs")
def certs_group() -> None:
    """Todistukset: listaa, näytä, tarkista, mitätöi ja myönnä."""


@certs_group.command("list")
@click.option("--definition", metavar="ID", help="Vain tämän todistuksen haltijat.")
@click.option(
    "--status",
    type=click.Choice(LIST_STATUSES),
    default="all",
    show_default=True,
    help="Voimassa, vanhentuneet, mitätöidyt tai kaikki.",
)
@click.option(
    "--expiring-within",
    type=click.IntRange(min=0, max=36_500),
    metavar="DAYS",
    help="Vain voimassa olevat, jotka vanhenevat näiden päivien sisällä.",
)
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "json")), default="table")
@pass_app
@guarded
def list_cmd(
    app: AppContext, definition: str | None, status: str, expiring_within: int | None, fmt: str
) -> None:
    """Listaa myönnetyt todistukset (ylläpitäjille)."""
    require(app)
    warn = certs.expiry_warning_days(app.data())
    items = certs.list_certificates(
        app.store(),
        definition_id=definition,
        status=status,
        expiring_within=expiring_within,
        warn_days=warn,
    )
    if fmt == "csv":
        # A million rows: written as they come from the registry's cursor, each as a tuple
        # in CSV_COLUMNS order (as_dict's keys are the columns' keys).
        emit_stream(map(CSV_FIELDS, items), CSV_COLUMNS, fmt)
        return
    if fmt == "json":
        emit_stream((item.as_dict() for item in items), LIST_COLUMNS, fmt)
        return
    rows = []
    for item in items:
        row = item.as_dict()
        row["issued"] = finnish_date(parse_time(item.issued_at))
        row["expires"] = finnish_date(parse_time(item.expires_at))
        row["status"] = status_fi(item.status)
        if len(item.name) > NAME_WIDTH:
            row["name"] = item.name[: NAME_WIDTH - 1] + "…"
        rows.append(row)
    if not rows:
        click.echo("Ei todistuksia näillä ehdoilla.")
        return
    emit(rows, LIST_COLUMNS, fmt)


@certs_group.command("show")
@click.argument("cert_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
@pass_app
@guarded
def show(app: AppContext, cert_id: str, fmt: str) -> None:
    """Näytä todistuksen tiedot; json sisältää allekirjoitetun sisällön ja allekirjoituksen."""
    require(app)
    record = certs.get_certificate(app.store(), cert_id)
    if record is None:
        fail(
            f"Todistusta {cert_id} ei ole tässä rekisterissä. Tarkista tunnus (certs list näyttää kaikki).",
            1,
        )
        return
    status = record.status(datetime.now(UTC), certs.expiry_warning_days(app.data()))
    if fmt == "json":
        click.echo(
            json_text(
                {
                    "id": record.id,
                    "login": record.login,
                    "definition": record.definition_id,
                    "title": record.title,
                    "issued_at": record.issued_at.isoformat(),
                    "expires_at": record.expires_at.isoformat(),
                    "status": status,
                    "revoked_at": record.revoked_at.isoformat() if record.revoked_at else None,
                    "revoke_reason": record.revoke_reason,
                    "superseded_by": record.superseded_by,
                    "issued_by": record.issued_by,
                    "manual_reason": record.manual_reason,
                    "pdf_path": str(record.pdf_path),
                    "key_id": record.key_id,
                    "payload": record.payload,
                    "signature": record.signature,
                },
            )
        )
        return
    payload = _payload_of(record.payload)
    lines = _details(payload, record.id)
    lines.append(("Tila", status_fi(status)))
    if record.revoked_at:
        lines.append(
            ("Mitätöity", f"{finnish_date(record.revoked_at)}: {record.revoke_reason or ''}")
        )
    if record.superseded_by:
        lines.append(("Korvattu", record.superseded_by))
    if record.manual_reason:
        lines.append(("Myöntämisen peruste", record.manual_reason))
    lines.append(("PDF", str(record.pdf_path)))
    click.echo(_aligned(lines))


@certs_group.command("verify")
@click.argument("target", metavar="(ID | FILE.pdf)")
@click.option(
    "--public-key",
    "public_keys",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PEM",
    help="Luotetun myöntäjän julkinen avain (voi antaa useita).",
)
@pass_app
@guarded
def verify(app: AppContext, target: str, public_keys: tuple[Path, ...]) -> None:
    """Tarkista todistuksen aitous ja voimassaolo (kuka tahansa voi tarkistaa)."""
    for key in public_keys:
        if not key.is_file():
            fail(f"Julkisen avaimen tiedostoa {key} ei löydy.", 2)
    data = app.data()
    store = app.store() if app.has_registry() else None
    # Keys given on the command line, then those the registry trusts (the organisation's
    # published issuer keys; on the embedded store, its own folder's).
    keys = dict(certs.trusted_keys(None, public_keys))
    keys |= registry_keys(store, data) if store is not None else certs.trusted_keys(data)
    path = Path(target)
    if path.suffix.lower() == ".pdf" or _is_file(path):
        if not _is_file(path):
            fail(f"Tiedostoa {target[:200]} ei löydy.", 2)
        verdict = certs.verify_pdf(path, public_keys=keys, store=store)
    elif is_qr_text(target):
        # What a certificate's QR code holds: the id and the signature, or a verification link.
        if store is None:
            fail(f"Todistus {target} ei kelpaa: tällä koneella ei ole todistusrekisteriä.", 1)
        from_qr = certs.verify_qr(store, data, target, public_keys=keys)
        if from_qr is None:  # is_qr_text accepted it, so this does not happen
            fail(f"Todistus {target[:200]} ei kelpaa: QR-koodin sisältöä ei tunnistettu.", 1)
        verdict = from_qr
    else:
        cert_id = ids.normalise(target)
        if cert_id is None:
            shown = target if len(target) <= 60 else target[:60] + "…"
            if ids.problem(target) == ids.WRONG_CHECK:
                fail(
                    f"Todistus {shown} ei kelpaa: tunnuksen tarkistusmerkki (viimeinen merkki) "
                    "ei täsmää muihin merkkeihin, eli tunnuksessa on kirjoitusvirhe. Tarkista "
                    "tunnuksen merkit todistuksesta.",
                    1,
                )
            fail(
                f"{shown} ei ole todistuksen tunnus (muotoa SK-XXXX-XXXX-X) eikä PDF-tiedosto; "
                "tarkista kirjoitusasu.",
                2,
            )
        if store is None:
            fail(f"Todistus {target} ei kelpaa: tällä koneella ei ole todistusrekisteriä.", 1)
        verdict = certs.verify_record(store, data, cert_id, public_keys=keys)
    if not verdict.ok:
        fail(f"Todistus {verdict.cert_id or target} ei kelpaa: {verdict.reason}", 1)
    payload = verdict.payload or {}
    click.echo("Todistus on aito ja voimassa.")
    click.echo(_aligned(_details(payload, verdict.cert_id or target)))
    for note in verdict.notes:
        click.echo(f"Huom: {note}")


@certs_group.command("revoke")
@click.argument("cert_id", metavar="ID")
@click.option("--reason", required=True, help="Miksi todistus mitätöidään.")
@pass_app
@guarded
def revoke_cmd(app: AppContext, cert_id: str, reason: str) -> None:
    """Mitätöi todistus; siihen perustuvat oikeudet poistetaan samalla (ylläpitäjille)."""
    require(app)
    record = certs.revoke(app.store(), cert_id, actor=app.actor, reason=reason)
    click.echo(
        f"Todistus {record.id} mitätöity. Siihen perustuneet oikeudet tileihin on poistettu."
    )


@certs_group.command("issue")
@click.option("--login", required=True, metavar="L", help="Henkilön käyttäjätunnus.")
@click.option("--definition", required=True, metavar="ID", help="Todistuksen tunnus.")
@click.option("--reason", required=True, help="Peruste, esimerkiksi lähikoulutuksen päivä.")
@click.option("--name", metavar="N", help="Nimi, jos henkilö on uusi.")
@click.option("--email", metavar="E", help="Sähköposti, jos henkilö on uusi.")
@pass_app
@guarded
def issue_cmd(
    app: AppContext,
    login: str,
    definition: str,
    reason: str,
    name: str | None,
    email: str | None,
) -> None:
    """Myönnä todistus lähikoulutuksen perusteella (ylläpitäjille; kirjataan lokiin)."""
    require(app)
    content = content_of(app)
    if definition not in content.certificates:
        known = ", ".join(sorted(content.certificates)) or "ei yhtään"
        fail(f"Tuntematon todistus {definition}. Tunnetut: {known}.", 2)
    record = certs.issue_manual(
        app.store(),
        content,
        app.data(),
        login,
        definition,
        actor=app.actor,
        reason=reason,
        name=name,
        email=email,
    )
    if record is None:
        click.echo(
            f"Pyyntö kirjattu rekisteriin: myöntäjäpalvelu tekee todistuksen ({definition}) "
            f"henkilölle {login}. Se näkyy komennolla 'somekoulutus certs list', kun se on valmis."
        )
        return
    click.echo(
        f"Todistus {record.id} ({record.title}) myönnetty henkilölle {login}. "
        f"Voimassa {finnish_date(record.expires_at)} asti.\nPDF: {record.pdf_path}"
    )


def _is_file(path: Path) -> bool:
    # A name too long for a path (e.g. a pasted blob) is simply not a file.
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _payload_of(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _details(payload: dict[str, Any], cert_id: str) -> list[tuple[str, str]]:
    """The certificate's facts from its signed payload, as (label, value) lines."""

    def date(key: str) -> str:
        try:
            return finnish_date(parse_time(str(payload[key])))
        except (KeyError, ValueError):
            return "?"

    definition = payload.get("definition") or {}
    courses = ", ".join(
        f"{c.get('title', c.get('id'))} (versio {c.get('version')})"
        for c in payload.get("courses") or []
        if isinstance(c, dict)
    )
    lines = [
        ("Tunnus", str(payload.get("id", cert_id))),
        ("Nimi", str(payload.get("name", "?"))),
        ("Käyttäjätunnus", str(payload.get("login", "?"))),
        ("Sähköposti", str(payload.get("email", "?"))),
        ("Todistus", f"{definition.get('title', '?')} ({definition.get('id', '?')})"),
        ("Kurssit", courses or "-"),
        ("Oikeuttaa", ", ".join(payload.get("grants") or []) or "-"),
        ("Myönnetty", date("issued")),
        ("Voimassa", f"{date('expires')} asti"),
        ("Myöntäjä", f"{payload.get('issuer', '?')} (avain {payload.get('key_id', '?')})"),
    ]
    if payload.get("issued_by_admin"):
        lines.append(("Myöntänyt ylläpitäjä", str(payload["issued_by_admin"])))
    return lines


def _aligned(lines: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in lines) + 1
    return "\n".join(f"{(label + ':').ljust(width + 1)}{cell(value)}" for label, value in lines)
