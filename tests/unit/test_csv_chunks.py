"""The streamed CSV export takes a quick way for plain rows: it must write exactly what the
csv module writes from `safe_cell` of every cell, whatever the cells hold."""

from __future__ import annotations

import csv
import io
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from somekoulutus import csvexport
from somekoulutus.csvexport import csv_chunks, csv_text, safe_cell
from somekoulutus.safetext import visible

COLUMNS = [(f"k{i}", f"Sarake {i}") for i in range(4)]


def reference(rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([key for key, _ in COLUMNS])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


# Characters that matter to a spreadsheet, a terminal or the csv module, and plain ones.
TRICKY = "=+-@\t\r\n,\" '\x00\x1b\x7f\x85\xa0\u061c\u200b\u202e\u2028\u2066\ufeffäÖ€aZ09/:"
cell = st.one_of(
    st.none(),
    st.integers(),
    st.text(alphabet=TRICKY, max_size=6),
    st.text(max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(cell, min_size=4, max_size=4), max_size=12))
def test_chunks_equal_the_csv_module_on_safe_cells(rows: list[list[object]]) -> None:
    expected = reference(rows)
    assert "".join(csv_chunks(rows, COLUMNS)) == expected
    dicts = [{key: v for (key, _), v in zip(COLUMNS, row, strict=True)} for row in rows]
    assert csv_text(dicts, COLUMNS) == expected


def test_everything_visible_changes_is_non_printable() -> None:
    # The quick way trusts str.isprintable() to find every character visible() escapes.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char == "\t" or visible(char, keep_newlines=True) != char:
            assert not char.isprintable(), hex(code)


def test_chunks_hold_a_bounded_number_of_rows(monkeypatch) -> None:
    monkeypatch.setattr(csvexport, "ROWS_PER_CHUNK", 10)
    rows = ([f"SK-{i}", "=x" if i % 3 else "y", None, i] for i in range(95))
    chunks = list(csv_chunks(rows, COLUMNS))
    assert [c.count("\n") for c in chunks] == [10] * 9 + [6]  # the header is in the first
