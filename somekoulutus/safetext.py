"""Showing text that came from a person or a file: control characters made visible.

A learner's name, a revocation reason, a unit name or a file's content can carry terminal
escape sequences (ESC, CSI, OSC), C1 controls, bidirectional overrides or lone surrogates.
Printed raw they recolour, rewrite or hide lines on an admin's terminal, set its title, or
make the output unencodable. The faces (CLI, TUI, exports) pass such text through here at
the point of output; the domain keeps the text as it was given.

- `visible(text)`: one line for a table cell or a label; every control character, including
  newline and tab, is shown as an escape like ``\\x1b``; format characters that reorder or
  hide text as ``\\u202e``; a lone surrogate as U+FFFD.
- `visible(text, keep_newlines=True)`: the same, but newlines (and tabs) stay, for whole
  messages and multi-line output.
- `visible_streams()`: stdout and stderr made visible for a run of the CLI, so that any
  text — ours, click's usage errors quoting an argument — is shown this way.
- `json_text(data)`: JSON whose strings carry such characters as ``\\uXXXX`` escapes (the
  same data, nothing raw on a terminal).
"""

from __future__ import annotations

import functools
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 controls, DEL and C1 controls; format characters that reorder or hide text (bidi
# embeddings, overrides and isolates, marks, line/paragraph separators, zero-width
# joiners and the BOM); lone surrogates. Every one of them is non-printable for
# `str.isprintable`, so text that is printable needs no pattern at all (most text).
_BIDI_AND_FORMAT = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
UNSAFE = f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_FORMAT}\ud800-\udfff]"
UNSAFE_KEEP_LINES = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_AND_FORMAT}\ud800-\udfff]"
JSON_UNSAFE = f"[\x7f-\x9f{_BIDI_AND_FORMAT}\ud800-\udfff]"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # Compiled on first use: the three classes together take ~4 ms to compile, paid by
    # every start of the app and the CLI otherwise.
    return re.compile(pattern)


REPLACEMENT = "\ufffd"


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: object, *, keep_newlines: bool = False) -> str:
    """`text` (any value, as str) with control and reordering characters shown as escapes."""
    value = "" if text is None else str(text)
    if value.isprintable():
        return value
    return _compiled(UNSAFE_KEEP_LINES if keep_newlines else UNSAFE).sub(_shown, value)


def is_clean(text: str, *, keep_newlines: bool = False) -> bool:
    """True when `visible` would leave `text` as it is."""
    if text.isprintable():
        return True
    return _compiled(UNSAFE_KEEP_LINES if keep_newlines else UNSAFE).search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON (UTF-8 letters kept) with no raw control or reordering character."""
    # json escapes C0 controls itself; DEL, C1, bidi controls and lone surrogates it leaves
    # raw with ensure_ascii=False. Their \\uXXXX escapes decode to the same data.
    import json  # here: the app's start (which imports this module) writes no JSON

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if text.isprintable():
        return text
    return _compiled(JSON_UNSAFE).sub(_json_escape, text)


def without_surrogates(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD (so that it can be encoded)."""
    return re.sub("[\ud800-\udfff]", REPLACEMENT, text)


def input_problem(text: str, *, max_length: int, multiline: bool = False) -> str | None:
    """Why a person's text cannot be saved as it is (Finnish, without the label), or None.

    For names, reasons and units: not longer than `max_length`, no control or reordering
    characters (a reason may have line breaks when `multiline`), no broken characters (a
    lone surrogate, e.g. from a command-line argument that was not UTF-8).
    """
    if len(text) > max_length:
        return f"on liian pitkä ({len(text)} merkkiä, enintään {max_length})"
    if re.search("[\ud800-\udfff]", text):
        return "sisältää rikkinäisen merkin (teksti ei ole UTF-8:aa); kirjoita se uudelleen"
    if not is_clean(text, keep_newlines=multiline):
        return "sisältää ohjausmerkkejä (esimerkiksi päätteen ohjaussarjan); poista ne"
    return None


class VisibleWriter(io.TextIOBase):
    """A text stream that writes to another with control characters made visible."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: str) -> int:
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
    def encoding(self) -> str:  # type: ignore[override]  # typeshed: a plain attribute
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]  # typeshed: a plain attribute
        return getattr(self.inner, "errors", None)


@contextmanager
def visible_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr made visible-only for the duration."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, VisibleWriter):
        sys.stdout = VisibleWriter(sys.stdout)
    if not isinstance(sys.stderr, VisibleWriter):
        sys.stderr = VisibleWriter(sys.stderr)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        sys.stdout, sys.stderr = saved
