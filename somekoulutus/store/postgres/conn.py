"""psycopg connections that run the shared SQL: `?` and `:name` placeholders, rows that index
by position and by name, and Finnish messages for connection failures."""

from __future__ import annotations

import queue
import re
import threading
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
    """The rows of a server-side cursor: the first page at once, then the next page is
    fetched by a helper thread while the caller works through the current one (the server
    and the network work while the caller formats rows; at most two pages are held)."""

    def __init__(self, cur: psycopg.ServerCursor[Any], first_page: int) -> None:
        self.cur = cur
        self.first_page = first_page

    def __iter__(self) -> Iterator[Any]:
        rows = self.cur.fetchmany(self.first_page)
        yield from rows
        if len(rows) < self.first_page:
            return
        pages: queue.Queue[list[Any] | BaseException] = queue.Queue(maxsize=1)
        stop = threading.Event()

        def fetch() -> None:
            try:
                while not stop.is_set():
                    page = self.cur.fetchmany(self.cur.itersize)
                    pages.put(page)
                    if len(page) < self.cur.itersize:
                        return
            except BaseException as exc:  # handed to the reader, which raises it
                pages.put(exc)

        helper = threading.Thread(target=fetch, name="somekoulutus-stream", daemon=True)
        helper.start()
        try:
            while True:
                page = pages.get()
                if isinstance(page, BaseException):
                    raise page
                yield from page
                if len(page) < self.cur.itersize:
                    return
        finally:
            # Abandoned or done: the helper puts at most one more page; take it so that it
            # ends, and wait for it before the connection is used again.
            stop.set()
            while helper.is_alive():
                try:
                    pages.get(timeout=0.05)
                except queue.Empty:
                    pass
            helper.join()

    def fetchone(self) -> Any:
        return self.cur.fetchone()

    def fetchall(self) -> list[Any]:
        return self.cur.fetchall()


def _params(parameters: Any) -> Any:
    if isinstance(parameters, list):
        return tuple(parameters)
    return parameters
