"""Loading real content into models, and statistics over it."""

from __future__ import annotations

from pathlib import Path

from somekoulutus.content import load_content
from somekoulutus.content.models import Content
from somekoulutus.content.stats import course_stats, coverage


def test_bundled_content_loads(bundled_content: Content) -> None:
    assert bundled_content.organisation.name
    assert bundled_content.guideline.sections
    for course in bundled_content.courses.values():
        assert course.quiz.draw <= len(course.quiz.all_questions())


def test_example_course_builds_models(example_root: Path) -> None:
    content = load_content(example_root / "courses", example_root / "certificates")
    course = content.courses["somen-perusteet"]
    assert course.path == example_root / "courses" / "somen-perusteet.yaml"
    assert [lesson.id for lesson in course.lessons] == [
        "perusteet-aihetunnisteet",
        "perusteet-salasanat",
        "perusteet-hairinta",
    ]
    group = course.quiz.group("perusteet-hairinta")
    assert [q.group for q in group.questions] == ["perusteet-hairinta"] * 2
    assert course.quiz.question("perusteet-k2").correct_indexes == {0, 1}
    assert course.quiz.pass_mark == 0.8 and course.quiz.shuffle_choices is True
    definition = content.certificates["somen-perusteet"]
    assert definition.requires == ("somen-perusteet",) and definition.grants == ()
    assert content.organisation.social_media_page == "https://www.ylojarvi.fi/sosiaalinen-media"
    assert content.organisation.data["contacts"][0]["email"].endswith("@ylojarvi.fi")


def test_course_stats(example_root: Path) -> None:
    content = load_content(example_root / "courses", example_root / "certificates")
    assert course_stats(content.courses["somen-perusteet"]) == {
        "id": "somen-perusteet",
        "version": 1,
        "title": "Somen perusteet",
        "audience": "kaikki",
        "lessons": 3,
        "questions": 5,
        # perusteet-k3 has its own `scenario`; the other two are in a scenario group.
        "scenario_questions": 3,
        "questions_by_type": {"single": 2, "multiple": 1, "true_false": 2},
        "topics": ["aihetunnisteet", "häirintä", "tietoturva"],
        "pass_mark": 0.8,
        "draw": 5,
    }


def test_coverage_lists_every_section(example_root: Path) -> None:
    content = load_content(example_root / "courses", example_root / "certificates")
    result = coverage(content)
    assert list(result) == [s.id for s in content.guideline.sections]
    assert result["salasanat"] == {"lessons": 1, "questions": 2}
    assert result["hairinta"] == {"lessons": 1, "questions": 2}
    assert result["aihetunnisteet"] == {"lessons": 1, "questions": 1}
    assert result["top10"] == {"lessons": 0, "questions": 0}
