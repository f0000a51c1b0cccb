"""What every part of a content validation run shares: the result being built, reading
files, ids unique across all courses, and the checks of single fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somekoulutus.content import schema as s
from somekoulutus.content.errors import Issue
from somekoulutus.content.models import (
    CertificateDefinition,
    Content,
    Course,
    Guideline,
    Organisation,
)
from somekoulutus.content.schema import FileChecker, suggest
from somekoulutus.content.templates import template_error
from somekoulutus.content.yamlnodes import (
    LList,
    LMap,
    Parsed,
    Pos,
    parse_bytes,
)
from somekoulutus.files import UnreadableFile, read_regular

ORGANISATION_FILE = "organisation.yaml"
GUIDELINE_FILE = "guideline.yaml"
START = Pos(1, 1)


def display_path(path: Path) -> str:
    """A path as people should see it: relative to the current folder when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class Inspection:
    """Everything that could be built from the content folders, and every issue found."""

    courses_dir: Path
    certificates_dir: Path
    issues: list[Issue] = field(default_factory=list)
    organisation: Organisation | None = None
    guideline: Guideline | None = None
    courses: dict[str, Course] = field(default_factory=dict)
    certificates: dict[str, CertificateDefinition] = field(default_factory=dict)

    def content(self) -> Content | None:
        """The content built so far, or None when organisation or guideline is unusable."""
        if self.organisation is None or self.guideline is None:
            return None
        return Content(
            organisation=self.organisation,
            guideline=self.guideline,
            courses=self.courses,
            certificates=self.certificates,
            courses_dir=self.courses_dir,
            certificates_dir=self.certificates_dir,
        )


# Upper bounds of the counting fields: beyond them dates overflow (validity in months
# added to today) or the number cannot be meant.
DEFAULT_UPPER_LIMIT = 10_000
UPPER_LIMITS = {
    "version": 1_000_000,
    "estimated_minutes": 10_000,
    "draw": 10_000,
    "validity_months": 1_200,
}


def complete(good: dict[str, Any], spec: dict[str, s.Field]) -> bool:
    return all(name in good for name, f in spec.items() if f.required)


def not_one_of(what: str, value: str, allowed: tuple[str, ...]) -> str:
    """The message for a value outside a fixed set, with the allowed ones and a guess."""
    return (
        f"tuntematon {what} {value!r}: sallitut ovat {', '.join(allowed)}{suggest(value, allowed)}"
    )


def template_pos(pos: Pos, lineno: int, lines: Sequence[str]) -> Pos:
    """Where line `lineno` of a template whose value starts at `pos` is in the file."""
    # Only a literal block keeps the file's lines; quoted and folded text is joined or
    # escaped, so the best place there is the start of the value.
    if not pos.block:
        return pos
    line = pos.line + lineno
    if line <= len(lines):
        text = lines[line - 1]
        return Pos(line, len(text) - len(text.lstrip()) + 1)
    return pos


class RunBase:
    """The state of one validation run over a pair of folders, and what every check uses."""

    def __init__(self, result: Inspection) -> None:
        self.result = result
        self.issues = result.issues
        self.org_data: dict[str, Any] | None = None
        self.section_ids: set[str] | None = None
        self.course_ids: dict[str, str] = {}
        # id -> "FILE:LINE" of its first appearance, one namespace per kind.
        self.seen: dict[str, dict[str, str]] = {"lesson": {}, "question": {}, "scenario": {}}

    # -- files -----------------------------------------------------------------------------

    def _read(self, path: Path) -> tuple[FileChecker, Parsed | None]:
        fc = FileChecker(display_path(path), self.issues)
        try:
            data = read_regular(path)
        except FileNotFoundError:
            fc.error(START, "tiedosto puuttuu")
            return fc, None
        except UnreadableFile as exc:
            fc.error(START, str(exc))
            return fc, None
        except OSError as exc:
            fc.error(START, f"tiedostoa ei voi lukea: {exc.strerror or exc}")
            return fc, None
        parsed = parse_bytes(data)
        for pos, message in parsed.problems:
            fc.error(pos, message)
        return fc, parsed

    def _root(self, path: Path, what: str) -> tuple[FileChecker, LMap | None, Sequence[str]]:
        fc, parsed = self._read(path)
        if parsed is None or parsed.value is None:
            return fc, None, parsed.lines if parsed else []
        return fc, fc.mapping(parsed.value, START, what), parsed.lines

    def _folder(self, folder: Path, what: str) -> list[Path]:
        if not folder.is_dir():
            FileChecker(display_path(folder), self.issues).error(START, f"{what} ei löydy")
            return []
        files = []
        for path in sorted(folder.iterdir()):
            if path.suffix == ".yml":
                FileChecker(display_path(path), self.issues).error(
                    START, "tiedostopäätteen pitää olla .yaml, jotta tiedosto luetaan"
                )
            elif path.suffix == ".yaml":
                # Not only regular files: a FIFO or a device named *.yaml is reported by
                # _read rather than skipped silently.
                files.append(path)
        return files

    def _id(self, fc: FileChecker, kind: str, good: dict[str, Any], m: LMap) -> None:
        """Record an id, or report it as a duplicate of an earlier one."""
        if "id" not in good:
            return
        ident, pos = good["id"], m.value_pos["id"]
        first = self.seen[kind].get(ident)
        names = {"lesson": "oppitunnin", "question": "kysymyksen", "scenario": "tilanteen"}
        if first is not None:
            fc.error(pos, f"{names[kind]} tunniste {ident!r} on jo käytössä ({first})")
        else:
            self.seen[kind][ident] = f"{fc.file}:{pos.line}"

    def _sources(self, fc: FileChecker, good: dict[str, Any]) -> None:
        if self.section_ids is None or "source" not in good:
            return
        sources: LList = good["source"]
        for ident, pos in zip(sources, sources.item_pos, strict=True):
            if ident not in self.section_ids:
                fc.error(
                    pos,
                    f"lähdettä {ident!r} ei ole tiedostossa {GUIDELINE_FILE}"
                    f"{suggest(ident, self.section_ids)}",
                )

    def _template(
        self, fc: FileChecker, text: str, pos: Pos, lines: Sequence[str], context: dict[str, Any]
    ) -> None:
        failure = template_error(text, context)
        if failure is not None:
            lineno, message = failure
            fc.error(template_pos(pos, lineno, lines), message)

    def _share(
        self, fc: FileChecker, good: dict[str, Any], m: LMap, name: str, what: str, example: str
    ) -> None:
        """A share of answers that must be right: over 0 and at most 1."""
        if name in good and not 0 < good[name] <= 1:
            fc.error(
                m.value_pos[name],
                f"{what} ({name}) pitää olla yli 0 ja enintään 1, esimerkiksi {example} "
                f"(nyt: {good[name]})",
            )
            del good[name]

    def _positive(self, fc: FileChecker, good: dict[str, Any], m: LMap, name: str) -> None:
        if name in good and good[name] < 1:
            fc.error(m.value_pos[name], f"kentän {name!r} pitää olla vähintään 1")
            del good[name]
        elif name in good and good[name] > UPPER_LIMITS.get(name, DEFAULT_UPPER_LIMIT):
            limit = UPPER_LIMITS.get(name, DEFAULT_UPPER_LIMIT)
            fc.error(
                m.value_pos[name],
                f"kentän {name!r} arvo {good[name]} on liian suuri (enintään {limit})",
            )
            del good[name]
