"""The throwaway server itself: peer authentication takes identity from the OS user."""

from __future__ import annotations


def test_owner_connects_by_peer_mapping(pg_registry):
    conn = pg_registry.connect()
    assert conn.execute("SELECT session_user").fetchone()[0] == pg_registry.owner
    assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""


def test_learner_os_user_is_its_own_role(pg_registry, raw_learner):
    session = raw_learner(env={"LOGNAME": "skowner", "USER": "skowner"})
    assert session.connected
    assert session.session_user == "sklearner"


def test_pguser_of_another_role_is_refused(pg_registry, raw_learner):
    session = raw_learner(env={"PGUSER": pg_registry.owner})
    assert not session.connected
    assert "Peer authentication failed" in session.hello["error"]
