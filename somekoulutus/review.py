"""What to review after a quiz attempt: the weakest topics, the missed questions by topic
and the lessons that teach them. Pure: no I/O.

Imported by the result screen and `validate`, not by the home screen: the first screen of
every start needs none of it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from somekoulutus.content.models import Content, Course, Guideline, Lesson, Question

if TYPE_CHECKING:
    from somekoulutus import quiz


def weakest_topics(course: Course, result: quiz.AttemptResult, limit: int = 3) -> list[str]:
    """Up to `limit` topics scored below the pass mark: lowest share first, then most missed.

    A short list keeps the review focused even when many topics went wrong.
    """
    weak = [
        (s.correct / s.total, s.correct - s.total, topic)
        for topic, s in result.by_topic.items()
        if s.total and s.correct / s.total < course.quiz.pass_mark
    ]
    return [topic for *_, topic in sorted(weak)[:limit]]


def _ancestors(guideline: Guideline, section_id: str) -> set[str]:
    """The section and its parents."""
    out: set[str] = set()
    current = guideline.section(section_id)
    while current is not None and current.id not in out:
        out.add(current.id)
        current = guideline.section(current.parent) if current.parent else None
    return out | {section_id}


#: At most this many lessons are marked for review: a short list gets read.
REVIEW_MAX = 5


def lessons_for_topics(
    content: Content,
    course: Course,
    topics: list[str],
    missed: Collection[str] | None = None,
    limit: int = REVIEW_MAX,
) -> list[Lesson]:
    """Up to `limit` lessons to review for the weak topics, in course order.

    The questions to cover are the topics' missed questions (all of their questions when
    `missed` is None). A lesson covers a question when it cites one of the question's
    sections exactly; only a question that no lesson cites exactly is covered by lessons on
    a parent or child section (a lesson on a whole chapter would otherwise match every
    question in it). The lessons covering the most questions still uncovered are taken
    first, so a short list reaches as many of the questions as it can.
    """
    wanted = set(topics)
    questions = [
        q
        for q in course.quiz.all_questions()
        if q.topic in wanted and (missed is None or q.id in missed)
    ]
    covers: dict[str, set[str]] = {x.id: set() for x in course.lessons}
    for q in questions:
        for lesson in _covering(content, course, q):
            covers[lesson.id].add(q.id)
    order = {x.id: i for i, x in enumerate(course.lessons)}
    sources = {x.id: len(x.source) for x in course.lessons}
    uncovered = {q.id for q in questions}
    chosen: list[str] = []
    while uncovered and len(chosen) < limit:
        best = max(
            (lid for lid in covers if lid not in chosen),
            # Most questions reached; on a tie the narrower lesson, then the earlier one.
            key=lambda lid: (len(covers[lid] & uncovered), -sources[lid], -order[lid]),
            default=None,
        )
        if best is None or not covers[best] & uncovered:
            break
        chosen.append(best)
        uncovered -= covers[best]
    return [x for x in course.lessons if x.id in chosen]


def _covering(content: Content, course: Course, question: Question) -> list[Lesson]:
    """The lessons of the course citing the question's sections exactly, else those citing
    a parent or a child of them."""
    exact = [x for x in course.lessons if set(x.source) & set(question.source)]
    return exact or [
        x
        for x in course.lessons
        if any(_related(content.guideline, s, question.source) for s in x.source)
    ]


def untaught_questions(content: Content, course: Course) -> list[Question]:
    """The questions no lesson of their own course teaches: a learner who reads every
    lesson meets them unprepared, and their review has no lesson to link to."""
    return [q for q in course.quiz.all_questions() if not _covering(content, course, q)]


@dataclass(frozen=True)
class TopicReview:
    """The missed questions of one topic, with the lessons that teach that topic."""

    topic: str
    correct: int
    total: int
    missed: tuple[str, ...]
    lessons: tuple[Lesson, ...]


def lessons_for_topic(content: Content, course: Course, topic: str) -> list[Lesson]:
    """The lessons that teach a topic: those citing the guideline sections of its questions
    (see `lessons_for_topics`), in course order."""
    return lessons_for_topics(content, course, [topic], None, limit=len(course.lessons))


def review_by_topic(
    content: Content, course: Course, result: quiz.AttemptResult
) -> list[TopicReview]:
    """The missed questions grouped by topic, weakest topic first, each group with the
    lessons that cover its missed questions (the topic's lessons if none does)."""
    groups: dict[str, list[str]] = {}
    for question_id in result.missed:
        groups.setdefault(course.quiz.question(question_id).topic, []).append(question_id)
    out = []
    for topic, missed in groups.items():
        score = result.by_topic[topic]
        lessons = lessons_for_topics(
            content, course, [topic], missed, limit=len(course.lessons)
        ) or lessons_for_topic(content, course, topic)
        out.append(TopicReview(topic, score.correct, score.total, tuple(missed), tuple(lessons)))
    out.sort(key=lambda g: (g.correct / g.total if g.total else 0, -len(g.missed), g.topic))
    return out


def _related(guideline: Guideline, section: str, cited: Sequence[str]) -> bool:
    """True when `section` is a parent or a child of one of the `cited` sections."""
    mine = _ancestors(guideline, section)
    return any(section in _ancestors(guideline, c) or c in mine for c in cited)
