"""Load courses/ and certificates/ into models, reporting every problem as FILE:LINE:COL.

`inspect_content` checks everything and returns what could be built together with all
issues (the `validate` command shows both); `load_content` is the strict form the
application uses: it returns the content only when there is nothing to report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somekoulutus.content import schema as s
from somekoulutus.content.blueprint import Solver
from somekoulutus.content.errors import ContentError, Issue
from somekoulutus.content.models import (
    AUDIENCES,
    QUESTION_TYPES,
    RIGHTS,
    AttemptPolicy,
    BlueprintTopic,
    CertificateDefinition,
    Channel,
    Choice,
    Content,
    Course,
    Guideline,
    Lesson,
    Organisation,
    Question,
    Quiz,
    ScenarioGroup,
    Section,
)
from somekoulutus.content.schema import FileChecker, suggest
from somekoulutus.content.templates import sample_wording_context, template_error
from somekoulutus.content.yamlnodes import (
    LList,
    LMap,
    Parsed,
    Pos,
    parse_bytes,
    plain,
    without_gc,
)
from somekoulutus.files import UnreadableFile, read_regular

ORGANISATION_FILE = "organisation.yaml"
GUIDELINE_FILE = "guideline.yaml"
_START = Pos(1, 1)


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


def load_content(courses_dir: Path, certificates_dir: Path) -> Content:
    """Load and validate all content; raise ContentError listing every problem."""
    result = inspect_content(Path(courses_dir), Path(certificates_dir))
    content = result.content()
    if result.issues or content is None:
        raise ContentError(result.issues)
    return content


def inspect_content(courses_dir: Path, certificates_dir: Path | None) -> Inspection:
    """Check a courses folder and (unless None) a certificates folder together."""
    certs_dir = (
        certificates_dir if certificates_dir is not None else courses_dir.parent / "certificates"
    )
    with without_gc():
        result = _Run(Inspection(courses_dir, certs_dir)).run(certificates_dir is not None)
    result.issues.sort()
    return result


# Upper bounds of the counting fields: beyond them dates overflow (validity in months
# added to today) or the number cannot be meant.
DEFAULT_UPPER_LIMIT = 10_000
UPPER_LIMITS = {
    "version": 1_000_000,
    "estimated_minutes": 10_000,
    "draw": 10_000,
    "validity_months": 1_200,
}


def _complete(good: dict[str, Any], spec: dict[str, s.Field]) -> bool:
    return all(name in good for name, f in spec.items() if f.required)


def _not_one_of(what: str, value: str, allowed: tuple[str, ...]) -> str:
    """The message for a value outside a fixed set, with the allowed ones and a guess."""
    return (
        f"tuntematon {what} {value!r}: sallitut ovat {', '.join(allowed)}{suggest(value, allowed)}"
    )


def _template_pos(pos: Pos, lineno: int, lines: Sequence[str]) -> Pos:
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


class _Run:
    """One validation run over a pair of folders; ids are unique across all courses."""

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
            fc.error(_START, "tiedosto puuttuu")
            return fc, None
        except UnreadableFile as exc:
            fc.error(_START, str(exc))
            return fc, None
        except OSError as exc:
            fc.error(_START, f"tiedostoa ei voi lukea: {exc.strerror or exc}")
            return fc, None
        parsed = parse_bytes(data)
        for pos, message in parsed.problems:
            fc.error(pos, message)
        return fc, parsed

    def _root(self, path: Path, what: str) -> tuple[FileChecker, LMap | None, Sequence[str]]:
        fc, parsed = self._read(path)
        if parsed is None or parsed.value is None:
            return fc, None, parsed.lines if parsed else []
        return fc, fc.mapping(parsed.value, _START, what), parsed.lines

    def _folder(self, folder: Path, what: str) -> list[Path]:
        if not folder.is_dir():
            FileChecker(display_path(folder), self.issues).error(_START, f"{what} ei löydy")
            return []
        files = []
        for path in sorted(folder.iterdir()):
            if path.suffix == ".yml":
                FileChecker(display_path(path), self.issues).error(
                    _START, "tiedostopäätteen pitää olla .yaml, jotta tiedosto luetaan"
                )
            elif path.suffix == ".yaml":
                # Not only regular files: a FIFO or a device named *.yaml is reported by
                # _read rather than skipped silently.
                files.append(path)
        return files

    def run(self, with_certificates: bool) -> Inspection:
        """Check the courses folder, then (if asked) the certificates against its courses."""
        courses_dir = self.result.courses_dir
        course_files = self._folder(courses_dir, "kurssikansiota")
        if courses_dir.is_dir():
            self._organisation(courses_dir / ORGANISATION_FILE)
            self._guideline(courses_dir / GUIDELINE_FILE)
        for path in course_files:
            if path.name not in (ORGANISATION_FILE, GUIDELINE_FILE):
                self._course(path)
        if with_certificates:
            for path in self._folder(self.result.certificates_dir, "todistuskansiota"):
                self._certificate(path)
        return self.result

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
            fc.error(_template_pos(pos, lineno, lines), message)

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

    # -- organisation.yaml and guideline.yaml -------------------------------------------------

    def _organisation(self, path: Path) -> None:
        fc, root, _ = self._root(path, "organisaatiotiedoston")
        if root is None:
            return
        self.org_data = plain(root)
        good = fc.fields(root, s.ORGANISATION)
        channels = []
        channel_ids: set[str] = set()
        for m, _pos in fc.items(good.get("channels"), "kanavan"):
            ch = fc.fields(m, s.CHANNEL)
            if "id" in ch:
                if ch["id"] in channel_ids:
                    fc.error(m.value_pos["id"], f"kanavan tunniste {ch['id']!r} on jo käytössä")
                channel_ids.add(ch["id"])
            if _complete(ch, s.CHANNEL):
                channels.append(Channel(**{**ch, "hashtags": tuple(ch["hashtags"])}))
        for m, _pos in fc.items(good.get("hashtags"), "aihetunnisteen"):
            fc.fields(m, s.HASHTAG)
        for m, _pos in fc.items(good.get("contacts"), "yhteyshenkilön"):
            fc.fields(m, s.CONTACT)
        if "verification_url" in good:
            problem = verification_url_problem(good["verification_url"])
            if problem:
                fc.error(root.value_pos["verification_url"], problem)
                del good["verification_url"]
        if _complete(good, s.ORGANISATION) and len(channels) == len(good["channels"]):
            self.result.organisation = Organisation(
                name=good["name"],
                website=good["website"],
                intranet=good["intranet"],
                channels=tuple(channels),
                email_domain=good.get("email_domain"),
                social_media_page=good.get("social_media_page"),
                verification_url=good.get("verification_url"),
                data=self.org_data,
            )

    def _guideline(self, path: Path) -> None:
        fc, root, _ = self._root(path, "ohjetiedoston")
        if root is None:
            return
        good = fc.fields(root, s.GUIDELINE)
        if "sections" not in good:
            return
        sections = []
        checked = []
        ids: dict[str, Pos] = {}
        for m, _pos in fc.items(good["sections"], "osion"):
            sec = fc.fields(m, s.SECTION)
            checked.append((m, sec))
            if "id" in sec:
                if sec["id"] in ids:
                    first = ids[sec["id"]].line
                    fc.error(
                        m.value_pos["id"],
                        f"osion tunniste {sec['id']!r} on jo käytössä (rivillä {first})",
                    )
                else:
                    ids[sec["id"]] = m.value_pos["id"]
            if _complete(sec, s.SECTION):
                sections.append(Section(sec["id"], sec["title"], sec.get("parent")))
        for m, sec in checked:
            parent = sec.get("parent")
            if parent is not None and (parent not in ids or parent == sec.get("id")):
                fc.error(
                    m.value_pos["parent"],
                    f"yläosiota {parent!r} ei ole{suggest(parent, ids)}",
                )
        self.section_ids = set(ids)
        if len(sections) == len(good["sections"]):
            self.result.guideline = Guideline(tuple(sections))

    # -- courses ------------------------------------------------------------------------------

    def _course(self, path: Path) -> None:
        fc, root, lines = self._root(path, "kurssitiedoston")
        if root is None:
            return
        good = fc.fields(root, s.COURSE)
        if "id" in good:
            ident = good["id"]
            if ident != path.stem:
                fc.error(
                    root.value_pos["id"],
                    f"kurssin tunniste {ident!r} ei vastaa tiedoston nimeä {path.name!r}",
                )
            elif ident in self.course_ids:
                fc.error(
                    root.value_pos["id"],
                    f"kurssi {ident!r} on jo tiedostossa {self.course_ids[ident]}",
                )
            self.course_ids.setdefault(ident, fc.file)
        if "audience" in good and good["audience"] not in AUDIENCES:
            fc.error(
                root.value_pos["audience"],
                _not_one_of("kohderyhmä", good["audience"], AUDIENCES),
            )
            del good["audience"]
        self._positive(fc, good, root, "version")
        self._positive(fc, good, root, "estimated_minutes")
        lessons = self._lessons(fc, good, root, lines)
        quiz = self._quiz(fc, good["quiz"], lines) if "quiz" in good else None
        if _complete(good, s.COURSE) and lessons is not None and quiz is not None:
            course = Course(
                id=good["id"],
                version=good["version"],
                title=good["title"],
                audience=good["audience"],
                description=good["description"],
                estimated_minutes=good["estimated_minutes"],
                lessons=lessons,
                quiz=quiz,
                path=path,
            )
            self.result.courses.setdefault(course.id, course)

    def _lessons(
        self, fc: FileChecker, good: dict[str, Any], root: LMap, lines: Sequence[str]
    ) -> tuple[Lesson, ...] | None:
        if "lessons" not in good:
            return None
        if not good["lessons"]:
            fc.error(root.value_pos["lessons"], "kurssilla pitää olla vähintään yksi oppitunti")
        built = []
        context = {"organisation": self.org_data}
        for m, _pos in fc.items(good["lessons"], "oppitunnin"):
            lf = fc.fields(m, s.LESSON)
            self._id(fc, "lesson", lf, m)
            self._sources(fc, lf)
            if "body" in lf and self.org_data is not None:
                self._template(fc, lf["body"], m.value_pos["body"], lines, context)
            if _complete(lf, s.LESSON):
                built.append(
                    Lesson(
                        lf["id"],
                        lf["title"],
                        tuple(lf["source"]),
                        lf["body"],
                        tuple(lf["key_points"]),
                    )
                )
        return tuple(built) if len(built) == len(good["lessons"]) else None

    def _quiz(self, fc: FileChecker, m: LMap, lines: Sequence[str]) -> Quiz | None:
        qf = fc.fields(m, s.QUIZ)
        if "pass_mark" in qf and not 0 < qf["pass_mark"] <= 1:
            fc.error(
                m.value_pos["pass_mark"],
                f"läpäisyrajan (pass_mark) pitää olla yli 0 ja enintään 1, esimerkiksi 0.8 "
                f"(nyt: {qf['pass_mark']})",
            )
            del qf["pass_mark"]
        self._positive(fc, qf, m, "draw")
        questions = self._questions(fc, qf.get("questions"), None)
        groups: list[ScenarioGroup] | None = []
        grouped = 0
        for gm, _pos in fc.items(qf.get("scenarios"), "tilanteen"):
            gf = fc.fields(gm, s.SCENARIO_GROUP)
            self._id(fc, "scenario", gf, gm)
            group_questions = self._questions(fc, gf.get("questions"), gf.get("id"))
            if "questions" in gf:
                grouped += len(gf["questions"])
                if not gf["questions"]:
                    fc.error(
                        gm.value_pos["questions"], "tilanteessa pitää olla vähintään yksi kysymys"
                    )
            if (
                _complete(gf, s.SCENARIO_GROUP)
                and group_questions is not None
                and groups is not None
            ):
                groups.append(ScenarioGroup(gf["id"], gf["title"], gf["story"], group_questions))
            else:
                groups = None
        # The pool is only known when the question lists themselves are well formed.
        pool_known = "questions" in qf and ("scenarios" in qf or "scenarios" not in m)
        if pool_known and "draw" in qf and qf["draw"] > len(qf["questions"]) + grouped:
            fc.error(
                m.value_pos["draw"],
                f"arvottavia kysymyksiä (draw: {qf['draw']}) on enemmän kuin kysymyksiä "
                f"yhteensä ({len(qf['questions']) + grouped})",
            )
        rows = self._blueprint(fc, qf.get("blueprint"))
        if not _complete(qf, s.QUIZ) or questions is None or groups is None or rows is None:
            return None
        quiz = Quiz(
            pass_mark=float(qf["pass_mark"]),
            draw=qf["draw"],
            shuffle_choices=qf["shuffle_choices"],
            questions=questions,
            scenarios=tuple(groups),
            blueprint=rows,
        )
        if qf["draw"] <= len(quiz.all_questions()) and not quiz.draw_is_exact():
            sizes = ", ".join(str(len(g.questions)) for g in groups)
            fc.error(
                m.value_pos["draw"],
                f"kokeeseen ei saada aina tasan {qf['draw']} kysymystä (draw): tilanteet "
                f"arvotaan kokonaisina (kysymyksiä tilanteissa: {sizes}) ja erillisiä "
                f"kysymyksiä on {len(questions)}. Muuta draw-arvoa tai lisää erillisiä kysymyksiä.",
            )
        elif rows and qf["draw"] <= len(quiz.all_questions()):
            self._blueprint_fits(fc, quiz, qf["blueprint"], m.key_pos["blueprint"])
        return quiz

    def _blueprint(self, fc: FileChecker, items: LList | None) -> tuple[BlueprintTopic, ...] | None:
        """The blueprint's rows (empty when there is none), or None when a row is broken."""
        if items is None:
            return ()
        built = []
        seen: dict[str, int] = {}
        for bm, _pos in fc.items(items, "koesuunnitelman rivin"):
            bf = fc.fields(bm, s.BLUEPRINT_TOPIC)
            if "topic" in bf:
                if bf["topic"] in seen:
                    fc.error(
                        bm.value_pos["topic"],
                        f"aihe {bf['topic']!r} on koesuunnitelmassa jo rivillä {seen[bf['topic']]}",
                    )
                    del bf["topic"]
                else:
                    seen[bf["topic"]] = bm.value_pos["topic"].line
            self._positive(fc, bf, bm, "min")
            if "max" in bf and "min" in bf and bf["max"] < bf["min"]:
                fc.error(
                    bm.value_pos["max"],
                    f"enimmäismäärä (max: {bf['max']}) on pienempi kuin vähimmäismäärä "
                    f"(min: {bf['min']})",
                )
                del bf["max"]
            if "pass_share" in bf and not 0 < bf["pass_share"] <= 1:
                fc.error(
                    bm.value_pos["pass_share"],
                    f"aiheen läpäisyosuuden (pass_share) pitää olla yli 0 ja enintään 1, "
                    f"esimerkiksi 0.5 (nyt: {bf['pass_share']})",
                )
                del bf["pass_share"]
            if _complete(bf, s.BLUEPRINT_TOPIC) and set(bf) == set(bm):
                share = bf.get("pass_share")
                built.append(
                    BlueprintTopic(
                        bf["topic"],
                        bf["min"],
                        bf.get("max"),
                        None if share is None else float(share),
                    )
                )
        return tuple(built) if len(built) == len(items) else None

    def _blueprint_fits(self, fc: FileChecker, quiz: Quiz, items: LList, where: Pos) -> None:
        """Report, at the first row that shows it, why no attempt can meet the blueprint."""
        pool: dict[str, int] = {}
        for q in quiz.all_questions():
            pool[q.topic] = pool.get(q.topic, 0) + 1
        found = False
        for row, bm in zip(quiz.blueprint, items, strict=True):
            if row.topic not in pool:
                fc.error(
                    bm.value_pos["topic"],
                    f"aiheesta {row.topic!r} ei ole yhtään kysymystä{suggest(row.topic, pool)}",
                )
                found = True
            elif pool[row.topic] < row.min:
                fc.error(
                    bm.value_pos["min"],
                    f"aiheesta {row.topic!r} on vain {pool[row.topic]} kysymystä, mutta "
                    f"jokaisessa kokeessa pitää olla vähintään {row.min}",
                )
                found = True
        least = sum(row.min for row in quiz.blueprint)
        if not found and least > quiz.draw:
            fc.error(
                where,
                f"koesuunnitelman vähimmäismäärät ovat yhteensä {least}, mutta kokeessa on "
                f"vain {quiz.draw} kysymystä (draw)",
            )
            found = True
        solver = Solver.of(quiz.blueprint)
        units = [(q,) for q in quiz.questions] + [g.questions for g in quiz.scenarios]
        if not found and not solver.feasible(quiz.draw, (0,) * len(quiz.blueprint), units):
            fc.error(
                where,
                f"yksikään {quiz.draw} kysymyksen koe ei täytä koesuunnitelmaa: tilanteet "
                "arvotaan kokonaisina, joten niiden aiheet tulevat kokeeseen yhdessä. "
                "Muuta koesuunnitelman määriä tai lisää erillisiä kysymyksiä.",
            )
            found = True
        if found:
            return
        # A scenario that no attempt can hold is never asked: its questions are dead weight.
        for index, group in enumerate(quiz.scenarios):
            vec = solver.vector(group.questions)
            rest = units[: len(quiz.questions) + index] + units[len(quiz.questions) + index + 1 :]
            if len(group.questions) > quiz.draw or not (
                solver.within_highs(vec)
                and solver.feasible(quiz.draw - len(group.questions), vec, rest)
            ):
                fc.error(
                    where,
                    f"tilanne {group.id!r} ei mahdu yhteenkään kokeeseen koesuunnitelman "
                    "mukaan (tilanne arvotaan kokonaisena): muuta määriä tai tilannetta",
                )

    def _questions(
        self, fc: FileChecker, items: LList | None, group: str | None
    ) -> tuple[Question, ...] | None:
        if items is None:
            return None
        built = []
        for m, _pos in fc.items(items, "kysymyksen"):
            question = self._question(fc, m, group)
            if question is not None:
                built.append(question)
        return tuple(built) if len(built) == len(items) else None

    def _question(self, fc: FileChecker, m: LMap, group: str | None) -> Question | None:
        qf = fc.fields(m, s.QUESTION)
        self._id(fc, "question", qf, m)
        self._sources(fc, qf)
        kind = qf.get("type")
        if kind is not None and kind not in QUESTION_TYPES:
            fc.error(
                m.value_pos["type"],
                _not_one_of("kysymystyyppi", kind, QUESTION_TYPES),
            )
            kind = None
            del qf["type"]
        choices = self._choices(fc, qf.get("choices"), m, kind)
        if not _complete(qf, s.QUESTION) or choices is None:
            return None
        return Question(
            id=qf["id"],
            topic=qf["topic"],
            type=qf["type"],
            prompt=qf["prompt"],
            choices=choices,
            explanation=qf["explanation"],
            source=tuple(qf["source"]),
            scenario=qf.get("scenario"),
            group=group,
        )

    def _choices(
        self, fc: FileChecker, items: LList | None, m: LMap, kind: str | None
    ) -> tuple[Choice, ...] | None:
        if items is None:
            return None
        built = []
        texts: dict[str, int] = {}
        correct_pos: list[Pos] = []
        for cm, _pos in fc.items(items, "vastausvaihtoehdon"):
            cf = fc.fields(cm, s.CHOICE)
            if "text" in cf:
                key = cf["text"].strip()
                if key in texts:
                    fc.error(
                        cm.value_pos["text"],
                        f"sama vastausvaihtoehto on jo rivillä {texts[key]}",
                    )
                else:
                    texts[key] = cm.value_pos["text"].line
            if cf.get("correct") is True:
                correct_pos.append(cm.value_pos["correct"])
            if _complete(cf, s.CHOICE):
                built.append(Choice(cf["text"], cf["correct"], cf["feedback"]))
        where = m.key_pos["choices"]
        if len(items) < 2:
            fc.error(
                where,
                f"kysymyksellä pitää olla vähintään kaksi vastausvaihtoehtoa (nyt {len(items)})",
            )
        if len(built) != len(items):
            return None
        if kind is not None:
            self._correct_counts(fc, kind, built, correct_pos, where)
        return tuple(built)

    def _correct_counts(
        self, fc: FileChecker, kind: str, built: list[Choice], correct_pos: list[Pos], where: Pos
    ) -> None:
        n_correct = len(correct_pos)
        if kind == "true_false" and len(built) != 2:
            fc.error(
                where,
                f"true_false-kysymyksellä pitää olla täsmälleen kaksi vaihtoehtoa (nyt {len(built)})",
            )
        if kind in ("single", "true_false") and n_correct != 1:
            pos = correct_pos[1] if n_correct > 1 else where
            fc.error(
                pos,
                f"{kind}-kysymyksessä pitää olla täsmälleen yksi oikea vaihtoehto (nyt {n_correct})",
            )
        if kind == "multiple" and n_correct == 0:
            fc.error(where, "multiple-kysymyksessä pitää olla vähintään yksi oikea vaihtoehto")
        if kind == "multiple" and n_correct == len(built) and built:
            fc.error(where, "multiple-kysymyksessä pitää olla vähintään yksi väärä vaihtoehto")

    # -- certificates -------------------------------------------------------------------------

    def _certificate(self, path: Path) -> None:
        fc, root, lines = self._root(path, "todistustiedoston")
        if root is None:
            return
        good = fc.fields(root, s.CERTIFICATE)
        if "id" in good and good["id"] != path.stem:
            fc.error(
                root.value_pos["id"],
                f"todistuksen tunniste {good['id']!r} ei vastaa tiedoston nimeä {path.name!r}",
            )
        self._positive(fc, good, root, "validity_months")
        if "requires" in good:
            requires: LList = good["requires"]
            if not requires:
                fc.error(root.value_pos["requires"], "todistus vaatii vähintään yhden kurssin")
            for ident, pos in zip(requires, requires.item_pos, strict=True):
                if ident not in self.course_ids:
                    fc.error(pos, f"tuntematon kurssi {ident!r}{suggest(ident, self.course_ids)}")
        if "grants" in good:
            grants: LList = good["grants"]
            for right, pos in zip(grants, grants.item_pos, strict=True):
                if right not in RIGHTS:
                    fc.error(pos, _not_one_of("oikeus", right, RIGHTS))
        if "wording" in good and self.org_data is not None:
            context = sample_wording_context(self.org_data)
            self._template(fc, good["wording"], root.value_pos["wording"], lines, context)
        policy = self._attempt_policy(fc, good)
        if _complete(good, s.CERTIFICATE) and ("attempt_policy" not in root or policy):
            definition = CertificateDefinition(
                id=good["id"],
                title=good["title"],
                requires=tuple(good["requires"]),
                validity_months=good["validity_months"],
                grants=tuple(good["grants"]),
                wording=good["wording"],
                path=path,
                attempt_policy=policy,
            )
            self.result.certificates.setdefault(definition.id, definition)

    def _attempt_policy(self, fc: FileChecker, good: dict[str, Any]) -> AttemptPolicy | None:
        if "attempt_policy" not in good:
            return None
        m: LMap = good["attempt_policy"]
        pf = fc.fields(m, s.ATTEMPT_POLICY)
        self._positive(fc, pf, m, "attempts")
        if "wait_hours" in pf and pf["wait_hours"] <= 0:
            fc.error(
                m.value_pos["wait_hours"],
                f"odotusajan (wait_hours) pitää olla yli 0 tuntia (nyt: {pf['wait_hours']})",
            )
            del pf["wait_hours"]
        if not _complete(pf, s.ATTEMPT_POLICY) or set(pf) != set(m):
            return None
        return AttemptPolicy(pf["attempts"], float(pf["wait_hours"]))


#: The longest verification address: it goes into every certificate's QR code.
VERIFICATION_URL_MAX = 200


def verification_url_problem(url: str) -> str | None:
    """Why `verification_url` cannot be used (Finnish), or None when it is fine."""
    name = "verification_url"
    if not url.startswith("https://") or len(url) <= len("https://"):
        return f"kentän {name!r} pitää olla https-osoite (https://...)"
    if len(url) > VERIFICATION_URL_MAX:
        return (
            f"kentän {name!r} osoite on liian pitkä QR-koodiin (yli {VERIFICATION_URL_MAX} merkkiä)"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return f"kentän {name!r} osoitteessa ei saa olla välilyöntejä eikä ohjausmerkkejä"
    if url.count("{id}") > 1 or (
        url.replace("{id}", "").count("{") + url.replace("{id}", "").count("}")
    ):
        return (
            f"kentän {name!r} osoitteessa saa olla vain yksi paikka {{id}} todistuksen tunnukselle"
        )
    return None
