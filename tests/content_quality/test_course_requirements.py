"""Issue 3's requirements for each bundled course and certificate definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from somekoulutus.content.models import Content, Course, Question
from somekoulutus.content.render import render

from .conftest import words


@dataclass(frozen=True)
class Spec:
    """What issue 3 asks of one course."""

    audience: str
    prefix: str
    min_questions: int
    min_scenario_share: float
    min_groups: int
    draw: int
    min_group_steps: int = 2


SPECS = {
    "sisallontuottaja": Spec("tyontekija", "sp", 45, 0.60, 3, 20),
    "luottamushenkilo": Spec("luottamushenkilo", "lh", 22, 0.65, 1, 12, min_group_steps=3),
    "paakayttaja": Spec("tyontekija", "pk", 16, 0.50, 1, 10),
}

CERTIFICATES = {
    "sisallontuottaja": (("sisallontuottaja",), ("sisallontuottaja",), 24),
    "paakayttaja": (("sisallontuottaja", "paakayttaja"), ("sisallontuottaja", "paakayttaja"), 24),
    "luottamushenkilo": (("luottamushenkilo",), (), 48),
}


def questions(course: Course) -> tuple[Question, ...]:
    return course.quiz.all_questions()


@pytest.fixture(params=sorted(SPECS))
def course_and_spec(
    request: pytest.FixtureRequest, bundled_content: Content
) -> tuple[Course, Spec]:
    course_id = request.param
    assert course_id in bundled_content.courses, f"course {course_id} is missing"
    return bundled_content.courses[course_id], SPECS[course_id]


def test_audience_and_quiz_settings(course_and_spec: tuple[Course, Spec]) -> None:
    course, spec = course_and_spec
    assert course.audience == spec.audience
    assert course.quiz.pass_mark == 0.8
    assert course.quiz.draw == spec.draw
    assert course.quiz.shuffle_choices is True


def test_enough_questions_and_scenarios(course_and_spec: tuple[Course, Spec]) -> None:
    course, spec = course_and_spec
    qs = questions(course)
    scenario = [q for q in qs if q.scenario or q.group]
    assert len(qs) >= spec.min_questions
    assert len(scenario) / len(qs) >= spec.min_scenario_share
    assert {q.type for q in qs} == {"single", "multiple", "true_false"}


def test_scenario_groups(course_and_spec: tuple[Course, Spec]) -> None:
    course, spec = course_and_spec
    groups = course.quiz.scenarios
    assert len(groups) >= spec.min_groups
    assert max(len(g.questions) for g in groups) >= spec.min_group_steps
    # A group is drawn whole, so every group must fit in one draw.
    assert all(2 <= len(g.questions) <= course.quiz.draw for g in groups)


def test_choices_are_real_choices(course_and_spec: tuple[Course, Spec]) -> None:
    course, _ = course_and_spec
    for q in questions(course):
        if q.type == "true_false":
            assert [c.text for c in q.choices] == ["Totta", "Tarua"], q.id
        else:
            assert len(q.choices) >= 3, q.id
        # Feedback says why: more than a bare "Oikein." or "Väärin."
        assert all(len(words(c.feedback)) >= 4 for c in q.choices), q.id
        assert q.explanation.strip(), q.id


def test_ids_carry_the_course_prefix(course_and_spec: tuple[Course, Spec]) -> None:
    course, spec = course_and_spec
    assert all(lesson.id.startswith(f"{spec.prefix}-") for lesson in course.lessons)
    assert all(q.id.startswith(f"{spec.prefix}-q-") for q in questions(course))
    assert all(g.id.startswith(f"{spec.prefix}-s-") for g in course.quiz.scenarios)


def test_topics_are_a_small_set(course_and_spec: tuple[Course, Spec]) -> None:
    course, _ = course_and_spec
    topics = {q.topic for q in questions(course)}
    assert 3 <= len(topics) <= 10, topics


def test_lessons_end_with_key_points_and_need_no_images(
    course_and_spec: tuple[Course, Spec], bundled_content: Content
) -> None:
    course, _ = course_and_spec
    context = {"organisation": bundled_content.organisation.data}
    for lesson in course.lessons:
        assert lesson.key_points, lesson.id
        assert lesson.source, lesson.id
        body = render(lesson.body, context)
        # Accessibility: no lesson relies on an image to carry its content.
        assert "![" not in body and "<img" not in body, lesson.id


def test_elected_officials_course_is_built_on_their_section(bundled_content: Content) -> None:
    course = bundled_content.courses["luottamushenkilo"]
    lessons = [lesson for lesson in course.lessons if "luottamushenkilo" in lesson.source]
    tested = [q for q in questions(course) if "luottamushenkilo" in q.source]
    assert len(lessons) >= 1
    assert len(tested) >= 6


def test_producer_course_teaches_every_section_but_the_officials_one(
    bundled_content: Content,
) -> None:
    course = bundled_content.courses["sisallontuottaja"]
    taught = {s for lesson in course.lessons for s in lesson.source}
    expected = {s.id for s in bundled_content.guideline.sections} - {"luottamushenkilo"}
    assert expected - taught == set()


@pytest.mark.parametrize("cert_id", sorted(CERTIFICATES))
def test_certificate_definitions(cert_id: str, bundled_content: Content) -> None:
    definition = bundled_content.certificates[cert_id]
    requires, grants, months = CERTIFICATES[cert_id]
    assert (definition.requires, definition.grants, definition.validity_months) == (
        requires,
        grants,
        months,
    )


@pytest.mark.parametrize("cert_id", sorted(CERTIFICATES))
def test_certificate_wording_is_short_plain_text(cert_id: str, bundled_content: Content) -> None:
    definition = bundled_content.certificates[cert_id]
    context = {
        "organisation": bundled_content.organisation.data,
        "person": {
            "name": "Maija Meikäläinen",
            "email": "maija.meikalainen@example.fi",
            "unit": "Kirjasto",
            "login": "maija",
        },
        "certificate": {
            "id": "ABC123",
            "title": definition.title,
            "issued_date": date(2025, 3, 1),
            "valid_until": date(2027, 3, 1),
        },
        "courses": [
            {"id": c, "title": bundled_content.courses[c].title, "version": 1}
            for c in definition.requires
        ],
    }
    text = render(definition.wording, context)
    assert "Maija Meikäläinen" in text
    assert not any(mark in text for mark in ("<", ">", "**", "#", "{", "}"))
    sentences = [s for s in text.replace("\n", " ").split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 4, sentences
