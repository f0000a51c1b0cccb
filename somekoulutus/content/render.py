"""Jinja2 rendering of lesson bodies and certificate wording, sandboxed and strict."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The one Jinja2 environment: sandboxed, undefined names are errors, no autoescape."""
    # Autoescape is off because output is Markdown or plain text, never HTML; callers
    # escape for their own medium (Rich markup, reportlab paragraphs).
    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


def render(template: str, context: dict[str, Any]) -> str:
    """Render a template string with the given context."""
    return environment().from_string(template).render(**context)
