"""The issuer service killed with SIGKILL in the middle of its queue, then restarted, issues
each pending certificate exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from somekoulutus.store.people import Person
from somekoulutus.store.postgres import setup

from .conftest import FIXTURES, Registry, pass_course, store_as

LEARNERS = [f"oppija{n}" for n in range(8)]


def _issuer(registry: Registry, keys: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "SOMEKOULUTUS_HOME": str(keys.parent / "home")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "somekoulutus",
            "--database",
            registry.dsn("skissuer"),
            "--courses",
            str(FIXTURES),
            "issuer",
            "run",
            "--once",
            "--key-dir",
            str(keys),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_killed_issuer_restarts_and_issues_each_certificate_once(
    registry: Registry,
    content,
    tmp_path: Path,  # noqa: F811
) -> None:
    setup.enrol(registry.connect(), LEARNERS)
    for login in LEARNERS:
        store = store_as(registry, login)
        store.save_person(
            Person(login, login.title(), f"{login}@ylojarvi.fi", "Koulu", "tyontekija")
        )
        pass_course(store, content, login, "perus")
        store.close()
    keys = tmp_path / "keys"
    first = _issuer(registry, keys)
    assert first.stdout is not None
    line = first.stdout.readline()  # the first certificate is stored: kill it right after
    assert line.startswith("Myönnetty"), (line, first.stderr.read() if first.stderr else "")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    second = _issuer(registry, keys)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    admin = store_as(registry, "admin1")
    rows = [(r["login"], r["definition_id"]) for r in admin.certificate_listing(now="")]
    per_person = {login: [d for who, d in rows if who == login] for login in LEARNERS}
    assert all(defs == ["perus"] for defs in per_person.values()), per_person
    assert len(rows) == len(LEARNERS)
    admin.close()
