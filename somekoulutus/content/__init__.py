"""Course content: models, loading with line-precise validation, Jinja2 rendering.

`load_content` is imported on first use (PEP 562): the loader pulls in PyYAML and Jinja2,
and a command that only needs the models (`somekoulutus certs verify`) does without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from somekoulutus.content.errors import ContentError, Issue

if TYPE_CHECKING:
    from somekoulutus.content.loader import load_content

__all__ = ["ContentError", "Issue", "load_content"]


def __getattr__(name: str) -> Any:
    if name == "load_content":
        from somekoulutus.content.loader import load_content

        globals()[name] = load_content
        return load_content
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
