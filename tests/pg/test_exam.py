"""The server-side exam: start_attempt, answer, finish_attempt, as enrolled learners call them."""

from __future__ import annotations

import psycopg
import pytest


def sqlstate(call) -> str:
    with pytest.raises(psycopg.Error) as caught:
        call()
    return caught.value.sqlstate


def test_a_right_attempt_passes_and_notifies_the_issuer(pg_registry, exam):
    conn = exam.learner()
    listener = pg_registry.connect(pg_registry.owner)
    listener.execute("LISTEN somekoulutus_attempts")
    attempt_id, seed, plan = exam.start(conn)
    assert plan == exam.draws[seed]
    assert exam.start(conn) == (attempt_id, seed, plan)  # the open attempt, not a new one
    for question in plan:
        result = exam.answer(conn, attempt_id, question, exam.right[question])
        if question == "s1":  # a scenario step before its last: verdict held back
            assert result == (None, None)
        else:
            assert result[0] is True
            assert result[1] == "\n".join(f"palaute {question}/{i}" for i in exam.right[question])
    assert (
        exam.answer(conn, attempt_id, plan[0], exam.right[plan[0]])[0] is True
    )  # a retry: same reply
    assert exam.finish(conn, attempt_id) == (True, 100)
    assert exam.finish(conn, attempt_id) == (True, 100)
    row = conn.execute(
        "SELECT login, passed, score, finished_at IS NOT NULL, plan FROM somekoulutus.attempts"
    ).fetchone()
    assert row[:4] == ("maija", 1, 1.0, True)
    assert f'"question": "{plan[0]}"' in row[4]
    notices = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    assert notices == [str(attempt_id)]


def test_a_critical_topic_fails_the_attempt_above_the_pass_mark(pg_registry, exam):
    conn = exam.learner()
    answers = {**exam.right, "a1": exam.wrong["a1"], "a2": exam.wrong["a2"]}
    attempt_id, (passed, score) = exam.take(conn, answers)
    plan = conn.execute(
        "SELECT plan_ids FROM somekoulutus.attempts WHERE id = %s", (attempt_id,)
    ).fetchone()[0]
    wrong = sum(q in ("a1", "a2") for q in plan)
    assert (passed, score) == (False, round(100 * (5 - wrong) / 5))


def test_below_the_pass_mark_fails(pg_registry, exam):
    conn = exam.learner()
    answers = {**exam.wrong, "a1": exam.right["a1"], "a2": exam.right["a2"]}
    _attempt_id, (passed, score) = exam.take(conn, answers)
    assert passed is False and score < 60


def test_bad_answers_are_refused_with_their_codes(pg_registry, exam):
    conn = exam.learner()
    attempt_id, _seed, plan = exam.start(conn)
    outside = next(q for q in exam.keys if q not in plan)
    q = plan[0]
    assert sqlstate(lambda: exam.answer(conn, attempt_id, outside, [0])) == "SK011"
    assert sqlstate(lambda: exam.answer(conn, attempt_id, q, [])) == "SK013"
    assert sqlstate(lambda: exam.answer(conn, attempt_id, q, [exam.keys[q][3]])) == "SK013"
    assert sqlstate(lambda: exam.answer(conn, attempt_id, q, [-1])) == "SK013"
    assert sqlstate(lambda: exam.finish(conn, attempt_id)) == "SK014"
    exam.answer(conn, attempt_id, q, exam.wrong[q])
    assert sqlstate(lambda: exam.answer(conn, attempt_id, q, exam.right[q])) == "SK012"
    assert sqlstate(lambda: exam.answer(conn, attempt_id + 1000, q, exam.right[q])) == "SK010"


def test_scenario_keys_show_when_the_scenario_ends(pg_registry, exam):
    conn = exam.learner()
    attempt_id, _seed, plan = exam.start(conn)

    def visible() -> set[str]:
        rows = conn.execute("SELECT question_id FROM somekoulutus.my_answer_keys").fetchall()
        return {r[0] for r in rows}

    assert visible() == set()
    exam.answer(conn, attempt_id, "s1", exam.right["s1"])
    assert visible() == set()
    exam.answer(conn, attempt_id, plan[0], exam.right[plan[0]])
    assert visible() == {plan[0]}
    assert exam.answer(conn, attempt_id, "s2", exam.wrong["s2"]) == (False, "palaute s2/0")
    assert visible() == {plan[0], "s1", "s2"}


def test_the_next_draw_overlaps_the_previous_attempt_least(pg_registry, exam):
    conn = exam.learner()
    first, _ = exam.take(conn, exam.right)
    previous = set(
        conn.execute(
            "SELECT plan_ids FROM somekoulutus.attempts WHERE id = %s", (first,)
        ).fetchone()[0]
    )
    _attempt_id, _seed, plan = exam.start(conn)
    least = min(len(previous & set(p)) for p in exam.draws.values())
    assert len(previous & set(plan)) == least


def test_attempt_policy_three_tries_then_a_wait(pg_registry, exam):
    conn = exam.learner()
    for _ in range(3):
        _id, (passed, _score) = exam.take(conn, exam.wrong)
        assert passed is False
    with pytest.raises(psycopg.Error) as caught:
        exam.start(conn)
    assert caught.value.sqlstate == "SK004"
    assert "Voit yrittää uudelleen" in caught.value.diag.message_primary
    owner = pg_registry.connect()
    owner.execute(
        """UPDATE somekoulutus.attempts SET started_at = to_char(
               (started_at::timestamptz - interval '25 hours') AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""
    )
    exam.start(conn)  # a new round


def test_a_pass_resets_the_attempt_count(pg_registry, exam):
    conn = exam.learner()
    exam.take(conn, exam.wrong)
    exam.take(conn, exam.wrong)
    _id, (passed, _) = exam.take(conn, exam.right)
    assert passed
    exam.take(conn, exam.wrong)
    exam.take(conn, exam.wrong)
    exam.start(conn)


def test_no_profile_not_enrolled_and_unpublished(pg_registry, exam):
    conn = pg_registry.connect("pekka")
    assert sqlstate(lambda: exam.start(conn)) == "SK001"
    conn = exam.learner("pekka")
    assert (
        sqlstate(lambda: conn.execute("SELECT * FROM somekoulutus.start_attempt('eiole')"))
        == "SK002"
    )
    owner = pg_registry.connect()
    owner.execute(
        "DO $$ BEGIN CREATE ROLE outsider LOGIN; EXCEPTION WHEN duplicate_object THEN END $$"
    )
    stranger = pg_registry.connect("outsider")
    assert sqlstate(lambda: exam.start(stranger)) in ("SK020", "42501")


def test_a_hold_stops_new_attempts_until_lifted(pg_registry, exam):
    conn = exam.learner()
    certificate = exam.issue(conn, "maija")
    admin = pg_registry.connect("admin1")
    status = admin.execute(
        "SELECT somekoulutus.revoke_certificate(%s, 'väärinkäyttö')", (certificate,)
    ).fetchone()[0]
    assert status == "ok"
    assert sqlstate(lambda: exam.start(conn)) == "SK003"
    lifted = admin.execute(
        "SELECT somekoulutus.lift_hold('maija', %s, 'selvitetty')", (exam.definition,)
    ).fetchone()[0]
    assert lifted == "ok"
    exam.start(conn)
