"""The attempt policy as the learner meets it: when the next attempt opens, and why not now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from somekoulutus.content.models import AttemptPolicy
from somekoulutus.exam_policy import next_attempt_opens, policy_text, wait_reason

T0 = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
THREE = AttemptPolicy(3, 24.0)


def _at(*hours: float) -> list[datetime]:
    return [T0 + timedelta(hours=h) for h in hours]


def test_three_attempts_then_a_day():
    assert next_attempt_opens([], THREE, T0) is None
    assert next_attempt_opens(_at(0, 1), THREE, T0 + timedelta(hours=2)) is None
    # The third attempt closes the round: the next opens 24 h after it.
    opens = next_attempt_opens(_at(0, 1, 2), THREE, T0 + timedelta(hours=3))
    assert opens == T0 + timedelta(hours=26)
    # Exactly then, and later, an attempt may start: a new round of three.
    assert next_attempt_opens(_at(0, 1, 2), THREE, T0 + timedelta(hours=26)) is None
    assert next_attempt_opens(_at(0, 1, 2, 30, 31), THREE, T0 + timedelta(hours=32)) is None
    assert next_attempt_opens(_at(0, 1, 2, 30, 31, 32), THREE, T0 + timedelta(hours=33)) == (
        T0 + timedelta(hours=56)
    )


def test_order_of_the_times_does_not_matter_and_no_policy_never_waits():
    assert next_attempt_opens(_at(2, 0, 1), THREE, T0 + timedelta(hours=3)) == T0 + timedelta(
        hours=26
    )
    assert next_attempt_opens(_at(0, 1, 2, 3, 4), None, T0 + timedelta(hours=5)) is None


def test_a_single_attempt_with_a_short_wait():
    policy = AttemptPolicy(1, 0.5)
    assert next_attempt_opens(_at(0), policy, T0 + timedelta(minutes=10)) == T0 + timedelta(
        minutes=30
    )
    assert next_attempt_opens(_at(0), policy, T0 + timedelta(minutes=30)) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 500), max_size=12),
    st.integers(1, 4),
    st.sampled_from((0.5, 1.0, 24.0, 48.0)),
    st.integers(0, 600),
)
def test_the_wait_follows_only_a_full_round(hours, attempts, wait, now_h):
    # A well-behaved history: each attempt starts when the rule allowed it.
    policy = AttemptPolicy(attempts, wait)
    history: list[datetime] = []
    for h in sorted(hours):
        # Never before the previous attempt (which may have waited past this hour).
        moment = max([T0 + timedelta(hours=h), *history[-1:]])
        opens = next_attempt_opens(history, policy, moment)
        history.append(moment if opens is None else opens)
    now = max([T0 + timedelta(hours=now_h), *history])
    opens = next_attempt_opens(history, policy, now)
    full_round = bool(history) and len(history) % attempts == 0
    if opens is not None:
        assert full_round
        assert opens == history[-1] + timedelta(hours=wait) > now
    elif full_round:
        assert now >= history[-1] + timedelta(hours=wait)


def test_finnish_texts():
    opens = datetime(2026, 12, 5, 16, 5, tzinfo=UTC)  # 18.05 in Finnish winter time
    assert wait_reason(THREE, opens) == (
        "Olet käyttänyt kaikki 3 yrityskertaa. Voit yrittää uudelleen 5.12.2026 klo 18.05."
    )
    assert wait_reason(AttemptPolicy(1, 2), opens).startswith("Olet käyttänyt yrityskertasi.")
    assert policy_text(THREE) == (
        "Koetta voi yrittää 3 kertaa, sitten on odotettava 24 tuntia ennen seuraavia yrityksiä."
    )
    assert policy_text(AttemptPolicy(1, 1.5)) == (
        "Koetta voi yrittää kerran, sitten on odotettava 1,5 tuntia ennen seuraavia yrityksiä."
    )
