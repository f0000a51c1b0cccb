"""The throwaway server itself: peer authentication takes identity from the OS user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from somekoulutus.store.postgres.cluster import Cluster


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


def _run_without_postgres(tmp_path, require: bool):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOMEKOULUTUS_")}
    env["SOMEKOULUTUS_PG_BINDIR"] = str(tmp_path)  # no initdb here
    if require:
        env["SOMEKOULUTUS_REQUIRE_PG"] = "1"
    test = Path(__file__).with_name("test_setup.py")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"{test}::test_status_from_the_environment",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )


def test_without_postgres_the_tests_skip_saying_how_to_install(tmp_path):
    result = _run_without_postgres(tmp_path, require=False)
    assert result.returncode == 0, result.stdout
    assert "SKIPPED" in result.stdout and "apt-get install postgresql" in result.stdout


def test_without_postgres_ci_fails_instead_of_skipping(tmp_path):
    result = _run_without_postgres(tmp_path, require=True)
    assert result.returncode != 0
    assert "SOMEKOULUTUS_REQUIRE_PG=1" in result.stdout


def test_the_ident_map_takes_whole_names_only(tmp_path):
    # A name with a newline would add a line of its own to pg_ident.conf.
    cluster = Cluster(tmp_path / "bin", tmp_path / "pg")
    for os_user, role in (("maija\n", "maija"), ("maija", "x\nkaikki postgres"), ("Maija", "m")):
        with pytest.raises(ValueError):
            cluster.allow(os_user, role)
