"""`somekoulutus db import-sqlite`: an embedded registry into the organisation's registry.
Run by the database owner (it writes tables directly)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from somekoulutus import settings
from somekoulutus.cli.admin_common import fail, guarded
from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.store import StoreError


def _owner_connection(app: AppContext) -> Any:
    """A plain connection to the registry as the database owner."""
    import psycopg

    from somekoulutus.store.postgres.errors import connect_error

    dsn = settings.database_dsn(app.database_option, None)
    if not dsn:
        fail(
            "Anna organisaation rekisterin yhteys: --database DSN tai ympäristömuuttuja "
            "SOMEKOULUTUS_DATABASE.",
            2,
        )
    try:
        return psycopg.connect(dsn, connect_timeout=10)
    except psycopg.Error as exc:
        fail(str(connect_error(dsn, exc)), 1)


@click.command("import-sqlite")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@pass_app
@guarded
def import_sqlite(app: AppContext, path: Path) -> None:
    """Siirrä paikallinen tietokanta (kansio tai somekoulutus.db) rekisteriin tunnukset ja
    allekirjoitukset säilyttäen."""
    from somekoulutus.certs.keys import load_issuer_key, public_pem
    from somekoulutus.store.postgres.importer import import_sqlite as run_import

    db_file = settings.db_path(path) if path.is_dir() else path
    data_dir = db_file.parent
    if not db_file.is_file():
        fail(f"Kansiossa {path} ei ole tietokantaa {settings.DB_NAME}.", 2)
    key = load_issuer_key(data_dir)
    keys = [(key.key_id, public_pem(key.public))] if key else []
    tty = sys.stderr.isatty()

    def progress(table: str, count: int) -> None:
        if tty:
            click.echo(f"\r{table}: {count} riviä", err=True, nl=False)

    with _owner_connection(app) as raw:
        try:
            counts = run_import(raw, db_file, keys, progress)
        except StoreError as exc:
            fail(str(exc), 1)
    if tty:
        click.echo("", err=True)
    total = sum(counts.values())
    click.echo(f"Siirretty {total} riviä tiedostosta {db_file}:")
    for table, count in counts.items():
        click.echo(f"  {table}: {count}")
