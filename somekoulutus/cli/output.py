"""Table cells and labelled values of the CLI, made visible one by one.

The whole output is made visible by `safetext.visible_streams()` (set up in
`somekoulutus.cli.LazyGroup.main`); cells are made visible on their own as well, so that
a newline in a name cannot break a table's lines.
"""

from __future__ import annotations

from typing import Any

from somekoulutus.safetext import visible


def cell(value: Any) -> str:
    """One table cell or labelled value: a single line, nothing raw."""
    return visible("" if value is None else value)
