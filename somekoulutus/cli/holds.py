"""`somekoulutus holds list|lift`: revocation holds, lifted only by an admin."""

from __future__ import annotations

import click

from somekoulutus import holds as domain
from somekoulutus.cli.admin_common import emit, fail, format_option, guarded, require
from somekoulutus.cli.context import AppContext, pass_app

COLUMNS = (
    ("login", "Tunnus"),
    ("definition", "Todistus"),
    ("certificate", "Mitätöity todistus"),
    ("placed_at", "Asetettu"),
    ("placed_by", "Asettaja"),
    ("reason", "Syy"),
)


@click.group("holds")
def holds_group() -> None:
    """Estot: mitätöinnin jälkeen uutta todistusta ei myönnetä ennen eston poistoa."""


@holds_group.command("list")
@format_option("table", "csv", "json")
@pass_app
@guarded
def list_cmd(app: AppContext, fmt: str) -> None:
    """Listaa voimassa olevat estot (vanhin ensin)."""
    require(app)
    emit(domain.list_holds(app.store()), COLUMNS, fmt)


@holds_group.command("lift")
@click.argument("login")
@click.argument("definition")
@click.option("--reason", required=True, metavar="TEXT", help="Miksi esto poistetaan.")
@pass_app
@guarded
def lift_cmd(app: AppContext, login: str, definition: str, reason: str) -> None:
    """Poista esto: henkilö voi taas saada todistuksen (kirjataan lokiin)."""
    require(app)
    try:
        domain.lift(app.store(), app.actor, login, definition, reason)
    except domain.HoldError as exc:
        fail(str(exc), 1)
    click.echo(f"Esto poistettu: {login} voi taas saada todistuksen {definition}.")
