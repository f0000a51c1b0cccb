"""What the commands share: the admin check, Finnish errors, and table/csv/json output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from somekoulutus.cli.context import AppContext
from somekoulutus.cli.output import cell
from somekoulutus.safetext import json_text

if TYPE_CHECKING:
    from somekoulutus.content.models import Content
    from somekoulutus.csvexport import Columns

T = TypeVar("T")

# The domain modules are imported when a command needs them (`somekoulutus certs verify`
# needs neither the content loader nor the rights gate), so a command starts fast.


@functools.cache
def _exception_kinds() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(refusals, bad input): the domain's exceptions carry the Finnish message for people;
    only the exit code differs. A busy database is a refusal for now (exit 1): trying again
    later may work."""
    from somekoulutus.admins import AdminChangeRefused, NotAdmin
    from somekoulutus.certs import CertificateError
    from somekoulutus.certs.keys import KeyFileError
    from somekoulutus.channels import ChannelInputError, ChannelRefused
    from somekoulutus.rights import RightsInputError, RightsRefused
    from somekoulutus.settings import ConfigError
    from somekoulutus.store import StoreError

    refusals = (NotAdmin, AdminChangeRefused, ChannelRefused, RightsRefused, CertificateError)
    bad_input = (ChannelInputError, RightsInputError, KeyFileError, ConfigError)
    return (*refusals, StoreError), bad_input


def __getattr__(name: str) -> Any:
    # REFUSALS and BAD_INPUT, as before, resolved on first use.
    if name == "REFUSALS":
        return _exception_kinds()[0]
    if name == "BAD_INPUT":
        return _exception_kinds()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a message on stderr and end the command with `code`."""
    click.echo(message, err=True)
    raise click.exceptions.Exit(code)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """End the command with the domain exception's Finnish text on stderr, not a traceback.

    `REFUSALS` exit 1 and `BAD_INPUT` exit 2 (DESIGN §6).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            refusals, bad_input = _exception_kinds()
            if isinstance(exc, refusals):
                fail(str(exc), 1)
            if isinstance(exc, bad_input):
                fail(str(exc), 2)
            raise

    return wrapper


def require(app: AppContext) -> str:
    """The admin check every admin command starts with (raises NotAdmin); the admin's login."""
    from somekoulutus.admins import require_admin

    require_admin(app.store(), app.actor)
    return app.actor


def content_of(app: AppContext) -> Content:
    """The course content; exit 2 with the problems when it does not load."""
    from somekoulutus.content import ContentError
    from somekoulutus.content.cache import load_content_cached

    assert app.courses_dir is not None and app.certificates_dir is not None
    try:
        return load_content_cached(app.courses_dir, app.certificates_dir)
    except ContentError as exc:
        fail(f"Kurssisisältöä ei voitu lukea:\n{exc}", 2)
        raise  # unreachable: fail() always raises


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The --format option with the given choices (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Tulostusmuoto.",
    )


def table_text(rows: Sequence[dict[str, Any]], columns: Columns) -> str:
    """Rows as an aligned plain-text table with Finnish headers."""
    cells = [[header for _, header in columns]]
    cells += [[cell(row.get(k)) for k, _ in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


#: A long export says how far it is on a terminal every this many rows.
PROGRESS_EVERY = 2000


def _with_progress(rows: Iterable[T]) -> Iterator[T]:
    """The rows, counted on stderr when it is a terminal (the output itself is unchanged)."""
    if not sys.stderr.isatty():
        yield from rows
        return
    count = 0
    for row in rows:
        yield row
        count += 1
        if count % PROGRESS_EVERY == 0:
            click.echo(f"\rViety {count} riviä…", err=True, nl=False)
    if count >= PROGRESS_EVERY:
        click.echo(f"\rViety {count} riviä.  ", err=True)


def emit_stream(rows: Iterable[dict[str, Any] | Sequence[Any]], columns: Columns, fmt: str) -> None:
    """Print rows as csv or json as they come, never holding them all (the output is the same
    as `emit`'s): csv a few hundred rows at a time (csvexport.ROWS_PER_CHUNK), json row by
    row. A csv row may be a sequence in column order. On a terminal, stderr tells how many
    rows are out."""
    counted = _with_progress(rows)
    if fmt == "csv":
        from somekoulutus.csvexport import csv_chunks  # the csv module: csv output only

        for chunk in csv_chunks(counted, columns):
            click.echo(chunk, nl=False)
        return
    if fmt != "json":
        raise ValueError(fmt)
    first = True
    for row in counted:
        # json_text escapes newlines inside strings, so indenting its lines is safe.
        item = "\n".join("  " + part for part in json_text(row).split("\n"))
        click.echo(("[\n" if first else ",\n") + item, nl=False)
        first = False
    click.echo("[]" if first else "\n]")


def emit(rows: Sequence[dict[str, Any]], columns: Columns, fmt: str) -> None:
    """Print rows as table, csv or json."""
    if fmt == "json":
        click.echo(json_text(list(rows)))
    elif fmt == "csv":
        from somekoulutus.csvexport import csv_text  # the csv module: csv output only

        click.echo(csv_text(rows, columns), nl=False)
    else:
        click.echo(table_text(rows, columns))
