"""`somekoulutus db init|upgrade|status|enrol`: set up the PostgreSQL registry (its owner runs these)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click

from somekoulutus.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    import psycopg

DATABASE_HELP = (
    "PostgreSQL-rekisterin osoite (libpq), esimerkiksi postgresql:///somekoulutus "
    "(oletus: SOMEKOULUTUS_DATABASE)."
)

database_option = click.option(
    "--database",
    "dsn",
    envvar="SOMEKOULUTUS_DATABASE",
    metavar="DSN",
    help=DATABASE_HELP,
)


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(code)


def _with_registry(dsn: str | None, action: Callable[[psycopg.Connection[Any]], None]) -> None:
    """Connect to the DSN, run `action(conn)`, and turn every database failure into one
    Finnish line on stderr and a non-zero exit."""
    import psycopg

    from somekoulutus.store.postgres import setup
    from somekoulutus.store.postgres.errors import RegistryError, connection_message

    if not dsn:
        _fail(
            "Anna rekisterin osoite: --database DSN tai ympäristömuuttuja "
            "SOMEKOULUTUS_DATABASE (esimerkiksi postgresql:///somekoulutus).",
            2,
        )
    try:
        with setup.connect(dsn, autocommit=True) as conn:
            action(conn)
    except RegistryError as exc:
        _fail(str(exc))
    except psycopg.OperationalError as exc:
        # The connection was lost on the way (server stopped or restarted).
        _fail(connection_message(exc, dsn))
    except psycopg.errors.InsufficientPrivilege as exc:
        _fail(
            f"Tunnuksellasi ei ole oikeutta tähän ({exc.diag.message_primary}). Aja komento "
            "rekisterin omistajan tunnuksella."
        )
    except psycopg.Error as exc:
        detail = exc.diag.message_primary if exc.diag else None
        _fail(f"Tietokanta kieltäytyi: {detail or exc}")


def _registry_command(func: Callable[..., None]) -> Callable[..., None]:
    """A command run on a registry connection (see _with_registry)."""

    @functools.wraps(func)
    def wrapper(dsn: str | None, **kwargs: Any) -> None:
        _with_registry(dsn, lambda conn: func(conn, **kwargs))

    return wrapper


@click.group("db")
def db_group() -> None:
    """PostgreSQL-rekisteri: luonti, päivitys, tila ja käyttäjät.

    Komennot ajaa tietokannan omistaja. Jokaisen voi ajaa uudelleen turvallisesti.
    """


@db_group.command("init")
@database_option
@_registry_command
def init(conn: psycopg.Connection[Any]) -> None:
    """Luo rekisteri: skeema somekoulutus, taulut, roolit ja oikeudet.

    Luo myös ryhmäroolit somekoulutus_learner, somekoulutus_admin ja somekoulutus_issuer.
    Olemassa oleva rekisteri päivitetään ohjelman versioon.
    """
    from somekoulutus.store.postgres import setup

    before, after = setup.init(conn)
    if before.version is None:
        click.echo(f"Rekisteri luotu (rakenteen versio {after.version}).")
    elif before.version != after.version:
        click.echo(f"Rekisteri päivitetty versiosta {before.version} versioon {after.version}.")
    else:
        click.echo(
            f"Rekisteri oli jo olemassa (rakenteen versio {after.version}); oikeudet päivitetty."
        )


@db_group.command("upgrade")
@database_option
@_registry_command
def upgrade(conn: psycopg.Connection[Any]) -> None:
    """Päivitä rekisterin rakenne tämän ohjelman versioon (numeroidut muutokset)."""
    from somekoulutus.store.postgres import setup

    before, after = setup.upgrade(conn)
    if before.version != after.version:
        click.echo(f"Rekisteri päivitetty versiosta {before.version} versioon {after.version}.")
    else:
        click.echo(f"Rekisteri oli jo ajan tasalla (rakenteen versio {after.version}).")


@db_group.command("status")
@database_option
@_registry_command
def status(conn: psycopg.Connection[Any]) -> None:
    """Näytä rekisterin rakenteen versio ja sopiiko se tälle ohjelmalle.

    Paluuarvo on 0, kun versio on sama kuin ohjelman, muuten 1.
    """
    from somekoulutus.store.postgres import setup

    found = setup.status(conn)
    if found.state != "current":
        _fail(found.message())
    click.echo(found.message())


@db_group.command("enrol")
@click.argument("logins", nargs=-1, required=True, metavar="TUNNUS...")
@click.option("--admin", is_flag=True, help="Tee tunnuksista myös ylläpitäjiä.")
@click.option(
    "--issuer", is_flag=True, help="Tunnus on myöntäjäpalvelun palvelutunnus (ei opiskelija)."
)
@database_option
@_registry_command
def enrol(
    conn: psycopg.Connection[Any], logins: tuple[str, ...], admin: bool, issuer: bool
) -> None:
    """Lisää käyttäjät rekisteriin: luo puuttuvat kirjautumisroolit ja anna jäsenyydet.

    Paikallisella pistokkeella (peer-tunnistus) käyttöjärjestelmän tunnus on sama kuin
    tietokannan rooli.
    """
    from somekoulutus.store.postgres import setup

    for done in setup.enrol(conn, logins, admin=admin, issuer=issuer):
        what = (
            "myöntäjäpalvelu"
            if issuer
            else ("ylläpitäjä ja opiskelija" if done.admin else "opiskelija")
        )
        new = "uusi tunnus" if done.created else "tunnus oli jo olemassa"
        click.echo(f"{done.login}: {new}, {what}.")


@db_group.command("publish")
@click.option(
    "--draws",
    type=click.IntRange(1, 10_000),
    default=200,
    show_default=True,
    help="Montako valmiiksi arvottua koetta kullekin kurssiversiolle tallennetaan.",
)
@database_option
@pass_app
def publish(app: AppContext, dsn: str | None, draws: int) -> None:
    """Julkaise kurssit ja todistusmääritykset rekisteriin.

    Sisältö tarkistetaan ensin. Julkaistua kurssiversiota ei voi muuttaa: nosta kurssin
    versionumeroa, kun muutat sitä. Jo julkaistut ohitetaan.
    """
    from somekoulutus.cli.admin_common import content_of
    from somekoulutus.quiz import publish_drawer
    from somekoulutus.store.postgres import publish as publishing
    from somekoulutus.store.postgres import setup

    content = content_of(app)

    def run(conn: psycopg.Connection[Any]) -> None:
        setup.require_current(conn)
        done = publishing.publish_content(conn, content, publish_drawer, draws=draws)
        for item in done.new:
            click.echo(f"{item}: julkaistu.")
        for item in done.unchanged:
            click.echo(f"{item}: oli jo julkaistu.")

    _with_registry(dsn, run)


def _register_import() -> None:
    from somekoulutus.cli.db_content import import_sqlite

    db_group.add_command(import_sqlite, "import-sqlite")


_register_import()
