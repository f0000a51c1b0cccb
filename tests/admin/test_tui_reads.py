"""The admin screen reads the registry in worker threads: a search is one query once typing
pauses, the screen answers keys while it runs, and the admin right is asked with each read."""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from somekoulutus import admins
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.admin import AdminScreen
from somekoulutus.tui.admin.tab import TYPING_PAUSE
from tests.settle import settle

from .conftest import ADMIN, NOW, add_person, issue
from .test_tui import SIZE, Host, host


class WatchedStore(SqliteStore):
    """The real embedded store; its holder search remembers what was searched and in which
    thread, and waits while the test holds it."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir)
        self.searches: list[tuple[str | None, threading.Thread]] = []
        self.go_on = threading.Event()
        self.go_on.set()

    def holders(self, **filters: Any) -> Any:
        self.searches.append((filters["search"], threading.current_thread()))
        assert self.go_on.wait(10)
        return super().holders(**filters)


async def until(condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition never held")


def two_holders(conn, content, admin_dir) -> None:
    """Olli Öljynen and matti, each with a certificate."""
    add_person(conn, "olli", "Olli Öljynen", unit="Nuoriso")
    for login in ("olli", "matti"):
        issue(conn, content, admin_dir, login, now=NOW)


@asynccontextmanager
async def watched_admin(content, admin_dir, clock):
    """The admin screen over a WatchedStore, running; the store let go and closed after."""
    store = WatchedStore(admin_dir)
    app = Host(AdminScreen(store, content, admin_dir, ADMIN, clock))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            yield app, pilot, store
    finally:
        store.go_on.set()
        store.close()


async def test_holder_search_is_one_query_off_the_ui_thread(conn, content, admin_dir, clock):
    two_holders(conn, content, admin_dir)
    async with watched_admin(content, admin_dir, clock) as (app, pilot, store):
        table = app.screen.query_one("#holders-table", DataTable)
        assert table.row_count == 2
        store.searches.clear()
        store.go_on.clear()
        await pilot.click("#search")
        await pilot.press(*"öljy")
        # Four keys, one query: for the whole word, once the typing paused.
        await until(lambda: bool(store.searches))
        await asyncio.sleep(TYPING_PAUSE * 2)
        assert [s for s, _ in store.searches] == ["öljy"]
        assert store.searches[0][1] is not threading.main_thread()
        # The query is held: the screen still answers keys, the old rows stay.
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen.query_one("#tabs").active == "audit"
        assert table.row_count == 2
        store.go_on.set()
        await settle(pilot)
        assert table.row_count == 1 and str(table.get_row_at(0)[1]) == "Olli Öljynen"


async def test_only_the_latest_search_is_shown(conn, content, admin_dir, clock):
    two_holders(conn, content, admin_dir)
    async with watched_admin(content, admin_dir, clock) as (app, pilot, store):
        store.go_on.clear()
        await pilot.click("#search")
        await pilot.press(*"olli")
        await until(lambda: [s for s, _ in store.searches][-1:] == ["olli"])
        # A second word typed while the first query is held replaces it.
        await pilot.press(*["backspace"] * 4, *"matti")
        store.go_on.set()
        await settle(pilot)
        table = app.screen.query_one("#holders-table", DataTable)
        assert [s for s, _ in store.searches][-1] == "matti"
        assert table.row_count == 1 and str(table.get_row_at(0)[0]).startswith("SK-")
        assert app.screen.tab("holders").rows[0]["login"] == "matti"


async def test_an_admin_removed_meanwhile_loses_the_screen_at_the_next_search(
    conn, content, admin_dir, clock
):
    admins.add_admin(conn, ADMIN, "toinen")
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        admins.remove_admin(conn, "toinen", ADMIN)
        await pilot.click("#search")
        await pilot.press("x")
        await settle(pilot)
        assert not isinstance(app.screen, AdminScreen)
        assert any("ei ole ylläpitäjä" in str(n.message) for n in app._notifications)


class BrokenDiskStore(SqliteStore):
    """The real embedded store whose holder search meets a damaged database file."""

    def holders(self, **filters: Any) -> Any:
        import sqlite3

        raise sqlite3.DatabaseError("database disk image is malformed")


async def test_a_damaged_database_during_a_search_is_a_notice_not_a_crash(
    conn, content, admin_dir, clock
):
    store = BrokenDiskStore(admin_dir)
    app = Host(AdminScreen(store, content, admin_dir, ADMIN, clock))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.click("#search")
            await pilot.press("x")
            await settle(pilot)
            assert isinstance(app.screen, AdminScreen)  # still open, still answering
            assert app._exception is None
            said = [str(n.message) for n in app._notifications]
            assert any("Tietokanta" in m or "tietokanta" in m for m in said), said
    finally:
        store.close()


async def test_a_long_list_shows_a_part_says_so_and_exports_all(
    conn, content, admin_dir, clock, monkeypatch, tmp_path
):
    import csv

    from somekoulutus import rights
    from somekoulutus.tui.admin import grants as grants_tab

    # A city's tens of thousands of rights stand here for three, shown at most two at a time.
    monkeypatch.setattr(grants_tab, "SHOWN_ROWS", 2)
    for login in ("aino", "eero", "iida"):
        issue(conn, content, admin_dir, login, now=NOW)
        rights.grant(conn, content, admin_dir, ADMIN, login, "facebook-kaupunki", now=NOW)
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        tab = app.screen.tab("rights")
        assert app.screen.query_one("#rights-table", DataTable).row_count == 2
        count = app.screen.query_one("#rights-count")
        assert count.display and "Oikeuksia 3, näkyvissä 2" in str(count.render())
        await pilot.press("f2")
        await settle(pilot)
        target = tmp_path / "oikeudet.csv"
        app.screen.query_one("#answer").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert len(tab.rows) == 3
    rows = list(csv.DictReader(target.read_text("utf-8-sig").splitlines()))
    assert sorted(r["login"] for r in rows) == ["aino", "eero", "iida"]
