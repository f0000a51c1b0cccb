"""The attempt policy as a pure rule: the Python reference of the server's _next_attempt_at.

A certificate definition may say `attempt_policy: {attempts: N, wait_hours: H}`: a person
gets N tries of a course's quiz, then waits H hours after the start of the last of them, then
gets N more. A passed attempt starts the count afresh (only attempts started after the
person's last pass count). Pure (no I/O): the embedded store can use it as it is, and the
PostgreSQL tests hold the SQL function to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta


def next_attempt_at(
    started: Sequence[datetime], attempts: int | None, wait_hours: float, now: datetime
) -> datetime:
    """When the next attempt may start (`now` when at once).

    `started`: start times of the attempts that count, oldest first.
    """
    if attempts is None:
        return now
    in_round = 0
    last = None
    for moment in started:
        if in_round >= attempts:
            in_round = 0
        in_round += 1
        last = moment
    if in_round < attempts or last is None:
        return now
    return max(now, last + timedelta(hours=wait_hours))
