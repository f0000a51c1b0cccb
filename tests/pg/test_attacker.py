"""The registry as an attacker meets it: a learner OS user with its own raw SQL connection.

The attacker is the OS user `sklearner`, authenticated by peer on the socket (its identity
comes from the OS, see conftest). It sends whatever SQL it likes through sql_client.py.
Nothing it does may change what it is not allowed to change, reveal an answer key before it
answered, or produce a passed attempt or a certificate it did not earn.
"""

from __future__ import annotations

import pytest

from somekoulutus.store.postgres import access

DENIED = "42501"  # insufficient_privilege
PROFILE = (
    "SELECT somekoulutus.save_profile('Sami Oppija', 'sami@example.fi', 'Kirjasto', 'tyontekija')"
)


@pytest.fixture
def attacker(raw_learner):
    session = raw_learner()
    assert session.session_user == "sklearner"
    assert session.sql(PROFILE)["ok"]
    return session


def refused(reply: dict, code: str = DENIED) -> bool:
    return not reply["ok"] and reply["sqlstate"] == code


def test_every_write_to_every_table_is_refused(attacker):
    relations = attacker.sql(
        """SELECT c.relname, c.relkind FROM pg_class c
           WHERE c.relnamespace = 'somekoulutus'::regnamespace AND c.relkind IN ('r', 'v', 'p')"""
    )["rows"]
    names = {r[0] for r in relations}
    assert set(access.ALL_TABLES) <= names
    for name, kind in relations:
        table = f"somekoulutus.{name}"
        for privilege in ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"):
            has = attacker.sql("SELECT has_table_privilege(%s, %s)", table, privilege)
            assert has["rows"] == [[False]], (table, privilege)
        for statement in (
            f"INSERT INTO {table} DEFAULT VALUES",
            f"UPDATE {table} SET {_first_column(attacker, name)} = NULL",
            f"DELETE FROM {table}",
            f"TRUNCATE {table}",
        ):
            reply = attacker.sql(statement)
            # A view that cannot be written (55000, 42809) is refused before privileges are.
            allowed = (DENIED, "55000", "42809") if kind == "v" else (DENIED,)
            assert not reply["ok"] and reply["sqlstate"] in allowed, (statement, reply)
    for statement in (
        "CREATE TABLE somekoulutus.mine (x int)",
        "ALTER TABLE somekoulutus.audit_log DISABLE TRIGGER USER",
        "DROP TRIGGER audit_log_no_update ON somekoulutus.audit_log",
        "SELECT setval('somekoulutus.attempts_id_seq', 1)",
        "CREATE FUNCTION somekoulutus.f() RETURNS int LANGUAGE sql RETURN 1",
        "SET ROLE somekoulutus_admin",
        "SET SESSION AUTHORIZATION admin1",
        "GRANT somekoulutus_admin TO sklearner",
        "SELECT somekoulutus._audit('admin.add', 'sklearner')",
        "SELECT somekoulutus._withdraw_right(1, 'x')",
    ):
        reply = attacker.sql(statement)
        assert not reply["ok"], statement
        assert reply["sqlstate"] in (DENIED, "42P01", "42704"), (statement, reply)


def _first_column(session, table: str) -> str:
    rows = session.sql(
        """SELECT attname FROM pg_attribute
           WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum""",
        f"somekoulutus.{table}",
    )["rows"]
    return rows[0][0]


def test_no_key_is_readable_before_the_answer(attacker, exam):
    assert refused(attacker.sql("SELECT * FROM somekoulutus.question_keys"))
    assert refused(attacker.sql("SELECT * FROM somekoulutus.published_draws"))
    started = attacker.sql("SELECT * FROM somekoulutus.start_attempt(%s)", exam.course)
    attempt_id, _seed, plan = started["rows"][0]
    first = plan[0]
    assert attacker.sql("SELECT * FROM somekoulutus.answer(%s, %s, %s)", attempt_id, first, [0])[
        "ok"
    ]
    # A function with side effects in the reader's own WHERE clause sees only the rows the
    # view lets through (security_barrier), so it cannot copy out the other keys.
    assert attacker.sql("CREATE TEMP TABLE seen (row text)")["ok"]
    assert attacker.sql(
        """CREATE FUNCTION pg_temp.leak(value text) RETURNS boolean LANGUAGE plpgsql
           COST 0.0001 AS $$ BEGIN INSERT INTO seen VALUES (value); RETURN true; END $$"""
    )["ok"]
    leaked = attacker.sql(
        "SELECT question_id FROM somekoulutus.my_answer_keys WHERE pg_temp.leak(feedback::text)"
    )
    assert leaked["ok"] and leaked["rows"] == [[first]]
    texts = [r[0] for r in attacker.sql("SELECT row FROM seen")["rows"]]
    # Everything the role can read, as text: no feedback or explanation of another question.
    readable = attacker.sql(
        """SELECT c.oid::regclass::text FROM pg_class c
           WHERE c.relnamespace = 'somekoulutus'::regnamespace AND c.relkind IN ('r', 'v', 'p')
             AND has_table_privilege(c.oid, 'SELECT')"""
    )["rows"]
    for (relation,) in readable:
        dump = attacker.sql(f"SELECT t::text FROM {relation} t")
        assert dump["ok"], relation
        texts += [r[0] for r in dump["rows"]]
    for question in exam.keys:
        if question == first:
            continue
        for text in texts:
            assert f"palaute {question}/" not in text and f"perustelu {question}" not in text


def test_cheating_never_gives_a_pass(attacker, exam, pg_registry):
    other = exam.learner("maija")
    their_attempt, _seed, their_plan = exam.start(other)
    call = attacker.sql
    # In another learner's attempt.
    reply = call("SELECT * FROM somekoulutus.answer(%s, %s, %s)", their_attempt, their_plan[0], [0])
    assert refused(reply, "SK010")
    assert refused(call("SELECT * FROM somekoulutus.finish_attempt(%s)", their_attempt), "SK010")
    attempt_id, _seed, plan = call("SELECT * FROM somekoulutus.start_attempt(%s)", exam.course)[
        "rows"
    ][0]
    outside = next(q for q in exam.keys if q not in plan)
    assert refused(
        call("SELECT * FROM somekoulutus.answer(%s, %s, %s)", attempt_id, outside, [0]), "SK011"
    )
    # Wrong first, then "right" on a second try; every choice at once.
    q = plan[0]
    call("SELECT * FROM somekoulutus.answer(%s, %s, %s)", attempt_id, q, exam.wrong[q])
    assert refused(
        call("SELECT * FROM somekoulutus.answer(%s, %s, %s)", attempt_id, q, exam.right[q]),
        "SK012",
    )
    for question in plan[1:]:
        every = list(range(exam.keys[question][3]))
        call("SELECT * FROM somekoulutus.answer(%s, %s, %s)", attempt_id, question, every)
    finished = call("SELECT * FROM somekoulutus.finish_attempt(%s)", attempt_id)
    assert finished["rows"][0][0] is False
    assert call("SELECT * FROM somekoulutus.finish_attempt(%s)", attempt_id)["rows"][0][0] is False
    # A forged wake-up for the issuer changes nothing that the issuer trusts.
    assert call("SELECT pg_notify('somekoulutus_attempts', %s)", str(attempt_id))["ok"]
    owner = pg_registry.connect()
    answers = owner.execute(
        "SELECT count(*) FROM somekoulutus.answers WHERE attempt_id = %s", (attempt_id,)
    )
    assert answers.fetchone()[0] == len(plan)
    pending = owner.execute(
        "SELECT count(*) FROM somekoulutus.attempts WHERE passed = 1 AND issuer_state IS NULL"
    )
    assert pending.fetchone()[0] == 0
    stored = call(
        """SELECT somekoulutus.store_certificate(%s, 'SK-FAKE', 'sklearner', %s, '{}', 'sig',
               'k1', '2026-01-01T00:00:00+00:00', '2099-01-01T00:00:00+00:00', NULL)""",
        [attempt_id],
        exam.definition,
    )
    assert stored["rows"] == [["refused"]]
    assert owner.execute("SELECT count(*) FROM somekoulutus.certificates").fetchone()[0] == 0


@pytest.mark.parametrize("variable", ["LOGNAME", "USER"])
def test_environment_names_nobody(raw_learner, pg_registry, variable):
    session = raw_learner(env={variable: "admin1"})
    assert session.session_user == "sklearner"
    assert session.sql(PROFILE)["ok"]
    assert session.sql("SELECT somekoulutus.add_admin('sklearner')")["rows"] == [["refused"]]
    whoami = session.sql("SELECT login, is_admin FROM somekoulutus.whoami()")["rows"]
    assert whoami == [["sklearner", False]]


def test_pguser_of_an_admin_does_not_connect(raw_learner):
    session = raw_learner(env={"PGUSER": "admin1"})
    assert not session.connected
    assert "authentication failed" in session.hello["error"]


def test_admin_functions_refuse_a_learner_and_audit_it(attacker, pg_registry):
    calls = {
        "admin.add": ("SELECT somekoulutus.add_admin('sklearner')",),
        "admin.remove": ("SELECT somekoulutus.remove_admin('admin1')",),
        "certificate.revoke": ("SELECT somekoulutus.revoke_certificate('SK-X', 'syy')",),
        "hold.lift": ("SELECT somekoulutus.lift_hold('sklearner', 'd', 'syy')",),
        "right.grant": (
            "SELECT somekoulutus.grant_right('sklearner', 'kanava', 'paakayttaja', 'SK-X')",
        ),
        "right.withdraw": ("SELECT somekoulutus.withdraw_right('admin1', 'kanava', 'syy')",),
        "channel.add": (
            "SELECT somekoulutus.add_channel('oma', 'x', 'https://x.fi', 'y', 'sklearner')",
        ),
        "channel.contact": ("SELECT somekoulutus.set_channel_contact('k', 'sklearner', true)",),
        "issuer.key_add": (
            "SELECT somekoulutus.register_issuer_key('mine', '-----BEGIN PUBLIC KEY-----')",
        ),
        "certificate.refuse": ("SELECT somekoulutus.refuse_attempt(1, 'x')",),
        "certificate.request_manual": (
            "SELECT somekoulutus.request_manual_certificate('sklearner', 'd', 'syy')",
        ),
        "certificate.issue_manual": (
            "SELECT somekoulutus.store_manual_certificate(1, 'SK-X', '{}', 's', 'k', 'a', 'b', NULL)",
        ),
        "issuer.key_retire": ("SELECT somekoulutus.retire_issuer_key('k1')",),
    }
    for action, (statement,) in calls.items():
        assert attacker.sql(statement)["rows"] == [["refused"]], action
    owner = pg_registry.connect()
    rows = owner.execute(
        "SELECT actor, action FROM somekoulutus.audit_log WHERE action LIKE '%.refused'"
    ).fetchall()
    assert sorted(rows) == sorted(("sklearner", f"{a}.refused") for a in calls)
    admins = owner.execute(
        "SELECT pg_has_role('sklearner', 'somekoulutus_admin', 'MEMBER'), "
        "pg_has_role('admin1', 'somekoulutus_admin', 'MEMBER')"
    ).fetchone()
    assert admins == (False, True)


def test_the_audit_log_is_append_only_even_for_admins(pg_registry, attacker):
    admin = pg_registry.connect("admin1")
    assert admin.execute("SELECT somekoulutus.add_admin('maija')").fetchone()[0] == "ok"
    import psycopg

    for statement in (
        "UPDATE somekoulutus.audit_log SET actor = 'joku'",
        "DELETE FROM somekoulutus.audit_log",
        "TRUNCATE somekoulutus.audit_log",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute(statement)
        assert refused(attacker.sql(statement))
    owner = pg_registry.connect()
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        owner.execute("DELETE FROM somekoulutus.audit_log")
    rows = owner.execute(
        "SELECT actor, action, target FROM somekoulutus.audit_log WHERE action = 'admin.add'"
    ).fetchall()
    assert rows == [("admin1", "admin.add", "maija")]


def test_temp_objects_do_not_redirect_the_functions(attacker, pg_registry):
    assert attacker.sql("CREATE TEMP TABLE people (login text, name text)")["ok"]
    assert attacker.sql(
        "SELECT somekoulutus.save_profile('Toinen Nimi', 'sami@example.fi', 'Kirjasto', 'tyontekija')"
    )["ok"]
    owner = pg_registry.connect()
    name = owner.execute("SELECT name FROM somekoulutus.people WHERE login = 'sklearner'")
    assert name.fetchone()[0] == "Toinen Nimi"


def test_a_revoked_learner_cannot_retake_until_the_hold_is_lifted(attacker, exam, pg_registry):
    owner = pg_registry.shared()
    owner.execute(
        """INSERT INTO somekoulutus.holds (login, definition_id, placed_at, placed_by, reason)
           VALUES ('sklearner', %s, somekoulutus.now_iso(), 'admin1', 'mitätöity')""",
        (exam.definition,),
    )
    assert refused(
        attacker.sql("SELECT * FROM somekoulutus.start_attempt(%s)", exam.course), "SK003"
    )
    own_lift = attacker.sql("SELECT somekoulutus.lift_hold('sklearner', %s, 'x')", exam.definition)
    assert own_lift["rows"] == [["refused"]]
    assert (
        owner.execute("SELECT count(*) FROM somekoulutus.holds WHERE lifted_at IS NULL").fetchone()[
            0
        ]
        == 1
    )
    admin = pg_registry.connect("admin1")
    lift = "SELECT somekoulutus.lift_hold('sklearner', %s, 'selvitetty')"
    assert admin.execute(lift, (exam.definition,)).fetchone()[0] == "ok"
    assert attacker.sql("SELECT * FROM somekoulutus.start_attempt(%s)", exam.course)["ok"]
