"""A learner's way through the courses: states for the home screen, where to resume and
the quiz attempt in progress (what to review after a failed one: `review`). No Textual here."""

import random
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from somekoulutus.certs.payload import finnish_date, parse_time
from somekoulutus.content.models import (
    AttemptPolicy,
    Content,
    Course,
    Lesson,
)
from somekoulutus.store.base import Store
from somekoulutus.store.learning import Attempt, Position
from somekoulutus.store.people import Person

if TYPE_CHECKING:
    from somekoulutus import quiz
    from somekoulutus.certs.model import CertificateRecord

# `quiz` (the draw and its blueprint solver) and `exam_policy` are imported by the functions
# of an attempt, not here: the home screen, the first screen of every start, needs neither.

ROLES = {"tyontekija": "työntekijä", "luottamushenkilo": "luottamushenkilö"}


# -- text ------------------------------------------------------------------------------


def rendered(content: Content, template: str) -> str:
    """A content text with the organisation's facts filled in.

    The validator renders every template before the app starts; falling back to the
    raw text keeps a template it could not foresee from ever crashing a lesson.
    """
    # Jinja2 is imported with the first lesson shown, not at start (the content is cached).
    from jinja2 import TemplateError

    from somekoulutus.content.render import render

    try:
        return render(template, {"organisation": content.organisation.data})
    except TemplateError:
        return template


def unwrapped(markdown: str) -> str:
    """Markdown prose as plain text: lines of a paragraph joined, paragraphs kept apart.

    In Markdown a single line break is only a space; shown as plain text it would cut
    sentences in mid-line.
    """
    paragraphs = re.split(r"\n\s*\n", markdown.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


# -- course states ---------------------------------------------------------------------


class CourseState(NamedTuple):
    """Where a person stands in one course."""

    course: Course
    read: frozenset[str]
    #: When the latest passed attempt was finished (ISO), or None.
    passed_at: str | None
    #: The unfinished attempt that still fits the course, or None.
    open_attempt: Attempt | None

    @property
    def total(self) -> int:
        return len(self.course.lessons)

    @property
    def read_count(self) -> int:
        return len(self.read)

    @property
    def quiz_unlocked(self) -> bool:
        """The quiz opens once every lesson is read."""
        return self.read_count >= self.total

    @property
    def started(self) -> bool:
        return bool(self.read or self.open_attempt or self.passed_at)

    def first_unread(self) -> Lesson | None:
        """The first lesson in course order that has not been read."""
        return next((x for x in self.course.lessons if x.id not in self.read), None)

    def summary(self) -> str:
        """One line for the home screen (certificates are shown beside it)."""
        if self.passed_at:
            return f"Koe läpäisty {finnish_date(self.passed_at)}"
        if self.open_attempt:
            done, total = len(self.open_attempt.answers), len(self.open_attempt.plan)
            return f"Koe kesken: vastattu {done}/{total}"
        if not self.started:
            return (
                f"Aloittamatta · {self.total} oppituntia, noin {self.course.estimated_minutes} min"
            )
        if self.quiz_unlocked:
            return f"Oppitunnit luettu {self.read_count}/{self.total} · koe on avoinna"
        return f"Oppitunteja luettu {self.read_count}/{self.total}"


def attempt_fits(course: Course, attempt: Attempt) -> bool:
    """An attempt can go on only with the course version and questions it was drawn from."""
    if attempt.course_version != course.version:
        return False
    ids = {q.id for q in course.quiz.all_questions()}
    return all(p.question_id in ids for p in attempt.plan)


def course_state(
    store: Store, login: str, course: Course, latest: dict[str, Attempt] | None = None
) -> CourseState:
    """The state of one course for one person (`latest`: `store.latest_passed(login)`, when
    the caller has read it already)."""
    lesson_ids = {x.id for x in course.lessons}
    read = frozenset(store.lessons_read(login, course.id) & lesson_ids)
    passed = (store.latest_passed(login) if latest is None else latest).get(course.id)
    attempt = store.open_attempt(login, course.id)
    if attempt is not None and not attempt_fits(course, attempt):
        attempt = None
    return CourseState(course, read, passed.finished_at if passed else None, attempt)


def courses_for(content: Content, role: str) -> list[Course]:
    """The role's courses, the basic ones first: a course more certificates rest on
    (the content producers' course under the main users' one) comes earlier."""
    needed = {
        c: sum(c in d.requires for d in content.certificates.values()) for c in content.courses
    }
    return sorted(content.courses_for(role), key=lambda c: -needed[c.id])


def course_states(store: Store, content: Content, person: Person) -> list[CourseState]:
    """States of the courses meant for the person's role, basic ones first."""
    latest = store.latest_passed(person.login)  # one query for every course
    return [course_state(store, person.login, c, latest) for c in courses_for(content, person.role)]


# -- resume ----------------------------------------------------------------------------


def saved_position(store: Store, content: Content, person: Person) -> Position | None:
    """The lesson, question or result the person was at last, if it is still valid."""
    pos = store.position(person.login)
    if pos is None or pos.screen not in ("lesson", "quiz", "result"):
        return None
    course = content.courses.get(pos.course_id or "")
    if course is None or course not in content.courses_for(person.role):
        return None
    if pos.screen == "lesson":
        ids = {x.id for x in course.lessons}
        return pos if pos.lesson_id in ids else None
    attempt = store.get_attempt(pos.attempt_id) if pos.attempt_id is not None else None
    if attempt is None or attempt.login != person.login or attempt.course_id != course.id:
        return None
    if not attempt_fits(course, attempt):
        return None
    if pos.screen == "quiz" and attempt.finished_at is not None:
        return Position("result", course.id, attempt_id=attempt.id)
    return pos


def resume_target(
    store: Store, content: Content, person: Person, states: list[CourseState] | None = None
) -> Position | None:
    """Where one key takes the person: the saved place, else the next step of a course.

    `states`: the person's `course_states`, when the caller has them already.
    """
    saved = saved_position(store, content, person)
    if saved is not None:
        return saved
    for state in course_states(store, content, person) if states is None else states:
        if state.passed_at:
            continue
        if state.open_attempt:
            return Position("quiz", state.course.id, attempt_id=state.open_attempt.id)
        lesson = state.first_unread() or state.course.lessons[-1]
        return Position("lesson", state.course.id, lesson_id=lesson.id)
    return None


def describe(content: Content, store: Store, pos: Position) -> str:
    """A short Finnish description of a place, for the home screen's resume line."""
    course = content.courses[pos.course_id or ""]
    if pos.screen == "lesson":
        index = [x.id for x in course.lessons].index(pos.lesson_id or "")
        lesson = course.lessons[index]
        return f"{course.title}: oppitunti {index + 1}/{len(course.lessons)} {lesson.title}"
    attempt = store.get_attempt(pos.attempt_id or -1)
    if pos.screen == "quiz" and attempt is not None:
        n = min(attempt.next_position + 1, len(attempt.plan))
        return f"{course.title}: koe, kysymys {n}/{len(attempt.plan)}"
    return f"{course.title}: kokeen tulos"


def draw_seed(rng: random.Random) -> str:
    """A new attempt's draw seed: the plan is `quiz.draw(quiz, random.Random(seed))`."""
    return f"{rng.getrandbits(64):016x}"


class QuizLocked(Exception):
    """The quiz is not open yet; the message says why in Finnish."""


# -- the attempt -----------------------------------------------------------------------


def course_policy(content: Content, course: Course) -> AttemptPolicy | None:
    """The strictest attempt policy of the certificates that require the course."""
    policies = [
        d.attempt_policy
        for d in content.certificates.values()
        if course.id in d.requires and d.attempt_policy is not None
    ]
    return min(policies, key=lambda p: (p.attempts, -p.wait_hours), default=None)


def attempt_for(
    store: Store,
    login: str,
    course: Course,
    rng: random.Random,
    policy: AttemptPolicy | None = None,
    now: datetime | None = None,
) -> Attempt:
    """The person's unfinished attempt at the course, or a new one with a new draw.

    QuizLocked (with the reason in Finnish) before the lessons are read or while the attempt
    policy makes the person wait; the organisation's registry enforces the same on its side.
    """
    attempt = store.open_attempt(login, course.id)
    if attempt is not None and attempt_fits(course, attempt):
        return attempt
    state = course_state(store, login, course)
    if not state.quiz_unlocked:
        raise QuizLocked(
            f"Koe avautuu, kun olet lukenut kaikki oppitunnit ({state.read_count}/"
            f"{state.total} luettu)."
        )
    from somekoulutus import exam_policy, quiz

    if policy is not None:
        moment = now or datetime.now(UTC)
        passed = store.latest_passed(login).get(course.id)
        counted = [
            parse_time(t)
            for t in store.attempt_starts(login, course.id)
            if passed is None or t > passed.started_at
        ]
        opens = exam_policy.next_attempt_opens(counted, policy, moment)
        if opens is not None:
            raise QuizLocked(exam_policy.wait_reason(policy, opens))
    seed = draw_seed(rng)
    # A retake avoids the previous attempt's questions where the pool allows.
    previous = store.last_attempt(login, course.id)
    avoid = {p.question_id for p in previous.plan} if previous is not None else set()
    plan = quiz.seeded_draw(course.quiz, seed, avoid)
    started = store.start_attempt(
        login, course.id, course.version, seed, [(p.question_id, p.order) for p in plan]
    )
    created = store.get_attempt(started.id)
    assert created is not None  # just started
    return created


def answer(
    store: Store, course: Course, attempt: Attempt, position: int, chosen: list[int]
) -> tuple[Attempt, bool]:
    """Grade and save one answer at once; returns the updated attempt and whether it was right."""
    from somekoulutus import quiz

    question = course.quiz.question(attempt.plan[position].question_id)
    graded = store.record_answer(
        attempt.id, position, question.id, list(chosen), quiz.is_correct(question, chosen)
    )
    updated = store.get_attempt(attempt.id)
    assert updated is not None  # the attempt row is never deleted
    return updated, graded.correct


def result_of(course: Course, attempt: Attempt) -> "quiz.AttemptResult":
    """The score of an attempt as it stands."""
    from somekoulutus import quiz

    return quiz.score(course.quiz, list(attempt.plan), attempt.answers)


def finish(store: Store, course: Course, attempt: Attempt) -> "quiz.AttemptResult":
    """Score an attempt and close it (closing twice keeps the first closing)."""
    result = result_of(course, attempt)
    if attempt.finished_at is None:
        store.finish_attempt(attempt.id, result.score, result.passed)
    return result


# -- certificates ----------------------------------------------------------------------


def certificate_line(
    content: Content,
    course: Course,
    records: "Sequence[CertificateRecord]",
    now: datetime,
    warn_days: int,
) -> str | None:
    """The state of the newest certificate resting on a course, for the home screen."""
    mine = [
        r
        for r in records
        if r.superseded_by is None
        and course.id in getattr(content.certificates.get(r.definition_id), "requires", ())
    ]
    if not mine:
        return None
    newest = max(mine, key=lambda r: r.issued_at)
    status = newest.status(now, warn_days)
    until = finnish_date(newest.expires_at)
    return {
        "valid": f"Todistus voimassa {until} asti",
        "expiring": f"Todistus vanhenee pian: voimassa {until} asti. Uusi se suorittamalla koe uudelleen.",
        "expired": f"Todistus vanhentunut {until}. Uusi se suorittamalla koe uudelleen.",
        "revoked": "Todistus on mitätöity. Kysy lisää viestinnästä.",
    }.get(status, f"Todistus: {status}")
