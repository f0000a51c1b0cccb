"""Statistics about content: per course, per certificate, and guideline coverage."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from somekoulutus.content.models import (
    QUESTION_TYPES,
    CertificateDefinition,
    Content,
    Course,
    Guideline,
)


def course_stats(course: Course) -> dict[str, Any]:
    """Counts for one course: lessons, questions by type, scenario questions, topics."""
    questions = course.quiz.all_questions()
    by_type = dict.fromkeys(QUESTION_TYPES, 0)
    for q in questions:
        by_type[q.type] += 1
    return {
        "id": course.id,
        "version": course.version,
        "title": course.title,
        "audience": course.audience,
        "lessons": len(course.lessons),
        "questions": len(questions),
        "scenario_questions": sum(1 for q in questions if q.scenario or q.group),
        "questions_by_type": by_type,
        "topics": sorted({q.topic for q in questions}),
        "pass_mark": course.quiz.pass_mark,
        "draw": course.quiz.draw,
    }


def certificate_stats(definition: CertificateDefinition) -> dict[str, Any]:
    """What a certificate definition requires and grants."""
    return {
        "id": definition.id,
        "requires": list(definition.requires),
        "grants": list(definition.grants),
        "validity_months": definition.validity_months,
    }


def guideline_coverage(
    guideline: Guideline, courses: Iterable[Course]
) -> dict[str, dict[str, int]]:
    """For every guideline section: how many lessons and questions cite it in `source`."""
    result = {s.id: {"lessons": 0, "questions": 0} for s in guideline.sections}
    for course in courses:
        for lesson in course.lessons:
            _count(result, lesson.source, "lessons")
        for question in course.quiz.all_questions():
            _count(result, question.source, "questions")
    return result


def _count(result: dict[str, dict[str, int]], sources: Iterable[str], kind: str) -> None:
    # A lesson citing a section twice still covers it once.
    for section_id in set(sources):
        if section_id in result:
            result[section_id][kind] += 1


def coverage(content: Content) -> dict[str, dict[str, int]]:
    """Guideline coverage of all courses of the content."""
    return guideline_coverage(content.guideline, content.courses.values())
