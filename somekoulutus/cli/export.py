"""`somekoulutus export gift COURSE`: a course's questions for Moodle (GIFT format)."""

from __future__ import annotations

from pathlib import Path

import click

from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.cli.exam import content_and_course
from somekoulutus.content.gift import course_gift


@click.group("export")
def export_group() -> None:
    """Kurssin kysymykset muihin järjestelmiin (Moodle)."""


@export_group.command("gift")
@click.argument("course_id", metavar="KURSSI")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Tiedosto, johon kirjoitetaan (oletus: tulostus näytölle).",
)
@pass_app
def export_gift(app: AppContext, course_id: str, output: Path | None) -> None:
    """Kirjoita kurssin kysymykset palautteineen Moodlen GIFT-muodossa.

    Jokainen kysymys otsikoidaan tunnisteellaan; vastausvaihtoehdoilla on omat
    palautteensa, ja perustelu ja ohjeen kohta ovat yleisenä palautteena. Tilanteen
    kysymyksissä on tilanteen kuvaus. Tiedoston voi tuoda Moodlen kysymyspankkiin.
    """
    content, course = content_and_course(app, course_id)
    text = course_gift(content, course)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, "utf-8")
    except OSError as exc:
        click.echo(f"Tiedostoon {output} ei voitu kirjoittaa: {exc.strerror or exc}", err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(
        f"Kirjoitettu {len(course.quiz.all_questions())} kysymystä tiedostoon {output}.", err=True
    )
