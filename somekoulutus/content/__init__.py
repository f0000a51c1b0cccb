"""Course content: models, loading with line-precise validation, Jinja2 rendering.

`load_content`, `ContentError` and `Issue` are imported on first use (PEP 562): the loader
pulls in PyYAML and Jinja2, and a command that only needs the models (`somekoulutus certs
verify`) does without them; the app's start, which reads the content from the cache, needs
the error classes only when the content is broken.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from somekoulutus.content.errors import ContentError, Issue
    from somekoulutus.content.loader import load_content

__all__ = ["ContentError", "Issue", "load_content"]

# Name -> the module of this package that defines it.
_LAZY = {"ContentError": "errors", "Issue": "errors", "load_content": "loader"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
