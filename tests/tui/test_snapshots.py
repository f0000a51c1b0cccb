"""Every screen rendered at 60x20, 80x24 and 120x40, compared with the stored snapshot.

Fixed content (tests/tui/fixture_content), a fixed clock, seeded draws and certificate
ids and a fixed data dir path keep the screens the same run to run. After a deliberate
change of the UI: `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at
the new SVGs (tests/tui/__snapshots__/) before committing them.
"""

from __future__ import annotations

import fcntl
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from somekoulutus import certs, progress, settings
from somekoulutus.store.learning import Position
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp
from tests.settle import settle as settle_workers

from .conftest import NOW, add_person, answered_by_many, course_for, open_quiz_at, read_all

SIZES = [(60, 20), (80, 24), (120, 40)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
LOGIN = "matti"


@pytest.fixture
def snap_dir(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    """A data dir at a fixed path per test (it shows in certificate file names), emptied
    first. One path per test: caches keyed by the data dir must not carry one test's
    database or keys into the next. It is also the working folder, which the export's
    default file name is relative to."""
    name = request.node.callspec.id if hasattr(request.node, "callspec") else request.node.name
    root = Path(tempfile.gettempdir()) / "somekoulutus-snapshot"
    root.mkdir(mode=0o700, exist_ok=True)
    # Two test runs on one machine (two clones) would share the fixed path: hold a lock.
    with open(root.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = root / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(mode=0o700)
        monkeypatch.setenv("SOMEKOULUTUS_HOME", str(path))
        monkeypatch.chdir(path)
        yield path
        monkeypatch.chdir(tempfile.gettempdir())
        shutil.rmtree(path, ignore_errors=True)


def make(data_dir: Path, content) -> SomeApp:
    return SomeApp(
        data_dir=data_dir,
        login=LOGIN,
        content=content,
        now=lambda: NOW,
        rng=random.Random(3),
    )


async def settle(pilot: Pilot) -> None:
    """Workers done, no blinking cursor, layout finished."""
    await settle_workers(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.pause()


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    return run


def finish_attempt(data_dir: Path, content, right: bool) -> None:
    """An attempt with every answer given (all right or all wrong). A failed one is
    closed, with the app opening at its result; a passed one is left at its last answer,
    so that the app closes it and issues the certificate as a learner would see."""
    add_person(data_dir, LOGIN)
    course = course_for(content)
    store = SqliteStore(data_dir)
    read_all(store, LOGIN, course)
    attempt = progress.attempt_for(store, LOGIN, course, random.Random(1))
    for position, planned in enumerate(attempt.plan):
        q = course.quiz.question(planned.question_id)
        wrong = [i for i, c in enumerate(q.choices) if not c.correct][:1]
        pick = list(q.correct_indexes) if right else wrong
        attempt, _ = progress.answer(store, course, attempt, position, pick)
    if not right:
        progress.finish(store, course, attempt)
    where = "quiz" if right else "result"
    store.save_position(LOGIN, Position(where, course.id, attempt_id=attempt.id))
    store.close()


def as_admin(data_dir: Path, content) -> None:
    """matti is an admin, with a passed course and an issued certificate."""
    finish_attempt(data_dir, content, right=True)
    store = SqliteStore(data_dir)
    course = course_for(content)
    progress.finish(store, course, store.open_attempt(LOGIN, course.id))
    certs.issue_if_eligible(store, content, data_dir, LOGIN, now=NOW, rng=random.Random(5))
    store.save_position(LOGIN, Position("home", course.id))
    store.close()
    # The log stamps entries with the real clock; the snapshot needs one fixed moment.
    # (The append-only trigger is lifted for this throwaway database only.)
    db = sqlite3.connect(settings.db_path(data_dir))
    with db:
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute("UPDATE audit_log SET at = ?", ("2025-03-01T09:00:00+00:00",))
    db.close()
    settings.save_config(data_dir, {"admins": [LOGIN]})


def as_admin_after_many(data_dir: Path, content) -> None:
    """matti is an admin; many learners have finished the course (item analysis flags)."""
    answered_by_many(data_dir, content)
    as_admin(data_dir, content)


# screen name -> (prepare the data dir, keys pressed before the snapshot)
SCREENS: dict[str, tuple[Callable[[Path, object], None], tuple[str, ...]]] = {
    "profile": (lambda d, c: None, ()),
    "home": (lambda d, c: add_person(d, LOGIN), ()),
    "lesson": (lambda d, c: add_person(d, LOGIN), ("enter",)),
    "help": (lambda d, c: add_person(d, LOGIN), ("f1",)),
    "quiz-scenario": (lambda d, c: open_quiz_at(d, c, "q-tilanne"), ()),
    "quiz-five-long": (lambda d, c: open_quiz_at(d, c, "q-pitkat"), ("end",)),
    "quiz-feedback": (lambda d, c: open_quiz_at(d, c, "q-tilanne"), ("2", "enter")),
    "result-failed": (lambda d, c: finish_attempt(d, c, right=False), ()),
    "review": (lambda d, c: finish_attempt(d, c, right=False), ("k",)),
    # The last answer given opens the result; the certificate is issued in a worker.
    "certificate": (lambda d, c: finish_attempt(d, c, right=True), ()),
    "admin-holders": (as_admin, ("ctrl+a",)),
    "admin-certificate": (as_admin, ("ctrl+a", "tab", "tab", "tab", "tab", "enter")),
    "admin-rights": (as_admin, ("ctrl+a", "f7")),
    "admin-audit": (as_admin, ("ctrl+a", "f8")),
    "admin-log": (as_admin, ("ctrl+a", "f9")),
    "admin-export": (as_admin, ("ctrl+a", "f2")),
    "admin-items": (as_admin_after_many, ("ctrl+a", "f10")),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, snap_dir, fixture_content, screen, size):
    prepare, pressed = SCREENS[screen]
    prepare(snap_dir, fixture_content)
    assert snap_compare(
        make(snap_dir, fixture_content), terminal_size=size, run_before=keys(*pressed)
    )
