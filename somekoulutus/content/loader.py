"""Load courses/ and certificates/ into models, reporting every problem as FILE:LINE:COL.

`inspect_content` checks everything and returns what could be built together with all
issues (the `validate` command shows both); `load_content` is the strict form the
application uses: it returns the content only when there is nothing to report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from somekoulutus.content import schema as s
from somekoulutus.content.certificate_checks import CertificateChecks, verification_url_problem
from somekoulutus.content.checks import (
    GUIDELINE_FILE,
    ORGANISATION_FILE,
    Inspection,
    complete,
    not_one_of,
)
from somekoulutus.content.errors import ContentError
from somekoulutus.content.models import (
    AUDIENCES,
    Channel,
    Content,
    Course,
    Guideline,
    Lesson,
    Organisation,
    Section,
)
from somekoulutus.content.quiz_checks import QuizChecks
from somekoulutus.content.schema import FileChecker, suggest
from somekoulutus.content.yamlnodes import (
    LMap,
    Pos,
    plain,
    without_gc,
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


class _Run(QuizChecks, CertificateChecks):
    """One validation run over a pair of folders; ids are unique across all courses."""

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
            if complete(ch, s.CHANNEL):
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
        if complete(good, s.ORGANISATION) and len(channels) == len(good["channels"]):
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
            if complete(sec, s.SECTION):
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
                not_one_of("kohderyhmä", good["audience"], AUDIENCES),
            )
            del good["audience"]
        self._positive(fc, good, root, "version")
        self._positive(fc, good, root, "estimated_minutes")
        lessons = self._lessons(fc, good, root, lines)
        quiz = self._quiz(fc, good["quiz"], lines) if "quiz" in good else None
        if complete(good, s.COURSE) and lessons is not None and quiz is not None:
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
            if complete(lf, s.LESSON):
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
