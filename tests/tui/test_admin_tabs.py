"""The admin screen's questions tab (item analysis) and the log tab's paging, driven with
Pilot through the real app over a real SQLite file."""

from __future__ import annotations

import random
import shutil
import threading
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from somekoulutus import settings
from somekoulutus.content import load_content
from somekoulutus.item_stats import FLAG_TEXTS, course_stats
from somekoulutus.store.sqlite_store import SqliteStore
from somekoulutus.tui.admin import AdminScreen
from somekoulutus.tui.admin.item_detail import ItemScreen
from somekoulutus.tui.admin.items import ItemsTab
from somekoulutus.tui.admin.log import PAGE, LogTab
from somekoulutus.tui.app import SomeApp
from somekoulutus.tui.widgets.pick import PickField, PickScreen
from tests.settle import settle

from .conftest import FIXTURE_CONTENT, MANY, NOW, add_person, answered_by_many, course_for

MARKUP = "[bold red]Lihavoitu[/] [@click=app.quit]lopeta[/]"


def admin_app(data_dir: Path, content, store=None) -> SomeApp:
    add_person(data_dir, "matti")
    settings.save_config(data_dir, {"admins": ["matti"]})
    return SomeApp(
        data_dir=data_dir,
        login="matti",
        content=content,
        db=store,
        now=lambda: NOW,
        rng=random.Random(1),
    )


async def open_items(pilot) -> ItemsTab:
    await pilot.press("ctrl+a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AdminScreen)
    await pilot.press("f10")
    await settle(pilot)
    return pilot.app.screen.query_one(ItemsTab)


def text(widget: Static) -> str:
    return widget.render().plain


def within(app, widget) -> bool:
    region = widget.region
    return region.width > 0 and region.height > 0 and app.screen.region.contains_region(region)


async def test_items_tab_shows_what_the_domain_computes_with_its_flags(data_dir, fixture_content):
    answered_by_many(data_dir, fixture_content)
    course = course_for(fixture_content)
    store = SqliteStore(data_dir)
    expected = course_stats(store, course)
    store.close()
    assert {f for s in expected for f in s.flags} == set(FLAG_TEXTS)  # every flag raised
    app = admin_app(data_dir, fixture_content)
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_items(pilot)
        table = tab.query_one("#items-table", DataTable)
        assert table.row_count == len(expected) == 3
        for row, stat in enumerate(expected):
            cells = [c.plain for c in table.get_row_at(row)]
            question, shown, facility, discrimination, flags = cells[:5]
            assert (question, shown) == (stat.question_id, str(MANY))
            assert facility == f"{round(stat.facility * 100)} %"
            assert discrimination == (
                "–" if stat.discrimination is None else f"{stat.discrimination:.2f}"
            )
            assert flags == ", ".join(FLAG_TEXTS[f] for f in stat.flags)
        assert text(tab.query_one("#items-summary", Static)).startswith(
            "Kysymyksiä 3, huomioita 3."
        )
        # The highlighted question's text and how many chose each option, below the table.
        detail = text(tab.query_one("#items-detail", Static))
        first = course.quiz.question(expected[0].question_id)
        assert detail.startswith(first.prompt) and "A 100 % (oikea)" in detail
        # Enter: the whole question in a dialog; Esc closes it.
        table.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemScreen)
        shown_text = " ".join(text(s) for s in app.screen.query(Static))
        assert "Huomiot: liian vaikea, erottelee huonosti." in shown_text
        assert f"Näytetty {MANY} kertaa {MANY} henkilölle." in shown_text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AdminScreen)


async def test_no_flags_before_enough_people_have_seen_a_question(data_dir, fixture_content):
    answered_by_many(data_dir, fixture_content, learners=5)
    app = admin_app(data_dir, fixture_content)
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_items(pilot)
        table = tab.query_one("#items-table", DataTable)
        assert [c.plain for c in table.get_column_at(4)] == ["", "", ""]
        summary = text(tab.query_one("#items-summary", Static))
        assert "huomioita 0" in summary and "vähintään 30 henkilöä" in summary


class HeldStore(SqliteStore):
    """The real embedded store, whose item-analysis read waits until the test lets it go
    on, and remembers the thread it ran in."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir)
        self.go_on = threading.Event()
        self.read_in: list[threading.Thread] = []

    def course_answers(self, course_id):
        self.read_in.append(threading.current_thread())
        self.go_on.wait(10)
        yield from super().course_answers(course_id)


async def test_the_statistics_are_read_in_a_worker_while_the_screen_answers(
    data_dir, fixture_content
):
    answered_by_many(data_dir, fixture_content)
    store = HeldStore(data_dir)
    app = admin_app(data_dir, fixture_content, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+a")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        tab = app.screen.query_one(ItemsTab)
        assert text(tab.query_one("#items-summary", Static)) == "Luetaan vastauksia…"
        assert store.read_in and threading.main_thread() not in store.read_in
        # The screen still answers keys while the read waits.
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen.query_one("#tabs").active == "log"
        store.go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert tab.query_one("#items-table", DataTable).row_count == 3


async def test_course_is_picked_with_the_keyboard(data_dir, bundled_content):
    courses = list(bundled_content.courses.values())
    assert len(courses) > 1
    app = admin_app(data_dir, bundled_content)
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_items(pilot)
        picker = tab.query_one("#items-course", PickField)
        assert app.focused is picker and picker.value == courses[0].id
        table = tab.query_one("#items-table", DataTable)
        first = [q.id for q in courses[0].quiz.all_questions()]
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == first
        assert text(tab.query_one("#items-summary", Static)) == (
            "Kurssilla ei ole vielä päättyneitä koeyrityksiä."
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert picker.value == courses[1].id
        second = [q.id for q in courses[1].quiz.all_questions()]
        assert [table.get_row_at(i)[0].plain for i in range(table.row_count)] == second


async def test_question_text_from_files_is_never_markup_and_fits_60x20(
    data_dir, tmp_path, fixture_content
):
    # The course file itself carries markup in a prompt and in an option.
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, copy)
    path = copy / "courses" / "harjoitus.yaml"
    yaml_text = path.read_text(encoding="utf-8")
    yaml_text = yaml_text.replace(
        "prompt: Mitä teet ennen julkaisua?", f'prompt: "{MARKUP} ennen julkaisua?"'
    ).replace("- text: Julkaisen kuvan heti, koska tilaisuus oli julkinen.", f'- text: "{MARKUP}"')
    path.write_text(yaml_text, encoding="utf-8")
    content = load_content(copy / "courses", copy / "certificates")
    answered_by_many(data_dir, content)
    app = admin_app(data_dir, content)
    async with app.run_test(size=(60, 20)) as pilot:
        tab = await open_items(pilot)
        table = tab.query_one("#items-table", DataTable)
        rows = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        table.focus()
        await pilot.press(*["down"] * rows.index("q-tilanne"))
        await settle(pilot)
        detail = text(tab.query_one("#items-detail", Static))
        assert detail.startswith(f"{MARKUP} ennen julkaisua?") and f"B 0 %: {MARKUP}" in detail
        for selector in ("#items-course", "#items-summary", "#items-table", "#items-detail"):
            assert within(app, tab.query_one(selector)), selector
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemScreen)
        assert MARKUP in " ".join(text(s) for s in app.screen.query(Static))
        assert within(app, app.screen.query_one("#item-body"))
        assert app.return_code is None  # the [@click=app.quit] was not run


def log_entries(data_dir: Path, count: int, details: str) -> None:
    """`count` audit log entries with targets kohde-000, kohde-001, ..."""
    store = SqliteStore(data_dir)
    for n in range(count):
        store.audit_refusal("testi", "right.grant", f"kohde-{n:03d}", details)
    store.close()


async def open_log(pilot) -> LogTab:
    await pilot.press("ctrl+a")
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    return pilot.app.screen.query_one(LogTab)


async def test_log_tab_reads_the_log_a_page_at_a_time(data_dir, fixture_content):
    extra = PAGE + 30
    log_entries(data_dir, extra, "kokeilu")
    app = admin_app(data_dir, fixture_content)
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_log(pilot)
        table = tab.query_one("#log-table", DataTable)
        assert app.focused is table
        assert table.row_count == PAGE
        # Newest first, one page; the next page comes when the cursor reaches the end.
        targets = [r["target"] for r in tab.rows]
        assert targets[:3] == [f"kohde-{n:03d}" for n in (extra - 1, extra - 2, extra - 3)]
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count > PAGE
        targets = [r["target"] for r in tab.rows]
        ours = [t for t in targets if t.startswith("kohde-")]
        assert ours == [f"kohde-{n:03d}" for n in reversed(range(extra))]  # no gap, no repeat
        assert table.cursor_row == PAGE - 1  # the cursor stayed where it was
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == len(tab.rows)  # every entry read; nothing more to read


async def test_log_export_writes_the_whole_log_not_only_the_pages_read(
    data_dir, fixture_content, tmp_path, monkeypatch
):
    import csv

    from somekoulutus.tui.admin import log as log_tab
    from somekoulutus.tui.admin.modals import AskScreen

    # Small export pages, so that the export itself crosses several page boundaries.
    monkeypatch.setattr(log_tab, "EXPORT_PAGE", 7)
    extra = PAGE * 2 + 5
    log_entries(data_dir, extra, "=SUMMA(A1)")
    app = admin_app(data_dir, fixture_content)
    async with app.run_test(size=(80, 24)) as pilot:
        tab = await open_log(pilot)
        assert len(tab.rows) == PAGE  # one page on screen
        await pilot.press("f2")
        await settle(pilot)
        ask = app.screen
        assert isinstance(ask, AskScreen)
        assert ask.body.startswith("Koko tapahtumaloki tallennetaan")
        target = tmp_path / "loki.csv"
        ask.query_one("#answer", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
    rows = list(csv.DictReader(target.read_text("utf-8-sig").splitlines()))
    ours = [r["target"] for r in rows if r["target"].startswith("kohde-")]
    assert ours == [f"kohde-{n:03d}" for n in reversed(range(extra))]  # all, no gap or repeat
    assert any(f"Viety {len(rows)} riviä" in n for n in notices), notices
    assert all(not r["details"].startswith("=") for r in rows)  # never a formula
