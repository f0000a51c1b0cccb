"""One embedded store used from two threads at once (issue 18, point 2).

The result screen issues the certificate in a worker thread while the UI thread keeps saving the
learner's place. With one connection shared between threads the two transactions interleaved and
SQLite said "cannot start a transaction within a transaction"; each thread must get its own.
"""

from __future__ import annotations

import threading
from pathlib import Path

from somekoulutus.store.learning import Position
from somekoulutus.store.people import Person
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.app import SomeApp

WRITES = 200


def writer(store: SqliteStore, name: str, start: threading.Barrier, errors: list) -> None:
    """WRITES short write transactions of several kinds, each followed by a read."""
    try:
        start.wait()
        for i in range(WRITES):
            store.mark_read(name, "kurssi", f"oppitunti-{i}")
            store.save_position(name, Position("lessons", "kurssi", f"oppitunti-{i}", None))
            store.audit_refusal(name, "test", f"{name}-{i}", "rinnakkain")
            assert f"oppitunti-{i}" in store.lessons_read(name, "kurssi")
    except BaseException as exc:  # noqa: BLE001 - reported by the test thread below
        errors.append(exc)


def add_people(store: SqliteStore, *logins: str) -> None:
    for login in logins:
        store.save_person(Person(login, login, f"{login}@ylojarvi.fi", "Kirjasto", "tyontekija"))


def test_two_threads_write_through_one_store_at_once(data_dir: Path) -> None:
    store = SqliteStore(data_dir)
    try:
        add_people(store, "ui", "worker")
        start = threading.Barrier(2, timeout=60)
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=writer, args=(store, name, start, errors))
            for name in ("ui", "worker")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(t.is_alive() for t in threads)
        assert errors == []
        for name in ("ui", "worker"):
            assert len(store.lessons_read(name, "kurssi")) == WRITES
            assert store.position(name).lesson_id == f"oppitunti-{WRITES - 1}"
        refusals = store.audit_entries()
        assert sorted(r["target"] for r in refusals) == sorted(
            f"{name}-{i}" for name in ("ui", "worker") for i in range(WRITES)
        )
    finally:
        store.close()


async def test_app_worker_and_ui_thread_share_the_store(data_dir: Path, bundled_content) -> None:
    """The app's own thread worker writes while the UI thread writes through `app.db`."""
    seed = SqliteStore(data_dir)
    add_people(seed, "matti", "ui", "worker")
    seed.close()
    app = SomeApp(data_dir=data_dir, login="matti", content=bundled_content)
    async with app.run_test() as pilot:
        store = app.db
        assert isinstance(store, SqliteStore)
        start = threading.Barrier(2, timeout=60)
        errors: list[BaseException] = []
        started = threading.Event()

        def work() -> None:
            started.set()
            writer(store, "worker", start, errors)

        worker = app.run_worker(work, thread=True, exit_on_error=False)
        while not started.is_set():  # let the event loop start the worker's thread
            await pilot.pause()
        # The UI thread (this event loop's thread) writes at the same time.
        writer(store, "ui", start, errors)
        await worker.wait()
        await pilot.pause()
        assert errors == []
        assert len(store.lessons_read("worker", "kurssi")) == WRITES
        assert len(store.lessons_read("ui", "kurssi")) == WRITES
        targets = {r["target"] for r in store.audit_entries()}
        assert {f"worker-{i}" for i in range(WRITES)} <= targets
        assert {f"ui-{i}" for i in range(WRITES)} <= targets
