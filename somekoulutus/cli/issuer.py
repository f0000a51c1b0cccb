"""`somekoulutus issuer run [--once]`: the service that alone holds the signing key."""

from __future__ import annotations

from pathlib import Path

import click

from somekoulutus.certs.issuer import Outcome, process_pending, publish_key
from somekoulutus.cli.admin_common import content_of, fail, guarded
from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.store import StoreError

#: Between notifications the queue is still checked this often (a missed NOTIFY is harmless).
POLL_SECONDS = 30.0


@click.group("issuer")
def issuer_group() -> None:
    """Todistusten myöntäjäpalvelu (organisaation rekisteri)."""


@issuer_group.command("run")
@click.option("--once", is_flag=True, help="Käsittele jono kerran ja lopeta (cron, testit).")
@click.option(
    "--key-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Kansio, jossa myöntäjän yksityinen avain on (oletus: tietokansio).",
)
@pass_app
@guarded
def run(app: AppContext, once: bool, key_dir: Path | None) -> None:
    """Myönnä todistukset hyväksytyistä suorituksista: tarkistaa, allekirjoittaa ja tallentaa."""
    content = content_of(app)
    store = app.store()
    folder = key_dir or app.data()
    try:
        key_id = publish_key(store, folder)
        click.echo(f"Myöntäjäpalvelu käynnissä (avain {key_id}).", err=True)
        while True:
            process_pending(store, content, folder, _report)
            if once:
                return
            store.wait_for_attempts(POLL_SECONDS)
    except StoreError as exc:
        fail(str(exc), 1)
    except KeyboardInterrupt:
        click.echo("Myöntäjäpalvelu pysäytetty.", err=True)


def _report(outcome: Outcome) -> None:
    if outcome.refused:
        click.echo(
            f"Suoritus {outcome.attempt_id} ({outcome.login}) hylätty: {outcome.refused}", err=True
        )
    for record in outcome.issued:
        click.echo(f"Myönnetty {record.id} henkilölle {outcome.login} ({record.title}).")
