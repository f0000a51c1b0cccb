"""`somekoulutus channels add|list|set-contact`: the accounts registered with communications."""

from __future__ import annotations

from dataclasses import asdict

import click

from somekoulutus import channels as domain
from somekoulutus.cli.admin_common import content_of, emit, format_option, guarded, require
from somekoulutus.cli.context import AppContext, pass_app

COLUMNS = (
    ("id", "Tili"),
    ("kind", "Tyyppi"),
    ("platform", "Palvelu"),
    ("unit", "Yksikkö"),
    ("contact_login", "Yhteyshenkilö"),
    ("main_users", "Pääkäyttäjiä"),
    ("url", "Osoite"),
)


@click.group("channels")
def channels_group() -> None:
    """Viestinnän rekisteröimät some-tilit."""


@channels_group.command("add")
@click.argument("channel_id", metavar="ID")
@click.option("--platform", required=True, help="Palvelu, esimerkiksi Instagram.")
@click.option("--url", required=True, help="Tilin osoite (https://...).")
@click.option("--unit", required=True, help="Yksikkö, jonka tili on.")
@click.option("--contact", required=True, metavar="LOGIN", help="Yhteyshenkilön käyttäjätunnus.")
@pass_app
@guarded
def add(app: AppContext, channel_id: str, platform: str, url: str, unit: str, contact: str) -> None:
    """Rekisteröi yksikön oma tili."""
    require(app)
    info = domain.add_channel(
        app.store(), content_of(app), app.actor, channel_id, platform, url, unit, contact
    )
    click.echo(f"Tili {info.id} on rekisterissä; yhteyshenkilö {contact}.")


@channels_group.command("set-contact")
@click.argument("channel_id", metavar="ID")
@click.argument("login")
@pass_app
@guarded
def set_contact(app: AppContext, channel_id: str, login: str) -> None:
    """Nimeä tilin yhteyshenkilö (kaupungin ja yksiköiden tileille)."""
    require(app)
    domain.set_contact(app.store(), content_of(app), app.actor, channel_id, login)
    click.echo(f"Tilin {channel_id} yhteyshenkilö on nyt {login}.")


@channels_group.command("list")
@format_option("table", "csv", "json")
@pass_app
@guarded
def list_channels(app: AppContext, fmt: str) -> None:
    """Listaa tilit: kaupungin tilit (organisation.yaml) ja yksiköiden omat tilit."""
    require(app)
    rows = [asdict(c) for c in domain.all_channels(app.store(), content_of(app))]
    emit(rows, COLUMNS, fmt)
