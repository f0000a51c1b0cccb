"""`somekoulutus validate`: lint course and certificate folders, as text or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from somekoulutus import review
from somekoulutus.cli.context import AppContext, pass_app
from somekoulutus.content import cues
from somekoulutus.content.checks import GUIDELINE_FILE, ORGANISATION_FILE, Inspection, display_path
from somekoulutus.content.errors import Issue
from somekoulutus.content.loader import inspect_content
from somekoulutus.content.stats import certificate_stats, course_stats, guideline_coverage
from somekoulutus.safetext import json_text

Pair = tuple[Path, Path | None]


def _kind(folder: Path) -> str:
    """'root' (holds courses/), 'courses' or 'certificates'."""
    if (folder / "courses").is_dir():
        return "root"
    if (folder / ORGANISATION_FILE).exists() or (folder / GUIDELINE_FILE).exists():
        return "courses"
    if folder.name == "certificates":
        return "certificates"
    # A certificates folder under another name: its files define what courses they require.
    for path in folder.glob("*.yaml"):
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            continue
        if any(line.startswith("requires:") for line in text.splitlines()):
            return "certificates"
    return "courses"


def _sibling(folder: Path, name: str) -> Path:
    return folder.absolute().parent / name


def pairs_for(paths: tuple[Path, ...]) -> list[Pair]:
    """Group the given folders into (courses, certificates or None) pairs to check together."""
    result: list[Pair] = []
    open_courses: Path | None = None  # a courses folder still waiting for its certificates
    for folder in paths:
        kind = _kind(folder)
        if kind == "root":
            certs = folder / "certificates"
            result.append((folder / "courses", certs if certs.is_dir() else None))
            open_courses = None
        elif kind == "courses":
            certs = _sibling(folder, "certificates")
            result.append((folder, certs if certs.is_dir() else None))
            open_courses = folder
        elif open_courses is not None:
            result[-1] = (open_courses, folder)
            open_courses = None
        else:
            courses = _sibling(folder, "courses")
            if not courses.is_dir():
                raise click.UsageError(
                    f"Todistuskansiolle {folder} ei löydy kurssikansiota: anna se ennen "
                    "todistuskansiota (validate KURSSIT TODISTUKSET)."
                )
            result.append((courses, folder))
    # The same pair named twice is checked once.
    unique: dict[tuple[Path, Path | None], Pair] = {}
    for courses_dir, certs_dir in result:
        key = (courses_dir.resolve(), certs_dir.resolve() if certs_dir else None)
        unique.setdefault(key, (courses_dir, certs_dir))
    return list(unique.values())


def _line_of(path: Path, wanted: str) -> int:
    """The first line of a course file that is `wanted` once indented and a list dash are
    left out (1 when there is none)."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next(
        (n for n, line in enumerate(lines, 1) if line.strip().lstrip("- ").rstrip() == wanted),
        1,
    )


def _cue_warnings(result: Inspection) -> list[Issue]:
    """Wording cues per course, at the course's `quiz:` line."""
    content = result.content()
    if content is None:
        return []
    out = []
    for course in result.courses.values():
        found = cues.findings(course.id, cues.course_cues(content, course))
        if found and course.path is not None:
            where = display_path(course.path)
            line = _line_of(course.path, "quiz:")
            out += [Issue(where, line, 1, f"vihje vastaukseen: {f.message}") for f in found]
    return out


def _untaught_warnings(result: Inspection) -> list[Issue]:
    """Questions whose guideline sections no lesson of the same course teaches."""
    content = result.content()
    if content is None:
        return []
    out = []
    for course in result.courses.values():
        if course.path is None:
            continue
        for q in review.untaught_questions(content, course):
            out.append(
                Issue(
                    display_path(course.path),
                    _line_of(course.path, f"id: {q.id}"),
                    1,
                    f"kysymyksen {q.id} lähdeosioita ({', '.join(q.source)}) ei käsitellä "
                    "yhdessäkään tämän kurssin oppitunnissa",
                )
            )
    return out


def _report(pairs: list[Pair], strict: bool = False) -> dict[str, Any]:
    issues = []
    warnings: list[Issue] = []
    courses: list[dict[str, Any]] = []
    certificates: list[dict[str, Any]] = []
    coverage: dict[str, dict[str, int]] = {}
    for courses_dir, certs_dir in pairs:
        result = inspect_content(courses_dir, certs_dir)
        issues += result.issues
        warnings += _cue_warnings(result) + _untaught_warnings(result)
        courses += [course_stats(c) for c in result.courses.values()]
        certificates += [certificate_stats(d) for d in result.certificates.values()]
        if result.guideline is not None:
            found = guideline_coverage(result.guideline, result.courses.values())
            for section, counts in found.items():
                total = coverage.setdefault(section, {"lessons": 0, "questions": 0})
                total["lessons"] += counts["lessons"]
                total["questions"] += counts["questions"]
    if strict:
        issues, warnings = issues + warnings, []
    issues.sort()
    warnings.sort()
    return {
        "ok": not issues,
        "errors": [
            {"file": i.file, "line": i.line, "column": i.column, "message": i.message}
            for i in issues
        ],
        "warnings": [
            {"file": i.file, "line": i.line, "column": i.column, "message": i.message}
            for i in warnings
        ],
        "courses": courses,
        "certificates": certificates,
        "guideline_coverage": coverage,
    }


def _summary(report: dict[str, Any]) -> str:
    errors = report["errors"]
    if errors:
        files = len({e["file"] for e in errors})
        return (
            f"Löytyi {len(errors)} {'virhe' if len(errors) == 1 else 'virhettä'} "
            f"{files} tiedostossa."
        )
    questions = sum(c["questions"] for c in report["courses"])
    text = (
        f"Sisältö on kunnossa: kursseja {len(report['courses'])}, "
        f"kysymyksiä {questions}, todistuksia {len(report['certificates'])}."
    )
    if report["warnings"]:
        n = len(report["warnings"])
        text += f" Varoituksia {n} (--strict tekee niistä virheitä)."
    return text


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Tulosteen muoto.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Varoitukset (vihjeet oikeaan vastaukseen, opettamattomat kysymykset) ovat virheitä.",
)
@pass_app
def validate(app: AppContext, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Tarkista kurssi- ja todistuskansiot; virheet muodossa TIEDOSTO:RIVI:SARAKE.

    PATH on kurssikansio, todistuskansio tai kansio, jossa on molemmat (courses/ ja
    certificates/). Ilman PATHia tarkistetaan käytössä oleva sisältö.

    Lisäksi kursseittain tarkistetaan, paljastaako sanamuoto oikean vastauksen:
    ehdottomat sanat, varaukset ja perustelut oikeissa ja väärissä vaihtoehdoissa,
    oikean vaihtoehdon pituus ja väittämien tosi/epätosi-tasapaino. Samoin
    tarkistetaan, että jokaisen kysymyksen lähdeosiota käsitellään kurssin
    oppitunneissa. Nämä ovat varoituksia, --strict-valinnalla virheitä.
    """
    if paths:
        pairs = pairs_for(paths)
    else:
        assert app.courses_dir is not None
        pairs = [(app.courses_dir, app.certificates_dir)]
    report = _report(pairs, strict)
    if fmt == "json":
        click.echo(json_text(report))
    else:
        for e in report["errors"]:
            click.echo(f"{e['file']}:{e['line']}:{e['column']}: {e['message']}")
        for e in report["warnings"]:
            click.echo(f"{e['file']}:{e['line']}:{e['column']}: varoitus: {e['message']}")
        click.echo(_summary(report))
    if not report["ok"]:
        raise click.exceptions.Exit(1)
