"""Blueprint and attempt-policy rules: one fixture per defect, the message and its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from somekoulutus.content import ContentError, Issue, load_content
from somekoulutus.content.models import AttemptPolicy, BlueprintTopic

from .conftest import BASE, BUNDLED_COURSES, RULES, Builder

BLUEPRINT_RULES = [
    ("blueprint-unknown-topic", 21, 15, "aiheesta 'tietosuoja' ei ole yhtään kysymystä"),
    ("blueprint-unknown-topic", 21, 15, "(tarkoititko 'tietoturva'?)"),
    ("blueprint-too-few", 21, 12, "aiheesta 'tietoturva' on vain 2 kysymystä"),
    (
        "blueprint-mins-over-draw",
        19,
        3,
        "vähimmäismäärät ovat yhteensä 3, mutta kokeessa on vain 2",
    ),
    ("blueprint-unsatisfiable", 19, 3, "yksikään 3 kysymyksen koe ei täytä koesuunnitelmaa"),
    ("blueprint-group-never", 19, 3, "tilanne 'bgn-t1' ei mahdu yhteenkään kokeeseen"),
    ("blueprint-max-below-min", 20, 40, "enimmäismäärä (max: 1) on pienempi"),
    ("blueprint-pass-share", 20, 47, "läpäisyosuuden (pass_share) pitää olla yli 0"),
    ("blueprint-duplicate-topic", 21, 15, "aihe 'tietoturva' on koesuunnitelmassa jo rivillä 20"),
]


def _issues(root: Path) -> list[Issue]:
    with pytest.raises(ContentError) as caught:
        load_content(root / "courses", root / "certificates")
    return caught.value.issues


@pytest.mark.parametrize(("name", "line", "column", "text"), BLUEPRINT_RULES)
def test_blueprint_rule(build_root: Builder, name: str, line: int, column: int, text: str) -> None:
    root = build_root(courses=[RULES / "courses" / f"{name}.yaml"])
    issues = _issues(root)
    assert len(issues) == 1, issues
    issue = issues[0]
    assert Path(issue.file).name == f"{name}.yaml"
    assert (issue.line, issue.column) == (line, column), issue
    assert text in issue.message
    assert str(issue).endswith(f"{name}.yaml:{line}:{column}: {issue.message}")


POLICY_RULES = [
    ("policy-zero-attempts", 5, 28, "kentän 'attempts' pitää olla vähintään 1"),
    ("policy-negative-wait", 7, 15, "odotusajan (wait_hours) pitää olla yli 0 tuntia"),
    ("policy-unknown-key", 5, 31, "tuntematon kenttä 'wait_hour' (tarkoititko 'wait_hours'?)"),
]


@pytest.mark.parametrize(("name", "line", "column", "text"), POLICY_RULES)
def test_attempt_policy_rule(
    build_root: Builder, name: str, line: int, column: int, text: str
) -> None:
    root = build_root(
        courses=[BASE / "courses" / "mini.yaml"],
        certificates=[RULES / "certificates" / f"{name}.yaml"],
    )
    found = [(i.line, i.column, i.message) for i in _issues(root)]
    assert any((ln, col) == (line, column) and text in msg for ln, col, msg in found), found


def test_a_blueprint_that_fits_loads(build_root: Builder, tmp_path: Path) -> None:
    text = (BASE / "courses" / "mini.yaml").read_text("utf-8")
    text = text.replace(
        "  shuffle_choices: false\n",
        "  shuffle_choices: false\n  blueprint:\n"
        "    - {topic: tietoturva, min: 2, max: 2, pass_share: 0.5}\n"
        "    - {topic: kanavat, min: 1}\n",
    )
    path = tmp_path / "mini.yaml"
    path.write_text(text, "utf-8")
    root = build_root(courses=[path])
    quiz = load_content(root / "courses", root / "certificates").courses["mini"].quiz
    assert quiz.blueprint == (
        BlueprintTopic("tietoturva", 2, 2, 0.5),
        BlueprintTopic("kanavat", 1, None, None),
    )
    assert [b.critical for b in quiz.blueprint] == [True, False]


def test_bundled_content_declares_blueprints_and_policies() -> None:
    content = load_content(BUNDLED_COURSES, BUNDLED_COURSES.parent / "certificates")
    for course in content.courses.values():
        assert any(b.critical for b in course.quiz.blueprint), course.id
    for definition in content.certificates.values():
        assert definition.attempt_policy == AttemptPolicy(3, 24.0), definition.id
