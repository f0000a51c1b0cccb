"""CSV for people's spreadsheets: the CLI's `--format csv` and the admin screens' export."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from somekoulutus.safetext import visible

Columns = Sequence[tuple[str, str]]  # (key in the row dict, Finnish header)


class ExportError(Exception):
    """The file could not be written; the message is Finnish."""


def safe_cell(value: Any) -> str:
    """A value as text for a spreadsheet cell.

    A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
    carriage return) gets a leading quote; control characters other than a newline are
    shown as escapes (somekoulutus.safetext), so the file is safe to print as well.
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return visible(text, keep_newlines=True).replace("\t", "\\x09")


def csv_lines(rows: Iterable[dict[str, Any]], columns: Columns) -> Iterator[str]:
    """The header line of the column keys, then one CSV line per row as the rows come (a
    registry of a million is written with memory for one row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def line(cells: list[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(cells)
        return out.getvalue()

    yield line([key for key, _ in columns])
    for row in rows:
        yield line([safe_cell(row.get(key)) for key, _ in columns])


def csv_text(rows: Iterable[dict[str, Any]], columns: Columns) -> str:
    """Rows as CSV with a header line of the column keys."""
    return "".join(csv_lines(rows, columns))


def write_csv(path: Path, rows: Sequence[dict[str, Any]], columns: Columns) -> Path:
    """Write rows to `path` atomically (UTF-8 with BOM so that Excel reads ä and ö)."""
    path = path.expanduser()
    if path.is_dir():
        raise ExportError(
            f"{path} on kansio: anna tiedoston nimi, esimerkiksi {path / 'vienti.csv'}."
        )
    if not path.parent.is_dir():
        raise ExportError(f"Kansiota {path.parent} ei ole olemassa.")
    import tempfile  # here: most commands never write a file

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vienti-", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"Kansioon {path.parent} ei voi kirjoittaa: {exc.strerror}.") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(csv_text(rows, columns))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"Tiedostoa {path} ei voi kirjoittaa: {exc.strerror}.") from exc
    return path
