"""Everything the CLI prints goes through here: nothing raw from people or files.

`visible_streams()` wraps stdout and stderr for one run so that any text — ours, click's
usage errors that quote an argument, a domain message that names a login — reaches the
terminal with control characters shown as escapes (somekoulutus.safetext). Table cells
and labelled values are made visible one by one as well, so that a newline in a name
cannot break a table's lines.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from somekoulutus.safetext import visible


class VisibleWriter(io.TextIOBase):
    """A text stream that writes to another with control characters made visible."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: str) -> int:  # type: ignore[override]
        if not isinstance(text, str):
            raise TypeError("text only")
        self.inner.write(visible(text, keep_newlines=True))
        return len(text)

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)


@contextmanager
def visible_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr made visible-only for the duration."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, VisibleWriter):
        sys.stdout = VisibleWriter(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, VisibleWriter):
        sys.stderr = VisibleWriter(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        sys.stdout, sys.stderr = saved


def cell(value: Any) -> str:
    """One table cell or labelled value: a single line, nothing raw."""
    return visible("" if value is None else value)
