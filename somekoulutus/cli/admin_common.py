"""What the admin commands share: the admin check, Finnish errors, and table/csv/json output."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

import click

from somekoulutus.admins import AdminChangeRefused, NotAdmin, require_admin
from somekoulutus.channels import ChannelInputError, ChannelRefused
from somekoulutus.cli.context import AppContext
from somekoulutus.content import ContentError, load_content
from somekoulutus.content.models import Content
from somekoulutus.csvexport import Columns, csv_text
from somekoulutus.store import DatabaseBusy

BUSY_MESSAGE = (
    "Tietokanta on juuri nyt varattu toisen käyttäjän työhön. Yritä hetken kuluttua uudelleen."
)


def fail(message: str, code: int = 1) -> None:
    """Print a message on stderr and end the command with `code`."""
    click.echo(message, err=True)
    raise click.exceptions.Exit(code)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the domain's refusals into Finnish messages on stderr with exit codes (1 or 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (NotAdmin, AdminChangeRefused, ChannelRefused) as exc:
            fail(str(exc), 1)
        except ChannelInputError as exc:
            fail(str(exc), 2)
        except DatabaseBusy:
            fail(BUSY_MESSAGE, 1)

    return wrapper


def require(app: AppContext) -> None:
    """The admin check every admin command starts with (raises NotAdmin)."""
    assert app.login is not None
    require_admin(app.data(), app.login)


def content_of(app: AppContext) -> Content:
    """The course content; exit 2 with the problems when it does not load."""
    assert app.courses_dir is not None and app.certificates_dir is not None
    try:
        return load_content(app.courses_dir, app.certificates_dir)
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
    cells += [["" if row.get(k) is None else str(row.get(k)) for k, _ in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def emit(rows: Sequence[dict[str, Any]], columns: Columns, fmt: str) -> None:
    """Print rows as table, csv or json."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(csv_text(rows, columns), nl=False)
    else:
        click.echo(table_text(rows, columns))
