"""`somekoulutus exam preview COURSE`: how a course's exam turns out over many attempts."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.content import ContentError, load_content
from somekoulutus.content.models import Content, Course
from somekoulutus.content.schema import suggest
from somekoulutus.exam_preview import missed_targets, preview


def content_and_course(app: AppContext, course_id: str) -> tuple[Content, Course]:
    """The content in use and its course with this id; exit 2 with the reason if none."""
    assert app.courses_dir is not None and app.certificates_dir is not None
    try:
        content = load_content(app.courses_dir, app.certificates_dir)
    except ContentError as exc:
        click.echo(f"Kurssisisältöä ei voitu lukea:\n{exc}", err=True)
        raise click.exceptions.Exit(2) from None
    if course_id not in content.courses:
        known = ", ".join(sorted(content.courses))
        click.echo(
            f"Kurssia {course_id!r} ei ole{suggest(course_id, content.courses)}. Kurssit: {known}.",
            err=True,
        )
        raise click.exceptions.Exit(2)
    return content, content.courses[course_id]


@click.group("exam")
def exam_group() -> None:
    """Kokeen suunnittelu kurssin laatijoille."""


def _share(x: float) -> str:
    return f"{x * 100:.1f} %".replace(".", ",")


def _text(course: Course, report: dict[str, Any]) -> str:
    rows = {row.topic: row for row in course.quiz.blueprint}
    lines = [
        f"Kurssi {report['course']}: {report['draws']} arvottua koetta, "
        f"{report['questions_per_attempt']} kysymystä kokeessa.",
        "",
    ]
    header = ("Aihe", "Suunnitelma", "Pooli", "Min", "Ka", "Max", "Läpi väärin vastaten")
    table = [header]
    for topic, t in report["topics"].items():
        row = rows.get(topic)
        if row is None:
            plan = "–"
        else:
            plan = f"{row.min}–{row.max if row.max is not None else ''}"
            plan += " kriittinen" if row.critical else ""
        table.append(
            (
                topic,
                plan,
                str(t["pool"]),
                str(t["min"]),
                f"{t['mean']:.1f}".replace(".", ","),
                str(t["max"]),
                _share(t["pass_while_failing"]),
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for r in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    exposure = ", ".join(
        f"{k} {'koe' if k == '1' else 'koetta'}: {_share(v)}"
        for k, v in report["exposure_after"].items()
    )
    lines += ["", f"Nähty osuus poolista (uusinta välttää edellisen kokeen kysymykset): {exposure}"]
    return "\n".join(lines)


@exam_group.command("preview")
@click.argument("course_id", metavar="KURSSI")
@click.option(
    "--draws",
    type=click.IntRange(min=1, max=100_000),
    default=1000,
    show_default=True,
    help="Montako koetta arvotaan.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Tulosteen muoto.",
)
@pass_app
def exam_preview(app: AppContext, course_id: str, draws: int, fmt: str) -> None:
    """Arvo kurssin kokeita oikealla arvonnalla ja näytä, miten koesuunnitelma toteutuu.

    Aiheittain: kysymyksiä poolissa, vähin, keskimäärin ja enin kokeessa sekä kuinka
    suuri osa kokeista menisi läpi, vaikka aiheen kaikkiin kysymyksiin vastaisi väärin.
    Lisäksi kuinka suuren osan poolista oppija näkee 1, 2 ja 3 kokeessa. Tavoitteet:
    jokainen koesuunnitelman aihe jokaisessa kokeessa ja kriittisessä aiheessa ei
    läpäisyä väärin vastaten. Poistuu koodilla 1, jos tavoite ei täyty.
    """
    _content, course = content_and_course(app, course_id)
    if sys.stderr.isatty():
        with click.progressbar(length=draws, label="Arvotaan kokeita", file=sys.stderr) as bar:
            report = preview(course, draws, lambda done: bar.update(done - bar.pos))
    else:
        report = preview(course, draws)
    missed = missed_targets(course, report)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(_text(course, report))
        if not missed:
            click.echo("Tavoitteet täyttyvät.")
    for target in missed:
        click.echo(f"Tavoite ei täyty: {target.topic}: {target.message}", err=True)
    if missed:
        raise click.exceptions.Exit(1)
