"""`somekoulutus keys export-public`: the issuer's public key for verifying certificates elsewhere."""

from __future__ import annotations

import click

from somekoulutus.certs.keys import KeyFileError, issuer_key, public_pem, rotate
from somekoulutus.cli.admin_common import fail
from somekoulutus.cli.context import AppContext, pass_app


@click.group("keys")
def keys_group() -> None:
    """Todistusten allekirjoitusavain."""


@keys_group.command("export-public")
@pass_app
def export_public(app: AppContext) -> None:
    """Tulosta myöntäjän julkinen avain (PEM); se luodaan, jos sitä ei vielä ole."""
    try:
        key = issuer_key(app.data())
    except (KeyFileError, OSError) as exc:
        fail(
            str(exc)
            if isinstance(exc, KeyFileError)
            else f"Avainta ei voitu lukea tai luoda: {exc.strerror or exc}.",
            1,
        )
        return
    click.echo(public_pem(key.public), nl=False)


@keys_group.command("rotate")
@pass_app
def rotate_cmd(app: AppContext) -> None:
    """Ota käyttöön uusi allekirjoitusavain; vanhalla allekirjoitetut todistukset pysyvät
    voimassa (vanha julkinen avain säilyy). Käynnistä myöntäjäpalvelu uudelleen."""
    try:
        old, new = rotate(app.data())
    except (KeyFileError, OSError) as exc:
        fail(f"Avainta ei voitu vaihtaa: {exc}", 1)
        return
    before = f" (vanha avain {old} säilyy todistusten tarkistamista varten)" if old else ""
    click.echo(f"Uusi allekirjoitusavain {new} on käytössä{before}.")
