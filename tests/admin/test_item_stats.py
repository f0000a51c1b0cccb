"""Item analysis: facility, discrimination (point-biserial against the rest), option shares,
flags once enough people have seen a question; and `items stats` for admins."""

from __future__ import annotations

import json

import pytest

from somekoulutus.item_stats import Answer, item_stats
from somekoulutus.store.people import Person


def answers_for(results: list[tuple[bool, bool]]) -> list[Answer]:
    """One attempt per (q1 right?, q2 right?) pair, each by a different person."""
    out = []
    for n, (first, second) in enumerate(results):
        out.append(Answer(n, f"p{n}", "q1", (0,) if first else (1,), first))
        out.append(Answer(n, f"p{n}", "q2", (0,) if second else (1,), second))
    return out


def test_facility_discrimination_shares_and_flags(content) -> None:
    course = content.courses["perus"]
    # q1 is answered right exactly when q2 is: a perfect correlation with the rest.
    results = [(True, True)] * 20 + [(False, False)] * 20
    q1, q2 = item_stats(course, answers_for(results))
    assert (q1.shown, q1.learners, q1.facility) == (40, 40, 0.5)
    assert q1.discrimination == pytest.approx(1.0)
    assert q1.option_shares == (0.5, 0.5)
    assert q1.flags == ()
    # Everyone right on q1 while q2 varies: too easy, and it cannot discriminate.
    results = [(True, True)] * 20 + [(True, False)] * 19
    q1, q2 = item_stats(course, answers_for(results))
    assert q1.facility == 1.0 and q1.discrimination is None and "too_easy" in q1.flags
    # q2 right only by those who got q1 wrong: a negative discrimination, flagged.
    results = [(True, False)] * 25 + [(False, True)] * 10
    q1, q2 = item_stats(course, answers_for(results))
    assert q2.discrimination == pytest.approx(-1.0)
    assert set(q2.flags) == {"too_hard", "poor_discrimination"}
    # Fewer than 30 people: no flags yet.
    q1, _ = item_stats(course, answers_for([(True, True)] * 10))
    assert q1.facility == 1.0 and q1.flags == ()


def test_items_stats_for_admins_only(conn, cli, admin_dir) -> None:
    conn.save_person(Person("maija", "Maija", "maija@ylojarvi.fi", "Koulu", "tyontekija"))
    for n in range(3):
        attempt = conn.start_attempt("maija", "perus", 1, str(n), [("q1", (0, 1)), ("q2", (0, 1))])
        conn.record_answer(attempt.id, 0, "q1", [0], True)
        conn.record_answer(attempt.id, 1, "q2", [n % 2], n % 2 == 0)
        conn.finish_attempt(attempt.id, 1.0, True)
    result = cli("items", "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["question"]: r for r in json.loads(result.stdout)}
    assert rows["q1"]["shown"] == 3 and rows["q1"]["facility"] == 1.0
    assert rows["q2"]["option_shares"] == [pytest.approx(2 / 3), pytest.approx(1 / 3)]
    table = cli("items", "stats", "--course", "perus")
    assert table.exit_code == 0 and "Helppous" in table.stdout and "100 %" in table.stdout
    refused = cli("items", "stats", login="maija")
    assert refused.exit_code == 1 and "ei ole ylläpitäjä" in refused.stderr
    assert cli("items", "stats", "--course", "ei-ole").exit_code == 2
