"""Making the certificate shows progress while it runs, and the outcome when done."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import ProgressBar

from somekoulutus.tui import app as app_module
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.result import ResultScreen

from .test_snapshots import LOGIN, finish_attempt


class HeldApp(SomeApp):
    """The real app, whose certificate step waits until the test lets it go on."""

    CSS_PATH = Path(app_module.__file__).parent / "app.tcss"
    go_on = threading.Event()

    def issue_certificates(self):
        self.go_on.wait(10)
        return super().issue_certificates()


async def test_certificate_progress_is_shown_until_the_certificate_is_made(
    data_dir, fixture_content
):
    finish_attempt(data_dir, fixture_content, right=True)
    app = HeldApp(data_dir=data_dir, login=LOGIN, content=fixture_content)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen) and screen.result.passed
        bar = screen.query_one("#certificate-progress", ProgressBar)
        status = screen.query_one("#certificate-status")
        assert bar.display and bar.region.height > 0
        assert "Todistusta tehdään" in status.render().plain
        app.go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not bar.display
        assert "Todistus: Harjoitustodistus" in status.render().plain
