"""`somekoulutus admins add|remove|list`: who may use the admin commands and screens."""

from __future__ import annotations

import click

from somekoulutus import admins as domain
from somekoulutus import settings
from somekoulutus.cli.admin_common import fail, guarded, require
from somekoulutus.cli.context import AppContext, pass_app


@click.group("admins")
def admins_group() -> None:
    """Ylläpitäjät: lisää, poista ja listaa (config.yaml)."""


@admins_group.command("add")
@click.argument("login")
@pass_app
@guarded
def add(app: AppContext, login: str) -> None:
    """Lisää ylläpitäjä. Ensimmäisen voi lisätä kuka tahansa, sen jälkeen vain ylläpitäjä."""
    refusal = settings.login_refusal(login)
    if refusal:
        # Bad input (exit 2), not a refusal: said before the data dir is touched.
        fail(refusal, 2)
    bootstrap = domain.add_admin(app.store(), app.actor, login)
    suffix = " (ensimmäinen ylläpitäjä)" if bootstrap else ""
    click.echo(f"{login} on nyt ylläpitäjä{suffix}.")


@admins_group.command("remove")
@click.argument("login")
@pass_app
@guarded
def remove(app: AppContext, login: str) -> None:
    """Poista ylläpitäjä (viimeistä ei voi poistaa)."""
    domain.remove_admin(app.store(), app.actor, login)
    click.echo(f"{login} ei ole enää ylläpitäjä.")


@admins_group.command("list")
@pass_app
@guarded
def list_admins(app: AppContext) -> None:
    """Listaa ylläpitäjät."""
    require(app)
    for login in domain.admins(app.store()):
        click.echo(login)
