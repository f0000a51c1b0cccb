"""The attempt policy is a domain rule on the embedded store too: three tries, then a wait."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from somekoulutus import progress
from somekoulutus.store.people import Person

from .conftest import course_for, read_all


def test_a_fourth_attempt_waits_and_then_opens(conn, bundled_content) -> None:
    course = course_for(bundled_content)
    policy = progress.course_policy(bundled_content, course)
    assert policy is not None and policy.attempts == 3
    conn.save_person(Person("matti", "Matti", "matti@ylojarvi.fi", "Kirjasto", "tyontekija"))
    read_all(conn, "matti", course)
    now = datetime.now(UTC)
    for n in range(policy.attempts):
        attempt = progress.attempt_for(conn, "matti", course, random.Random(n), policy, now)
        conn.finish_attempt(attempt.id, 0.0, False)  # failed
    with pytest.raises(progress.QuizLocked, match="Voit yrittää uudelleen"):
        progress.attempt_for(conn, "matti", course, random.Random(9), policy, now)
    later = now + timedelta(hours=policy.wait_hours, minutes=1)
    assert progress.attempt_for(conn, "matti", course, random.Random(9), policy, later)
