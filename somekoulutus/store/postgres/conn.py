"""psycopg connections that run the shared SQL: `?` and `:name` placeholders, rows that index
by position and by name, and Finnish messages for connection failures."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

_PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)|\?|%")


def translate(sql: str) -> str:
    """SQLite-style placeholders as psycopg's: `?` -> `%s`, `:name` -> `%(name)s`.

    A `::cast` is left alone and a literal `%` is doubled, so the same SQL text runs on both
    backends. The shared SQL has no `?` or `:word` inside string literals.
    """

    def swap(match: re.Match[str]) -> str:
        if match.group(0) == "?":
            return "%s"
        if match.group(0) == "%":
            return "%%"
        return f"%({match.group(1)})s"

    return _PLACEHOLDER.sub(swap, sql)


class PgRow(tuple[Any, ...]):
    """A row addressable as `row[0]` and `row["column"]`, like sqlite3.Row."""

    _names: tuple[str, ...]
    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: tuple[str, ...], index: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """Column names, as sqlite3.Row.keys()."""
        return list(self._names)


def row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    """psycopg row factory making PgRow objects."""
    names = tuple(c.name for c in cursor.description or ())
    index = {n: i for i, n in enumerate(names)}

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(values, names, index)

    return make


class PgConn:
    """One psycopg connection with the `Conn` interface of the shared SQL."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Any = ()) -> psycopg.Cursor[Any]:
        """Run SQL written for both backends."""
        cur = self.raw.cursor(row_factory=row_factory)
        cur.execute(translate(sql), _params(parameters))
        return cur


class StreamingConn:
    """A connection whose queries stream through a server-side cursor (bounded memory)."""

    def __init__(
        self, raw: psycopg.Connection[Any], itersize: int = 2000, first_page: int = 50
    ) -> None:
        self.raw = raw
        self.itersize = itersize
        self.first_page = first_page
        self._count = 0

    def execute(self, sql: str, parameters: Any = ()) -> _Stream:
        """Run a query whose rows arrive `first_page` first (a screen's worth, soon), then
        `itersize` at a time."""
        self._count += 1
        cur = self.raw.cursor(name=f"stream{self._count}", row_factory=row_factory)
        cur.itersize = self.itersize
        cur.execute(translate(sql), _params(parameters))
        return _Stream(cur, self.first_page)


class _Stream:
    def __init__(self, cur: psycopg.ServerCursor[Any], first_page: int) -> None:
        self.cur = cur
        self.first_page = first_page

    def __iter__(self) -> Iterator[Any]:
        size = self.first_page
        while rows := self.cur.fetchmany(size):
            yield from rows
            if len(rows) < size:
                return
            size = self.cur.itersize

    def fetchone(self) -> Any:
        return self.cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self.cur.fetchall()


def _params(parameters: Any) -> Any:
    if isinstance(parameters, list):
        return tuple(parameters)
    return parameters
