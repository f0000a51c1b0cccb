"""`exam preview`: the report's shape, the targets on the bundled courses, the command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext
from somekoulutus.content.models import Content
from somekoulutus.exam_preview import missed_targets, preview

COURSES = ("sisallontuottaja", "luottamushenkilo", "paakayttaja")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), obj=AppContext(login="testaaja"))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("course_id", COURSES)
def test_bundled_courses_meet_the_targets(bundled_content: Content, course_id: str) -> None:
    course = bundled_content.courses[course_id]
    report = preview(course, 1000)
    assert missed_targets(course, report) == []
    topics = report["topics"]
    for row in course.quiz.blueprint:
        # Stated directly as well: the targets of issue 14.
        assert topics[row.topic]["min"] >= max(row.min, 1), row
        if row.max is not None:
            assert topics[row.topic]["max"] <= row.max, row
        if row.critical:
            assert topics[row.topic]["pass_while_failing"] == 0, row
    assert sum(t["mean"] for t in topics.values()) == pytest.approx(course.quiz.draw)
    exposure = report["exposure_after"]
    assert 0 < exposure["1"] < exposure["2"] < exposure["3"] <= 1


def test_report_shape_and_numbers(bundled_content: Content) -> None:
    course = bundled_content.courses["paakayttaja"]
    done: list[int] = []
    report = preview(course, 50, done.append)
    assert done == list(range(1, 51))
    assert list(report) == ["course", "draws", "questions_per_attempt", "topics", "exposure_after"]
    assert (report["course"], report["draws"], report["questions_per_attempt"]) == (
        "paakayttaja",
        50,
        course.quiz.draw,
    )
    pool = {}
    for q in course.quiz.all_questions():
        pool[q.topic] = pool.get(q.topic, 0) + 1
    assert {t: v["pool"] for t, v in report["topics"].items()} == pool
    for stats in report["topics"].values():
        assert list(stats) == ["pool", "min", "mean", "max", "pass_while_failing"]
        assert 0 <= stats["min"] <= stats["mean"] <= stats["max"] <= stats["pool"]
        assert 0 <= stats["pass_while_failing"] <= 1
    # The first attempt shows exactly `draw` questions of the pool.
    assert report["exposure_after"]["1"] == round(course.quiz.draw / sum(pool.values()), 3)
    assert list(report["exposure_after"]) == ["1", "2", "3"]
    assert preview(course, 50) == report  # fixed seeds: the same report every run


def test_missed_targets_are_named(bundled_content: Content) -> None:
    course = bundled_content.courses["sisallontuottaja"]
    report = preview(course, 20)
    critical = next(r.topic for r in course.quiz.blueprint if r.critical)
    plain = next(r.topic for r in course.quiz.blueprint if not r.critical)
    report["topics"][critical]["pass_while_failing"] = 0.25
    report["topics"][plain]["min"] = 0
    missed = {(t.topic, t.message.split(" (")[0]) for t in missed_targets(course, report)}
    assert missed == {
        (critical, "kokeen voi läpäistä, vaikka vastaisi aiheen kaikkiin kysymyksiin väärin"),
        (plain, "aihe puuttuu joistakin kokeista"),
    }


def test_cli_json_and_text() -> None:
    code, out, err = _run(
        "exam", "preview", "luottamushenkilo", "--draws", "40", "--format", "json"
    )
    assert (code, err) == (0, "")  # no progress bar when stderr is not a terminal
    report = json.loads(out)
    assert report["draws"] == 40 and report["course"] == "luottamushenkilo"
    code, out, err = _run("exam", "preview", "luottamushenkilo", "--draws", "40")
    assert (code, err) == (0, "")
    assert out.startswith("Kurssi luottamushenkilo: 40 arvottua koetta, 12 kysymystä kokeessa.")
    assert "Häirintä ja uhkaukset" in out and "kriittinen" in out
    assert out.rstrip().endswith("Tavoitteet täyttyvät.")


def test_cli_unknown_course_and_bad_draws() -> None:
    code, _out, err = _run("exam", "preview", "sisallontuotaja")
    assert code == 2
    assert "Kurssia 'sisallontuotaja' ei ole (tarkoititko 'sisallontuottaja'?)" in err
    code, _out, err = _run("exam", "preview", "paakayttaja", "--draws", "0")
    assert code == 2


def test_progress_shows_on_a_terminal_only() -> None:
    # stderr on a pseudo-terminal: the progress bar; stdout (a pipe) keeps the report.
    import sys

    from tests.terminal import run_with_terminal_stderr

    proc, seen = run_with_terminal_stderr(
        [sys.executable, "-m", "somekoulutus", "exam", "preview", "paakayttaja"]
        + ["--draws", "30", "--format", "json"]
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["draws"] == 30
    assert "Arvotaan kokeita" in seen
