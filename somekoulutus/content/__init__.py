"""Course content: models, loading with line-precise validation, Jinja2 rendering."""

from somekoulutus.content.errors import ContentError, Issue
from somekoulutus.content.loader import load_content

__all__ = ["ContentError", "Issue", "load_content"]
