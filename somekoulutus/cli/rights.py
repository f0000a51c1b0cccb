"""`somekoulutus rights grant|withdraw|list|audit`: the gate and its audit."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from somekoulutus import rights as domain
from somekoulutus import rights_audit
from somekoulutus.certs import STATUS_FI, expiry_warning_days
from somekoulutus.certs.payload import finnish_date
from somekoulutus.cli.admin_common import content_of, emit, fail, format_option, guarded, require
from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.content.models import RIGHTS
from somekoulutus.safetext import json_text

COLUMNS = (
    ("channel", "Tili"),
    ("role", "Rooli"),
    ("login", "Tunnus"),
    ("name", "Nimi"),
    ("unit", "Yksikkö"),
    ("certificate", "Todistus"),
    ("certificate_status", "Tila"),
    ("granted_at", "Myönnetty"),
)
WITHDRAWN_COLUMNS = (
    *COLUMNS,
    ("withdrawn_at", "Poistettu"),
    ("withdraw_reason", "Syy"),
)

role_option = click.option(
    "--role",
    type=click.Choice(RIGHTS),
    default="sisallontuottaja",
    show_default=True,
    help="sisallontuottaja tai paakayttaja.",
)


@click.group("rights")
def rights_group() -> None:
    """Oikeudet tileihin: myönnä, poista, listaa ja tarkasta."""


@rights_group.command("grant")
@click.argument("login")
@click.option("--channel", required=True, metavar="CH", help="Tilin tunnus.")
@role_option
@pass_app
@guarded
def grant(app: AppContext, login: str, channel: str, role: str) -> None:
    """Myönnä oikeus: vain voimassa olevan todistuksen haltijalle."""
    require(app)
    decision = domain.grant(
        app.store(), content_of(app), app.data(), app.actor, login, channel, role
    )
    if not decision.ok:
        fail(f"Oikeutta ei myönnetty: {decision.reason}", 1)
    click.echo(
        f"Myönnetty: {login} on tilin {channel} {domain.ROLE_LABELS[role]}. {decision.reason}"
    )


@rights_group.command("withdraw")
@click.argument("login")
@click.option("--channel", required=True, metavar="CH", help="Tilin tunnus.")
@click.option("--reason", required=True, help="Miksi oikeus poistetaan.")
@click.option("--role", type=click.Choice(RIGHTS), help="Vain tämä rooli (oletus: kaikki).")
@pass_app
@guarded
def withdraw(app: AppContext, login: str, channel: str, reason: str, role: str | None) -> None:
    """Poista henkilön oikeudet tiliin."""
    require(app)
    count = domain.withdraw(app.store(), app.actor, login, channel, reason, role)
    rights = "1 oikeus" if count == 1 else f"{count} oikeutta"
    click.echo(f"Poistettu {rights}: {login}, tili {channel}.")


@rights_group.command("list")
@click.option("--channel", metavar="CH", help="Vain tämän tilin oikeudet.")
@click.option("--all", "include_withdrawn", is_flag=True, help="Myös poistetut oikeudet.")
@format_option("table", "csv", "json")
@pass_app
@guarded
def list_rights(app: AppContext, channel: str | None, include_withdrawn: bool, fmt: str) -> None:
    """Listaa oikeudet tileittäin."""
    require(app)
    warn = expiry_warning_days(app.data())
    rows = domain.list_rights(app.store(), channel, include_withdrawn, warn_days=warn)
    if fmt == "table":  # for people: Finnish words and dates; csv and json keep the keys
        rows = [_for_people(r) for r in rows]
    emit(rows, WITHDRAWN_COLUMNS if include_withdrawn else COLUMNS, fmt)


def _for_people(row: dict[str, Any]) -> dict[str, Any]:
    return row | {
        "role": domain.ROLE_LABELS[row["role"]],
        "certificate_status": STATUS_FI.get(row["certificate_status"], ""),
        "granted_at": finnish_date(row["granted_at"]),
        "withdrawn_at": finnish_date(row["withdrawn_at"]),
    }


@rights_group.command("audit")
@click.option(
    "--within",
    type=click.IntRange(min=0, max=36_500),
    metavar="DAYS",
    help="Varoita todistuksista, jotka vanhenevat näin monen päivän sisällä "
    "(oletus: config.yaml:n expiry_warning_days, muuten 30).",
)
@format_option("text", "json")
@pass_app
@guarded
def audit(app: AppContext, within: int | None, fmt: str) -> None:
    """Tarkasta oikeudet ja tilit; poistumiskoodi 1, jos löytyy huomautettavaa."""
    require(app)
    warn = expiry_warning_days(app.data()) if within is None else within
    findings = rights_audit.audit(app.store(), content_of(app), warn)
    if fmt == "json":
        click.echo(json_text([asdict(f) for f in findings]))
    elif findings:
        for finding in findings:
            click.echo(finding.message)
        click.echo(f"\nHuomautuksia: {len(findings)}.")
    else:
        click.echo("Ei huomautettavaa: oikeudet ja tilit ovat kunnossa.")
    if findings:
        raise click.exceptions.Exit(1)
