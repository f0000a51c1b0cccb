"""The click side of the run context: `pass_app` hands each command the `AppContext`."""

from __future__ import annotations

import click

from somekoulutus.appcontext import AppContext

pass_app = click.make_pass_decorator(AppContext, ensure=True)

__all__ = ["AppContext", "pass_app"]
