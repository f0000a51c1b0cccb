"""`somekoulutus items stats`: item analysis of the quiz questions, for admins."""

from __future__ import annotations

from typing import Any

import click

from somekoulutus.cli.admin_common import content_of, emit, fail, format_option, guarded, require
from somekoulutus.cli.context import AppContext, pass_app

COLUMNS = (
    ("course", "Kurssi"),
    ("question", "Kysymys"),
    ("topic", "Aihe"),
    ("shown", "Näytetty"),
    ("learners", "Henkilöitä"),
    ("facility", "Helppous"),
    ("discrimination", "Erottelu"),
    ("options", "Vastausjakauma"),
    ("flags", "Huomiot"),
)


@click.group("items")
def items_group() -> None:
    """Kysymysten tilastot (ylläpitäjille)."""


@items_group.command("stats")
@click.option("--course", "course_id", metavar="C", help="Vain tämä kurssi.")
@format_option("table", "csv", "json")
@pass_app
@guarded
def stats(app: AppContext, course_id: str | None, fmt: str) -> None:
    """Kysymyskohtaiset tilastot: helppous, erottelukyky ja vastausjakauma.

    Liian helpot (> 95 %), liian vaikeat (< 30 %) ja huonosti erottelevat (< 0,20)
    kysymykset merkitään, kun vähintään 30 henkilöä on nähnyt kysymyksen.
    """
    from somekoulutus.item_stats import FLAG_TEXTS, course_stats

    require(app)
    content = content_of(app)
    if course_id is not None and course_id not in content.courses:
        known = ", ".join(sorted(content.courses))
        fail(f"Tuntematon kurssi {course_id}. Tunnetut: {known}.", 2)
    courses = [content.courses[course_id]] if course_id else list(content.courses.values())
    rows: list[dict[str, Any]] = []
    for course in courses:
        for s in course_stats(app.store(), course):
            if fmt == "json":
                rows.append(
                    {
                        "course": course.id,
                        "question": s.question_id,
                        "topic": s.topic,
                        "shown": s.shown,
                        "learners": s.learners,
                        "facility": s.facility,
                        "discrimination": s.discrimination,
                        "option_shares": list(s.option_shares),
                        "flags": list(s.flags),
                    }
                )
                continue
            rows.append(
                {
                    "course": course.id,
                    "question": s.question_id,
                    "topic": s.topic,
                    "shown": s.shown,
                    "learners": s.learners,
                    "facility": _percent(s.facility),
                    "discrimination": "–"
                    if s.discrimination is None
                    else f"{s.discrimination:.2f}",
                    "options": " / ".join(
                        f"{chr(65 + i)} {_percent(x)}" for i, x in enumerate(s.option_shares)
                    ),
                    "flags": ", ".join(FLAG_TEXTS[f] for f in s.flags),
                }
            )
    emit(rows, COLUMNS, fmt)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"
