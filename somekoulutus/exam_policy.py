"""The attempt policy of a certificate definition as the learner meets it. Pure: no I/O.

A definition may say `attempt_policy: {attempts: N, wait_hours: H}`: a person gets N tries
at a course's quiz, then waits H hours after the last of them, then gets N more; a passed
attempt starts the count afresh (only attempts started after the person's last pass
count). The rule itself is `somekoulutus.store.postgres.policy.next_attempt_at`, the
reference the server's SQL function is tested against, so both backends follow one rule;
this module gives it the shape the store and the TUI use, with the Finnish text for people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from somekoulutus.certs.payload import finnish_date, helsinki
from somekoulutus.content.models import AttemptPolicy
from somekoulutus.store.postgres.policy import next_attempt_at


def next_attempt_opens(
    attempt_times: Iterable[datetime], policy: AttemptPolicy | None, now: datetime
) -> datetime | None:
    """When the next attempt opens, or None when one may start now.

    `attempt_times`: the start times of the attempts that count, those after the person's
    last passed attempt (in any order). No policy: never a wait.
    """
    if policy is None:
        return None
    opens = next_attempt_at(sorted(attempt_times), policy.attempts, policy.wait_hours, now)
    return opens if opens > now else None


def finnish_moment(moment: datetime) -> str:
    """d.m.yyyy klo h.mm in Finnish time (an aware time; a naive one is taken as it is)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(helsinki())
    return f"{finnish_date(moment)} klo {moment.hour}.{moment.minute:02d}"


def wait_reason(policy: AttemptPolicy, opens: datetime) -> str:
    """Why a new attempt cannot start yet, and when it can, for the learner (Finnish)."""
    used = (
        "Olet käyttänyt yrityskertasi"
        if policy.attempts == 1
        else f"Olet käyttänyt kaikki {policy.attempts} yrityskertaa"
    )
    return f"{used}. Voit yrittää uudelleen {finnish_moment(opens)}."


def policy_text(policy: AttemptPolicy) -> str:
    """The policy in one sentence, to show before an attempt (Finnish)."""
    times = "kerran" if policy.attempts == 1 else f"{policy.attempts} kertaa"
    hours = f"{policy.wait_hours:g}".replace(".", ",")
    unit = "tunti" if policy.wait_hours == 1 else "tuntia"
    return f"Koetta voi yrittää {times}, sitten on odotettava {hours} {unit} ennen seuraavia yrityksiä."
