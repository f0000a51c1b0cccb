"""The command line: `somekoulutus` (the TUI) and its subcommands. Thin over the domain."""

from __future__ import annotations

import click

from somekoulutus.cli.context import AppContext, pass_app


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    help="Tietokansio (oletus: SOMEKOULUTUS_HOME tai käyttäjän datakansio).",
)
@click.option(
    "--courses",
    type=click.Path(file_okay=False),
    help="Sisältökansio (oletus: SOMEKOULUTUS_COURSES tai mukana tuleva sisältö).",
)
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, courses: str | None) -> None:
    """Somekoulutus: sosiaalisen median ohjeen koulutus ja todistukset.

    Ilman komentoa käynnistyy sovellus.
    """
    app = ctx.ensure_object(AppContext)
    app.configure(data_dir, courses)
    if ctx.invoked_subcommand is None:
        from somekoulutus.tui.run import run_tui

        ctx.exit(run_tui(app))


__all__ = ["main", "pass_app"]

# The command modules come after `main` so that each can be read on its own; they only need
# the shared helpers, not this module.
from somekoulutus.cli.admins import admins_group  # noqa: E402
from somekoulutus.cli.auditlog import audit_log  # noqa: E402
from somekoulutus.cli.certs import certs_group  # noqa: E402
from somekoulutus.cli.channels import channels_group  # noqa: E402
from somekoulutus.cli.keys import keys_group  # noqa: E402
from somekoulutus.cli.rights import rights_group  # noqa: E402
from somekoulutus.cli.validate import validate  # noqa: E402

main.add_command(admins_group)
main.add_command(channels_group)
main.add_command(audit_log)
main.add_command(validate)
main.add_command(rights_group)
main.add_command(certs_group)
main.add_command(keys_group)
