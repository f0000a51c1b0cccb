"""The TUI shows names, units and reasons from the registry with escapes made visible."""

from __future__ import annotations

import re

from textual.app import App
from textual.widgets import DataTable, Static

from somekoulutus.store import people
from somekoulutus.tui.admin import AdminScreen
from somekoulutus.tui.admin.certificate import CertificateScreen
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.home import HomeScreen
from tests.settle import settle

from .conftest import ADMIN, NOW, issue

SIZE = (100, 30)
NAME = "Eve \x1b[31mPUNAINEN\x1b]0;OTSIKKO\x07\u202e"
UNIT = "Kirjasto\x9b2J"
REASON = "syy\x1b[2J\rpäälle"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


class Host(App[None]):
    def __init__(self, screen: AdminScreen) -> None:
        super().__init__()
        self.admin = screen

    def on_mount(self) -> None:
        self.push_screen(self.admin)


def _hostile(conn, content, admin_dir) -> str:
    cert = issue(conn, content, admin_dir, "eve", now=NOW)
    # Rows as another client may have written them: the TUI must show them harmlessly.
    conn.execute("UPDATE people SET name = ?, unit = ? WHERE login = 'eve'", (NAME, UNIT))
    conn.execute(
        "UPDATE certificates SET revoked_at = ?, revoke_reason = ?, revoked_by = ? WHERE id = ?",
        (NOW.isoformat(), REASON, ADMIN, cert.id),
    )
    return cert.id


async def test_admin_table_and_detail_show_escapes_visibly(conn, content, admin_dir, clock):
    _hostile(conn, content, admin_dir)
    app = Host(AdminScreen(conn, content, admin_dir, ADMIN, clock))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#holders-table", DataTable)
        cells = [str(c) for i in range(table.row_count) for c in table.get_row_at(i)]
        assert any("\\x1b[31mPUNAINEN" in c for c in cells), cells
        assert not any(RAW.search(c) for c in cells)
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CertificateScreen)
        facts = str(detail.query_one("#facts", Static).render())
        assert "\\x1b[2J\\x0dpäälle" in facts and "\\x9b2J" in facts
        assert not RAW.search(facts)


async def test_home_greeting_and_notices_show_escapes_visibly(conn, content, admin_dir):
    conn.save_person(people.Person("eve", NAME, "eve@ylojarvi.fi", UNIT, "tyontekija"))
    app = SomeApp(data_dir=admin_dir, login="eve", content=content, db=conn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        greeting = str(app.screen.query_one("#greeting", Static).render())
        assert "\\x1b[31mPUNAINEN" in greeting and "\\u202e" in greeting
        assert not RAW.search(greeting)
        app.notify(f"Tallennettu: {NAME}", title=UNIT, markup=False)
        await settle(pilot)
        notice = app._notifications  # noqa: SLF001 — what the toast shows
        shown = [(n.title, n.message) for n in notice]
        assert not any(RAW.search(t + m) for t, m in shown), shown


async def test_a_busy_registry_shows_a_waiting_notice(conn, content, admin_dir):
    import asyncio
    import threading

    from somekoulutus.store.sqlite_store import SqliteStore

    conn.save_person(people.Person("eve", "Eve", "eve@ylojarvi.fi", "Kirjasto", "tyontekija"))
    app = SomeApp(data_dir=admin_dir, login="eve", content=content, db=conn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        holder_store = SqliteStore(admin_dir)
        holder = holder_store.conn()  # one connection, used from the timer thread too
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(1.5, lambda: holder.execute("ROLLBACK"))
        release.start()
        try:
            changed = people.Person("eve", "Eve Uusi", "eve@ylojarvi.fi", "Kirjasto", "tyontekija")
            await asyncio.to_thread(conn.save_person, changed)
        finally:
            release.join()
            holder_store.close()
        await settle(pilot)
        messages = [n.message for n in app._notifications]  # noqa: SLF001
        assert any("odotetaan…" in m for m in messages), messages
    assert conn.person("eve").name == "Eve Uusi"


async def test_a_data_dir_whose_database_is_not_a_database_is_told_in_the_app(tmp_path):
    from somekoulutus.appcontext import AppContext
    from somekoulutus.tui.screens.error import ErrorScreen

    data = tmp_path / "data"
    data.mkdir()
    (data / "somekoulutus.db").write_bytes(b"\x1b]0;ei tietokanta\x07" * 200)
    ctx = AppContext(login="eve")
    ctx.configure(str(data), None)
    app = SomeApp.from_context(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(".error-line"))
        assert "ei ole somekoulutuksen tietokanta" in shown, shown
        assert not RAW.search(shown)
