"""The command line: `somekoulutus` (the TUI) and its subcommands. Thin over the domain."""

from __future__ import annotations

import click

from somekoulutus.cli.context import AppContext, pass_app


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir", type=click.Path(file_okay=False), help="Data folder (SOMEKOULUTUS_HOME)."
)
@click.option(
    "--courses", type=click.Path(file_okay=False), help="Content folder (SOMEKOULUTUS_COURSES)."
)
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, courses: str | None) -> None:
    """Somekoulutus: social media guideline training and certificates. Without a command, start the app."""
    app = ctx.ensure_object(AppContext)
    app.configure(data_dir, courses)
    if ctx.invoked_subcommand is None:
        from somekoulutus.tui.run import run_tui

        ctx.exit(run_tui(app))


__all__ = ["main", "pass_app"]

from somekoulutus.cli.admins import admins_group  # noqa: E402
from somekoulutus.cli.auditlog import audit_log  # noqa: E402
from somekoulutus.cli.channels import channels_group  # noqa: E402

main.add_command(admins_group)
main.add_command(channels_group)
main.add_command(audit_log)
from somekoulutus.cli.validate import validate  # noqa: E402

main.add_command(validate)
from somekoulutus.cli.rights import rights_group  # noqa: E402

main.add_command(rights_group)
from somekoulutus.cli.certs import certs_group  # noqa: E402

main.add_command(certs_group)
from somekoulutus.cli.keys import keys_group  # noqa: E402

main.add_command(keys_group)
