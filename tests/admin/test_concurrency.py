"""Ten learner processes answer quizzes while an admin process grants, withdraws and revokes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from somekoulutus.store.sqlite_store import SqliteStore

from .conftest import ADMIN, RECENT, issue

LEARNERS = 10
ATTEMPTS = 15
STAFF = 6

LEARNER = """
import sys
from pathlib import Path
from somekoulutus.store import people
from somekoulutus.store.sqlite_store import SqliteStore

data, index, attempts = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
store = SqliteStore(data)
login = f"oppija{index}"
store.save_person(people.Person(login, f"Oppija {index}", f"{login}@ylojarvi.fi", "Koulu", "tyontekija"))
plan = [("q1", (0, 1)), ("q2", (0, 1))]
for n in range(attempts):
    attempt = store.start_attempt(login, "perus", 1, str(n), plan).id
    store.record_answer(attempt, 0, "q1", [0], True)
    store.record_answer(attempt, 1, "q2", [n % 2], n % 2 == 0)
    store.finish_attempt(attempt, 1.0 if n % 2 == 0 else 0.5, True)
"""

ADMIN_SCRIPT = """
import json, sys
from pathlib import Path
from somekoulutus import certs, rights
from somekoulutus.content import load_content
from somekoulutus.store.sqlite_store import SqliteStore

data, root, actor = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
ids = json.loads(sys.argv[4])
content = load_content(root / "courses", root / "certificates")
conn = SqliteStore(data)
channels = [c.id for c in content.organisation.channels]
for login in ids:
    for channel in channels:
        assert rights.grant(conn, content, data, actor, login, channel).ok
for n, (login, cert_id) in enumerate(ids.items()):
    if n % 2 == 0:
        certs.revoke(conn, cert_id, actor=actor, reason="testi")
    else:
        rights.withdraw(conn, actor, login, channels[0], "testi")
"""


def test_learners_and_an_admin_at_once_lose_nothing(
    tmp_path: Path, conn, content, content_root: Path, admin_dir: Path
) -> None:
    staff = {
        f"tyontekija{i}": issue(conn, content, admin_dir, f"tyontekija{i}", now=RECENT).id
        for i in range(STAFF)
    }
    before = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    (tmp_path / "learner.py").write_text(LEARNER, "utf-8")
    (tmp_path / "admin.py").write_text(ADMIN_SCRIPT, "utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, str(tmp_path / "learner.py"), str(admin_dir), str(i), str(ATTEMPTS)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(LEARNERS)
    ]
    procs.append(
        subprocess.Popen(
            [
                sys.executable,
                str(tmp_path / "admin.py"),
                str(admin_dir),
                str(content_root),
                ADMIN,
                json.dumps(staff),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
    )
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "locked" not in err

    check = SqliteStore(admin_dir)
    count = lambda sql: check.execute(sql).fetchone()[0]  # noqa: E731
    assert count("SELECT COUNT(*) FROM people WHERE login LIKE 'oppija%'") == LEARNERS
    assert (
        count("SELECT COUNT(*) FROM attempts WHERE finished_at IS NOT NULL") == LEARNERS * ATTEMPTS
    )
    assert count("SELECT COUNT(*) FROM answers") == LEARNERS * ATTEMPTS * 2
    channels = len(content.organisation.channels)
    revoked = (STAFF + 1) // 2
    withdrawn_one = STAFF - revoked
    assert count("SELECT COUNT(*) FROM rights") == STAFF * channels
    assert count("SELECT COUNT(*) FROM rights WHERE withdrawn_at IS NULL") == (
        STAFF * channels - revoked * channels - withdrawn_one
    )
    assert count("SELECT COUNT(*) FROM certificates WHERE revoked_at IS NOT NULL") == revoked
    # Every admin write is in the audit log: grants, revokes and each withdrawal.
    after = count("SELECT COUNT(*) FROM audit_log") - before
    assert after == STAFF * channels + revoked + revoked * channels + withdrawn_one
