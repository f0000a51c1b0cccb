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


#: A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """The file could not be written; the message is Finnish."""


def safe_cell(value: Any) -> str:
    """A value as text for a spreadsheet cell.

    A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
    carriage return) gets a leading quote; control characters other than a newline are
    shown as escapes (somekoulutus.safetext), so the file is safe to print as well.
    """
    text = "" if value is None else str(value)
    if text[:1] in _FORMULA_STARTS:
        text = "'" + text
    return visible(text, keep_newlines=True).replace("\t", "\\x09")


#: A streamed export writes this many rows at a time: one write per row costs more than the
#: rest of the row's work, and memory stays that of a few hundred rows.
ROWS_PER_CHUNK = 500


def _plain_line(values: Sequence[Any]) -> str | None:
    """The CSV line of a row (no line end) when every cell is plain: printable, no comma,
    quote or formula start. Then `safe_cell` changes nothing and the csv module would only
    join the cells with commas. None when any cell may need care.

    Every character `visible` changes (controls, format characters, surrogates), the tab,
    the carriage return and the line feed are non-printable, so a printable line has none;
    a formula's first character shows as the line's first or one after a comma. Any doubt
    (a non-breaking space, a ",-" inside a cell) only sends the row the exact way.
    """
    cells = ["" if v is None else v if type(v) is str else str(v) for v in values]
    line = ",".join(cells)
    if (
        line.isprintable()
        and line.count(",") == len(cells) - 1
        and '"' not in line
        and line[:1] not in _FORMULA_STARTS
        and ",=" not in line
        and ",+" not in line
        and ",-" not in line
        and ",@" not in line
    ):
        return line
    return None


def csv_chunks(rows: Iterable[dict[str, Any] | Sequence[Any]], columns: Columns) -> Iterator[str]:
    """The header line of the column keys, then the rows as CSV, `ROWS_PER_CHUNK` lines
    at a time as the rows come (a registry of a million is written with memory for a few
    hundred rows). A row is a dict by column key or a sequence in column order. Each cell
    goes through `safe_cell`; the text is what the csv module writes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [key for key, _ in columns]
    writer.writerow(keys)
    lines = [out.getvalue()[:-1]]
    for row in rows:
        values = [row.get(key) for key in keys] if isinstance(row, dict) else row
        line = _plain_line(values)
        if line is None:
            out.seek(0)
            out.truncate()
            writer.writerow([safe_cell(v) for v in values])
            line = out.getvalue()[:-1]
        lines.append(line)
        if len(lines) >= ROWS_PER_CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def csv_text(rows: Iterable[dict[str, Any]], columns: Columns) -> str:
    """Rows as CSV with a header line of the column keys."""
    return "".join(csv_chunks(rows, columns))


def write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: Columns) -> tuple[Path, int]:
    """Write rows to `path` atomically (UTF-8 with BOM so that Excel reads ä and ö), as they
    come; (the path written, how many rows)."""
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
        count = 0

        def counted() -> Iterator[dict[str, Any]]:
            nonlocal count
            for row in rows:
                count += 1
                yield row

        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            for chunk in csv_chunks(counted(), columns):
                fh.write(chunk)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"Tiedostoa {path} ei voi kirjoittaa: {exc.strerror}.") from exc
    except BaseException:  # the rows' source failed (a busy database): no half-written file
        Path(tmp).unlink(missing_ok=True)
        raise
    return path, count
