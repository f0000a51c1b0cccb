"""Wait until the app is still: messages handled and every worker finished, its result shown."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed


async def settle(pilot: Pilot) -> None:
    """Handle pending messages, wait for every worker, then handle what their results posted.

    The admin tabs read the registry in workers (after a pause in typing), so a test that
    pressed a key waits here, not a fixed time. A cancelled or failed worker is done too:
    the failure shows up in what the test then asserts (a notice, the app's exit).
    """
    await pilot.pause()
    for _ in range(50):  # a finished read may start the next (the log's next page)
        running = [w for w in pilot.app.workers if not w.is_finished]
        if not running:
            return
        for worker in running:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass
        await pilot.pause()
    raise AssertionError("workers kept starting: the app never came to rest")
