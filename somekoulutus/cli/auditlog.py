"""`somekoulutus audit-log`: the append-only log of who did what, when and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import click

from somekoulutus.auditlog import ORDER_NOTE, log_cells, pages
from somekoulutus.cli.admin_common import emit, emit_stream, fail, format_option, guarded, require
from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.store.base import Store

COLUMNS = (
    ("at", "Aika"),
    ("actor", "Tekijä"),
    ("action", "Toiminto"),
    ("target", "Kohde"),
    ("details", "Tiedot"),
)


PAGE = 1000


def log_rows(store: Store, since: str | None = None) -> Iterator[dict[str, Any]]:
    """Audit log entries as dicts with `details` decoded, newest first, as they come."""
    for r in pages(store, since, PAGE):
        yield {
            "at": r["at"],
            "actor": r["actor"],
            "action": r["action"],
            "target": r["target"],
            "details": json.loads(r["details"]),
        }


@click.command("audit-log")
@click.option("--since", metavar="DATE", help="Vain tästä päivästä (VVVV-KK-PP) alkaen.")
@format_option("text", "csv", "json")
@pass_app
@guarded
def audit_log(app: AppContext, since: str | None, fmt: str) -> None:
    """Näytä tapahtumaloki: kuka teki mitä, milloin ja miksi.

    Uusin tapahtuma ensin kaikissa muodoissa. Tekstimuodossa ajat ovat Suomen aikaa ja
    toiminnot suomeksi, kuten ylläpitonäkymässä; csv ja json antavat ajat ISO 8601
    -muodossa UTC-aikana ja toiminnot koodeina koneen luettaviksi.
    """
    require(app)
    if since is not None:
        try:
            since = date.fromisoformat(since).isoformat()
        except ValueError:
            fail(f"Päivämäärä '{since}' ei kelpaa: anna se muodossa VVVV-KK-PP.", 2)
    if fmt == "text":
        # As the admin screen shows them: Finnish time, Finnish action names and details.
        entries = pages(app.store(), since, PAGE)
        rows = [
            dict(zip((k for k, _ in COLUMNS), log_cells(dict(e)), strict=True)) for e in entries
        ]
        click.echo(ORDER_NOTE)
        emit(rows, COLUMNS, "table")
        return
    decoded = log_rows(app.store(), since)
    if fmt == "json":
        emit_stream(decoded, COLUMNS, "json")
        return

    def flat(row: dict[str, Any]) -> dict[str, Any]:
        row["details"] = ", ".join(f"{k}={v}" for k, v in row["details"].items())
        return row

    emit_stream(map(flat, decoded), COLUMNS, "csv")
