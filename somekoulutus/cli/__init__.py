"""The command line: `somekoulutus` (the TUI) and its subcommands. Thin over the domain."""

from __future__ import annotations

import gc

# Importing makes many objects and almost no garbage, yet the collector walks the growing
# heap again and again meanwhile (~5 ms of a command's start). It is off while this module
# and a command's module are imported, and on again before any command runs.
_GC_WAS_ENABLED = gc.isenabled()
gc.disable()

import importlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

from somekoulutus.cli import finnish  # noqa: E402
from somekoulutus.cli.context import AppContext, pass_app  # noqa: E402

# Click's own texts (usage, help headings, usage errors) in Finnish.
finnish.install()
OPTIONS_METAVAR = "[VALINNAT]"
SUBCOMMAND_METAVAR = "KOMENTO [ARGUMENTIT]..."

# Subcommand name -> "module:attribute". A command's module is imported only when that
# command runs (or help lists them all): the app itself, started without a command, needs
# none of them, and they pull in the certificate, PDF and signing code.
COMMANDS = {
    "admins": "somekoulutus.cli.admins:admins_group",
    "audit-log": "somekoulutus.cli.auditlog:audit_log",
    "certs": "somekoulutus.cli.certs:certs_group",
    "channels": "somekoulutus.cli.channels:channels_group",
    "exam": "somekoulutus.cli.exam:exam_group",
    "export": "somekoulutus.cli.export:export_group",
    "db": "somekoulutus.cli.db:db_group",
    "holds": "somekoulutus.cli.holds:holds_group",
    "issuer": "somekoulutus.cli.issuer:issuer_group",
    "items": "somekoulutus.cli.items:items_group",
    "keys": "somekoulutus.cli.keys:keys_group",
    "rights": "somekoulutus.cli.rights:rights_group",
    "validate": "somekoulutus.cli.validate:validate",
}


# What `somekoulutus --help` lists beside each command, so that help imports none of them
# (a test keeps each equal to the first paragraph of the command's own help).
SHORT_HELP = {
    "admins": "Ylläpitäjät: lisää, poista ja listaa (config.yaml).",
    "audit-log": "Näytä tapahtumaloki: kuka teki mitä, milloin ja miksi.",
    "certs": "Todistukset: listaa, näytä, tarkista, mitätöi ja myönnä.",
    "channels": "Viestinnän rekisteröimät some-tilit.",
    "db": "PostgreSQL-rekisteri: luonti, päivitys, tila ja käyttäjät.",
    "exam": "Kokeen suunnittelu kurssin laatijoille.",
    "export": "Kurssin kysymykset muihin järjestelmiin (Moodle).",
    "holds": "Estot: mitätöinnin jälkeen uutta todistusta ei myönnetä ennen eston poistoa.",
    "issuer": "Todistusten myöntäjäpalvelu (organisaation rekisteri).",
    "items": "Kysymysten tilastot (ylläpitäjille).",
    "keys": "Todistusten allekirjoitusavain.",
    "rights": "Oikeudet tileihin: myönnä, poista, listaa ja tarkasta.",
    "validate": "Tarkista kurssi- ja todistuskansiot; virheet muodossa TIEDOSTO:RIVI:SARAKE.",
}

DATA_DIR_HELP = "Tietokansio (oletus: SOMEKOULUTUS_HOME tai käyttäjän datakansio)."


class LazyGroup(click.Group):
    """A group whose subcommands in `COMMANDS` are imported on first use.

    Its `main` (the console script and CliRunner both call it) shows everything printed
    with control characters made visible, and ends any failure the commands did not turn
    into a message with a Finnish one and exit code 1 or 2, never a traceback.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with _collector_paused():
            from somekoulutus.safetext import visible_streams
            from somekoulutus.store import db

        db.set_wait_notice(lambda message: click.echo(message, err=True))
        with visible_streams():
            try:
                return super().main(*args, **kwargs)
            except Exception as exc:
                if os.environ.get("SOMEKOULUTUS_DEBUG") or not kwargs.get("standalone_mode", True):
                    raise
                from somekoulutus.failures import last_resort

                message, code = last_resort(exc)
                click.echo(message, err=True)
                sys.exit(code)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from `SHORT_HELP`: no command module is imported for help."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                # A command missing from SHORT_HELP is imported: listed right, just slower.
                text = SHORT_HELP.get(name)
                command = click.Command(name, help=text) if text else self.get_command(ctx, name)
            if command is None:
                continue
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Komennot"):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            with _collector_paused():
                command = getattr(importlib.import_module(module), attribute)
            _add_data_dir_option(command)
            _finnish_metavars(command)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off for a block of imports (and back as it was)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _add_data_dir_option(command: click.Command) -> None:
    """Give a command and every command under it `--data-dir` (DESIGN §6).

    `somekoulutus certs list --data-dir X` then means `somekoulutus --data-dir X certs list`:
    the option only sets the run's data dir, which AppContext resolves on first use, after
    every option has been read.
    """
    command.params.append(
        click.Option(
            ["--data-dir"],
            type=click.Path(file_okay=False),
            expose_value=False,
            is_eager=True,
            callback=_set_data_dir,
            help=DATA_DIR_HELP,
        )
    )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _add_data_dir_option(sub)


def _finnish_metavars(command: click.Command) -> None:
    """Usage lines in Finnish: [VALINNAT] and KOMENTO for click's [OPTIONS] and COMMAND."""
    command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            _finnish_metavars(sub)


def _set_data_dir(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(AppContext).choose_data_dir(value)


def skip_exit_collection() -> None:
    """Call when the app has ended: the interpreter's last garbage collection is skipped.

    At exit Python walks every object of the ~800 loaded modules once more (~0.1 s, a
    noticeable pause after quitting); moving them to the permanent generation skips that.
    Nothing is lost: the process ends right after.
    """
    gc.freeze()


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar="[KOMENTO] [ARGUMENTIT]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--data-dir", type=click.Path(file_okay=False), help=DATA_DIR_HELP)
@click.option(
    "--courses",
    type=click.Path(file_okay=False),
    help="Sisältökansio (oletus: SOMEKOULUTUS_COURSES tai mukana tuleva sisältö).",
)
@click.option(
    "--database",
    metavar="DSN",
    help="Organisaation rekisteri PostgreSQL-yhteysmerkkijonona, esimerkiksi "
    "postgresql:///somekoulutus (oletus: SOMEKOULUTUS_DATABASE, asetustiedoston database "
    "tai oma paikallinen tietokanta).",
)
@click.pass_context
def main(
    ctx: click.Context, data_dir: str | None, courses: str | None, database: str | None
) -> None:
    """Somekoulutus: sosiaalisen median ohjeen koulutus ja todistukset.

    Ilman komentoa käynnistyy sovellus.
    """
    app = ctx.ensure_object(AppContext)
    app.configure(data_dir, courses, database)
    if ctx.invoked_subcommand is None:
        from somekoulutus.tui.run import run_tui

        code = run_tui(app)
        skip_exit_collection()
        ctx.exit(code)


__all__ = ["COMMANDS", "SHORT_HELP", "main", "pass_app", "skip_exit_collection"]

if _GC_WAS_ENABLED:
    gc.enable()
