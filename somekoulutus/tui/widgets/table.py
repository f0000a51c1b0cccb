"""Tables of people's text: every cell shown literally, columns as wide as their cells."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from somekoulutus.csvexport import Columns
from somekoulutus.safetext import visible


def cell(value: Any) -> Text:
    """One cell: people's text is shown literally, never parsed as markup."""
    return Text(visible(value), no_wrap=True)


def fill(table: DataTable[Any], columns: Columns, rows: list[tuple[str, list[Any]]]) -> None:
    """Replace a table's rows, with columns as wide as their widest cell.

    The widths are set here rather than measured by the table later: a DataTable that is
    drawn before it measures new rows keeps drawing them cut to the old widths.
    """
    cells = [(key, [cell(v) for v in values]) for key, values in rows]
    table.clear(columns=True)
    for i, (_, header) in enumerate(columns):
        width = max([len(header), *(row[i].cell_len for _, row in cells)])
        table.add_column(header, width=width)
    for key, row in cells:
        table.add_row(*row, key=key)
