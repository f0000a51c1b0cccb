"""The server functions, installed (CREATE OR REPLACE) on every `db init` and `db upgrade`."""

from __future__ import annotations

#: The modules whose SQL strings define the functions, in installation order.
_PARTS: list[str] = []


def install_sql() -> str:
    """One script that (re)creates every server function."""
    return "\n".join(_PARTS) or "SELECT 1"
