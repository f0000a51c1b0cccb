"""Admin screens with Pilot at 80x24: only for admins; holders, revoke, the gate, export."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TabbedContent

from somekoulutus import certs, rights
from somekoulutus.store import people
from somekoulutus.tui.admin import AdminScreen
from somekoulutus.tui.admin.certificate import CertificateScreen
from somekoulutus.tui.admin.modals import AskScreen, ConfirmScreen
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.screens.help import HelpScreen
from somekoulutus.tui.screens.home import HomeScreen
from somekoulutus.tui.screens.lessons import LessonsScreen
from somekoulutus.tui.widgets.pick import PickField, PickScreen
from tests.settle import settle

from .conftest import ADMIN, NOW, add_person, issue

SIZE = (80, 24)
MARKUP_NAME = "[bold red]Matti[/] [@click=app.quit]x[/]"


class Host(App[None]):
    """A bare app that shows the admin screen, as SomeApp.action_admin does."""

    def __init__(self, screen: AdminScreen) -> None:
        super().__init__()
        self.admin = screen

    def on_mount(self) -> None:
        self.push_screen(self.admin)


def host(conn, content, data_dir, clock) -> Host:
    return Host(AdminScreen(conn, content, data_dir, ADMIN, clock))


def text_of(widget: Static) -> str:
    return str(widget.render())


def in_view(app: App, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    region = widget.region
    return (
        region.width > 0
        and region.height > 0
        and region.right <= SIZE[0]
        and region.bottom <= SIZE[1]
    )


async def test_non_admin_never_sees_the_admin_screen(conn, content, admin_dir) -> None:
    add_person(conn, "matti")
    app = SomeApp(data_dir=admin_dir, login="matti", content=content, db=conn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert not any(isinstance(s, AdminScreen) for s in app.screen_stack)
        # Even a direct call refuses, with the reason.
        app.action_admin()
        await settle(pilot)
        assert not any(isinstance(s, AdminScreen) for s in app.screen_stack)


async def test_admin_opens_the_admin_screen_from_the_app(conn, content, admin_dir) -> None:
    add_person(conn, ADMIN)
    app = SomeApp(data_dir=admin_dir, login=ADMIN, content=content, db=conn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        # Already open: the key leaves the footer to the admin screen's own keys.
        assert not app.check_action("admin", ())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AdminScreen)
        assert app.check_action("admin", ())


def notices(app: App) -> list[str]:
    return [n.message for n in app._notifications]


async def test_broken_config_keeps_learning_open_and_says_why(conn, content, admin_dir) -> None:
    add_person(conn, ADMIN)
    config = admin_dir / "config.yaml"
    good = config.read_text("utf-8")
    config.write_text("admins: [viestinta\n", "utf-8")  # an unclosed list
    app = SomeApp(data_dir=admin_dir, login=ADMIN, content=content, db=conn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # the learner flow still works
        [notice] = notices(app)
        assert "Asetustiedostossa" in notice and "Ylläpitonäkymät eivät ole" in notice
        await pilot.press("enter")  # open the course
        await settle(pilot)
        assert isinstance(app.screen, LessonsScreen)
        await pilot.press("ctrl+a")  # the admin is told again, and no admin screen opens
        await settle(pilot)
        assert not isinstance(app.screen, AdminScreen) and len(notices(app)) == 2
        config.write_text(good, "utf-8")  # fixed: the same key reads the file again
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen) and notices(app) == []
        issue(conn, content, admin_dir, "aino", now=NOW)
        await pilot.click("#--content-tab-rights")
        app.screen.query_one("#channel", PickField).value = "facebook-kaupunki"
        app.screen.query_one("#grant-login", Input).value = "aino"
        await settle(pilot)
        config.write_text(":\n  - [", "utf-8")  # broken again while the screen is open
        await pilot.press("f5")  # the gate reads the trusted keys from config.yaml
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        [notice] = notices(app)
        assert "Asetustiedostossa" in notice


def footer(screen: Screen) -> dict[str, str]:
    """The footer's keys (key -> description), each wholly on screen at 80 columns."""
    shown = list(screen.query("FooterKey"))  # by type name: no private import
    assert all(0 < k.region.width and k.region.right <= SIZE[0] for k in shown)
    return {k.key: k.description for k in shown}


async def test_admin_keys_tabs_menus_and_dialogs(conn, content, admin_dir, clock) -> None:
    add_person(conn, ADMIN)
    app = SomeApp(data_dir=admin_dir, login=ADMIN, content=content, db=conn, now=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        admin = app.screen
        assert isinstance(admin, AdminScreen)
        keys = footer(admin)
        assert keys["f6"] == "Välilehdet" and {"f1", "f2", "f5"} <= set(keys)
        tabs = admin.query_one("#tabs", TabbedContent)
        # F-keys switch tabs even while typing in the search field.
        assert app.focused is admin.query_one("#search")
        for key, tab, focused in (
            ("f7", "rights", "#channel"),
            ("f8", "audit", "#audit-table"),
            ("f9", "log", "#log-table"),
            ("f6", "holders", "#search"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert tabs.active == tab and app.focused is admin.query_one(focused), key
            assert "f6" in footer(admin)  # with Del on the rights tab, all keys still fit
        # An open list names its keys in Finnish; Enter picks, Esc closes.
        admin.query_one("#status", PickField).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        keys = footer(app.screen)
        assert keys["escape"] == "Sulje" and "Dismiss menu" not in keys.values()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        assert admin.query_one("#status", PickField).value is None
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)
        assert admin.query_one("#status", PickField).value == "valid"
        admin.query_one("#status", PickField).clear()
        # A dialog's footer shows its own keys, not the admin screen's F2 and F5.
        await pilot.press("f2")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AskScreen)
        keys = footer(dialog)
        assert keys["escape"] == "Peruuta" and not {"f2", "f5", "f6"} & set(keys)
        await pilot.press("escape", "f1")
        await settle(pilot)
        help_text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert isinstance(app.screen, HelpScreen) and "F6 / F7 / F8 / F9" in help_text
        assert footer(app.screen) == {"escape": "Sulje"}  # not the admin screen's keys


async def test_holders_search_filter_and_literal_names(conn, content, admin_dir, clock) -> None:
    issue(conn, content, admin_dir, "matti", now=NOW)
    conn.save_person(people.Person("matti", MARKUP_NAME, "m@ylojarvi.fi", "Kirjasto", "tyontekija"))
    issue(conn, content, admin_dir, "aino", "paakayttaja", now=NOW)
    add_person(conn, "olli", "Olli Öljynen", unit="Nuoriso")
    issue(conn, content, admin_dir, "olli", now=NOW - timedelta(days=800))
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#holders-table", DataTable)
        assert table.row_count == 3
        names = {str(table.get_row_at(i)[1]) for i in range(3)}
        assert MARKUP_NAME in names  # shown literally, not as markup
        for selector in ("#search", "#unit", "#definition", "#status", "#holders-table"):
            assert in_view(app, selector), selector
        await pilot.click("#search")
        await pilot.press(*"öljy")
        await settle(pilot)
        assert table.row_count == 1 and str(table.get_row_at(0)[1]) == "Olli Öljynen"
        app.screen.query_one("#search", Input).value = ""
        app.screen.query_one("#status", PickField).value = "expired"
        await settle(pilot)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["Olli Öljynen"]
        app.screen.query_one("#status", PickField).clear()
        app.screen.query_one("#unit", PickField).value = "Kirjasto"
        app.screen.query_one("#definition", PickField).value = "paakayttaja"
        await settle(pilot)
        assert table.row_count == 1


async def test_detail_verifies_and_revoke_asks_reason_and_confirmation(
    conn, content, admin_dir, clock
) -> None:
    cert = issue(conn, content, admin_dir, "aino", "paakayttaja", now=NOW)
    assert rights.grant(
        conn, content, admin_dir, ADMIN, "aino", "facebook-kaupunki", "paakayttaja", now=NOW
    ).ok
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#holders-table", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CertificateScreen)
        assert "allekirjoitus on kunnossa" in text_of(detail.query_one("#verdict-ok", Static))
        keys = footer(detail)
        assert keys["escape"] == "Sulje" and not {"f2", "f5"} & set(keys)
        assert "facebook-kaupunki" in text_of(detail.query_one("#facts", Static))
        await pilot.click("#revoke")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press("enter")  # empty reason is not accepted
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"väärä henkilö", "enter")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "facebook-kaupunki" in text_of(confirm.query_one("#body", Static))
        await pilot.click("#confirm")
        await settle(pilot)
    record = certs.get_certificate(conn, cert.id)
    assert record.revoked_at is not None and record.revoke_reason == "väärä henkilö"
    assert rights.list_rights(conn, now=NOW) == []


async def test_the_gate_answer_is_shown_before_a_grant(conn, content, admin_dir, clock) -> None:
    issue(conn, content, admin_dir, "aino", now=NOW)
    add_person(conn, "eino")
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#--content-tab-rights")
        await settle(pilot)
        for selector in ("#channel", "#grant-login", "#grant-role", "#grant", "#rights-table"):
            assert in_view(app, selector), selector
        app.screen.query_one("#channel", PickField).value = "facebook-kaupunki"
        await pilot.click("#grant-login")
        await pilot.press(*"eino")
        await settle(pilot)
        answer = text_of(app.screen.query_one("#gate-answer", Static))
        assert answer.startswith("Oikeutta ei voi myöntää: ") and "ei ole todistusta" in answer
        await pilot.click("#grant")
        await settle(pilot)
        refused = app.screen
        assert isinstance(refused, ConfirmScreen)
        assert not refused.query("#confirm")  # no way to confirm a refused grant
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#grant-login", Input).value = "aino"
        await settle(pilot)
        assert text_of(app.screen.query_one("#gate-answer", Static)).startswith("Tarkistus:")
        await pilot.click("#grant")
        await settle(pilot)
        assert "voimassa" in text_of(app.screen.query_one("#body", Static))
        await pilot.click("#confirm")
        await settle(pilot)
        table = app.screen.query_one("#rights-table", DataTable)
        assert table.row_count == 1
        # Withdraw the highlighted right with a reason.
        table.focus()
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"lopetti", "enter")
        await settle(pilot)
        assert table.row_count == 0
    [row] = rights.list_rights(conn, include_withdrawn=True, now=NOW)
    assert row["withdraw_reason"] == "lopetti" and row["granted_by"] == ADMIN


async def test_audit_log_and_export(conn, content, admin_dir, clock, tmp_path: Path) -> None:
    issue(conn, content, admin_dir, "aino", now=NOW)
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#--content-tab-audit")
        await settle(pilot)
        findings = app.screen.query_one("#audit-table", DataTable)
        assert findings.row_count == 2 * len(content.organisation.channels)
        detail = text_of(app.screen.query_one("#audit-detail", Static))
        assert "ei ole nimettyä yhteyshenkilöä" in detail
        await pilot.click("#--content-tab-log")
        await settle(pilot)
        log = app.screen.query_one("#log-table", DataTable)
        assert log.row_count == 2  # admin.add and certificate.issue_manual
        # Newest first, in Finnish, with the reason readable in full under the table.
        assert str(log.get_row_at(0)[2]) == "todistus myönnetty käsin"
        detail = text_of(app.screen.query_one("#log-detail", Static))
        assert "todistus myönnetty käsin" in detail and "syy: " in detail
        assert "{" not in detail  # no raw JSON
        await pilot.click("#--content-tab-holders")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, AskScreen)
        ask.query_one("#answer", Input).value = str(tmp_path / "missing" / "x.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert not (tmp_path / "missing").exists()  # a Finnish notice, no crash
        await pilot.press("f2")
        await settle(pilot)
        target = tmp_path / "todistukset.csv"
        app.screen.query_one("#answer", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    rows = list(csv.DictReader(target.read_text("utf-8-sig").splitlines()))
    assert [(r["name"], r["status"]) for r in rows] == [("Aino", "valid")]


async def test_refresh_asks_the_gate_again(conn, content, admin_dir, clock) -> None:
    # The answer on screen must not go on refusing someone who got a certificate meanwhile.
    add_person(conn, "aino")
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#--content-tab-rights")
        app.screen.query_one("#channel", PickField).value = "facebook-kaupunki"
        app.screen.query_one("#grant-login", Input).value = "aino"
        await settle(pilot)
        assert "ei voi myöntää" in text_of(app.screen.query_one("#gate-answer", Static))
        issue(conn, content, admin_dir, "aino", now=NOW)  # e.g. from the CLI, another window
        await pilot.press("f5")
        await settle(pilot)
        answer = text_of(app.screen.query_one("#gate-answer", Static))
        assert answer.startswith("Tarkistus: oikeuden voi myöntää.")


async def test_table_columns_fit_their_cells_at_once(conn, content, admin_dir, clock) -> None:
    # A table drawn before it has measured new rows kept them cut to the old widths
    # (seen after a grant: "[bol", "sisäl"), so the widths come with the rows.
    add_person(conn, "aino", MARKUP_NAME)
    issue(conn, content, admin_dir, "aino", now=NOW)
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        rights.grant(conn, content, admin_dir, ADMIN, "aino", "facebook-kaupunki", now=NOW)
        tab = screen.tab("rights")
        tab.show(tab.reader()())  # no pause: as drawn the moment the rows arrive
        table = screen.query_one("#rights-table", DataTable)
        assert table.row_count == 1
        for column, cell in zip(table.ordered_columns, table.get_row_at(0), strict=True):
            assert column.get_render_width(table) - 2 * table.cell_padding >= cell.cell_len


async def test_holder_state_is_on_screen_at_80_columns(conn, content, admin_dir, clock) -> None:
    add_person(conn, "aino", "Aino Virtanen-Korhonen", unit="Kirjasto- ja kulttuuripalvelut")
    issue(conn, content, admin_dir, "aino", now=NOW)
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#holders-table", DataTable)
        right_edge = 0
        for column in table.ordered_columns:
            right_edge += column.get_render_width(table)
            if column.label.plain == "Tila":
                break
        assert right_edge <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_admin_control_fits_and_is_reached_by_keyboard(
    conn, content, admin_dir, clock, size
) -> None:
    issue(conn, content, admin_dir, "aino", now=NOW)
    app = host(conn, content, admin_dir, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen

        def whole(selector: str) -> bool:
            region = screen.query_one(selector).region
            return region.width > 0 and region.height > 0 and screen.region.contains_region(region)

        tabs = {
            "f6": ["#search", "#unit", "#definition", "#status", "#holders-table"],
            "f7": ["#channel", "#grant-login", "#grant-role", "#grant", "#rights-table"],
            "f8": ["#audit-table"],
            "f9": ["#since", "#log-table"],
        }
        for key, selectors in tabs.items():
            await pilot.press(key)
            await settle(pilot)
            for selector in selectors:
                assert whole(selector), (key, selector)
            # Tab reaches every control of the tab, in order.
            reached = set()
            for _ in range(12):
                if app.focused is not None and app.focused.id:
                    reached.add(f"#{app.focused.id}")
                await pilot.press("tab")
            assert set(selectors) <= reached, (key, set(selectors) - reached)
        await pilot.press("f6")
        assert screen.query_one("#search").region.width >= 20
        # Each picker shows its whole label ("Tila: kaikki ▾").
        for selector in ("#unit", "#definition", "#status"):
            picker = screen.query_one(selector, PickField)
            assert picker.region.width >= len(str(picker.label)), selector
