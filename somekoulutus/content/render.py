"""Jinja2 rendering of lesson bodies and certificate wording, sandboxed and strict."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

# What makes a text a template for our environment: its block, variable and comment starts
# (no line statements are configured). Jinja also turns "\r\n" into "\n", hence the "\r".
_MARKERS = ("{{", "{%", "{#", "\r")


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The one Jinja2 environment: sandboxed, undefined names are errors, no autoescape."""
    # Autoescape is off because output is Markdown or plain text, never HTML; callers
    # escape for their own medium (Rich markup, reportlab paragraphs).
    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


@lru_cache(maxsize=512)
def _compiled(template: str) -> Template:
    # The validator's trial render and every later render of the same text share one
    # compilation; compiling is most of a render's cost.
    return environment().from_string(template)


def render(template: str, context: dict[str, Any]) -> str:
    """Render a template string with the given context."""
    if not any(marker in template for marker in _MARKERS):
        # Plain text renders to itself: skip compiling it.
        return template
    return _compiled(template).render(**context)
