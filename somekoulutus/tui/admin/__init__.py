"""Admin screens of the TUI: shown only to admins (checked through `admins.require_admin`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from somekoulutus.content.models import Content
from somekoulutus.store.base import Store
from somekoulutus.tui.admin.access import admin_now
from somekoulutus.tui.admin.screen import AdminScreen

__all__ = ["AdminScreen", "open_admin"]


def open_admin(
    app: App[Any],
    conn: Store,
    content: Content,
    data_dir: Path,
    login: str,
    now: Callable[[], datetime],
) -> bool:
    """Push the admin screen if `login` is an admin now; otherwise say why. True if opened."""
    if not admin_now(app, conn, login):
        return False
    app.push_screen(AdminScreen(conn, content, data_dir, login, now))
    return True
