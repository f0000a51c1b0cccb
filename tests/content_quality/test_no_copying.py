"""The content is written in its own words: no 8-word run is copied from the guideline.

Checked twice: every string of every bundled YAML file (organisation.yaml's channel
descriptions included), and every text as a learner sees it, with the organisation's
facts filled into the lesson templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from somekoulutus.content.loader import load_content
from somekoulutus.content.models import Content
from somekoulutus.content.render import render
from somekoulutus.content.templates import sample_wording_context

from .conftest import GUIDELINE, strings, words

RUN = 8


def runs(text: str) -> set[tuple[str, ...]]:
    """All runs of RUN consecutive words in a text."""
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


@pytest.fixture(scope="module")
def guideline_runs() -> set[tuple[str, ...]]:
    assert GUIDELINE.exists(), f"the guideline text belongs in the repository: {GUIDELINE}"
    return runs(GUIDELINE.read_text("utf-8"))


@pytest.fixture(scope="module")
def content(bundled_dirs: tuple[Path, Path]) -> Content:
    return load_content(*bundled_dirs)


def rendered_texts(content: Content) -> list[tuple[str, str]]:
    """(where, text) for every text a learner reads, templates rendered."""
    org = {"organisation": content.organisation.data}
    texts: list[tuple[str, str]] = []
    for course in content.courses.values():
        texts.append((f"{course.id}: description", course.description))
        for lesson in course.lessons:
            texts.append((f"{lesson.id}: body", render(lesson.body, org)))
            texts += [(f"{lesson.id}: key point", point) for point in lesson.key_points]
        questions = list(course.quiz.questions)
        for group in course.quiz.scenarios:
            texts.append((f"{group.id}: story", group.story))
            questions += group.questions
        for q in questions:
            texts += [(f"{q.id}: scenario", q.scenario or ""), (f"{q.id}: prompt", q.prompt)]
            texts.append((f"{q.id}: explanation", q.explanation))
            for choice in q.choices:
                texts += [(f"{q.id}: choice", choice.text), (f"{q.id}: feedback", choice.feedback)]
    wording = sample_wording_context(content.organisation.data)
    for definition in content.certificates.values():
        texts.append((f"certificate {definition.id}", render(definition.wording, wording)))
    return texts


def test_the_check_finds_a_copied_sentence(guideline_runs: set[tuple[str, ...]]) -> None:
    # A sentence lifted from the guideline, with different punctuation and case, is caught.
    copied = (
        "Sosiaalisen median palvelut ovat aina viestinnän lisäpalveluita, eivätkä ne voi "
        "korvata kaupungin virallisia viestintäkanavia!"
    )
    assert runs(copied) & guideline_runs
    # Eight words in a row are enough: this phrase of the guideline is just that long.
    assert (
        runs("Julkaisun jakaminen eteenpäin on voimakas kannanotto sen puolesta.") & guideline_runs
    )
    # Seven are not.
    assert not runs("Jakaminen eteenpäin on voimakas kannanotto sen puolesta.") & guideline_runs


def test_no_text_field_copies_the_guideline(
    content_files: dict[Path, Any], guideline_runs: set[tuple[str, ...]]
) -> None:
    assert "organisation.yaml" in {path.name for path in content_files}
    copied = [
        f"{path.parent.name}/{path.name}: {' '.join(run)}"
        for path, data in content_files.items()
        for text in strings(data)
        for run in sorted(runs(text) & guideline_runs)
    ]
    assert copied == []


def test_no_rendered_text_copies_the_guideline(
    content: Content, guideline_runs: set[tuple[str, ...]]
) -> None:
    texts = rendered_texts(content)
    # The organisation's channel descriptions reach the learner through the lessons.
    purposes = [channel["purpose"] for channel in content.organisation.data["channels"]]
    assert all(any(p in text for _, text in texts) for p in purposes)
    copied = [
        f"{where}: {' '.join(run)}"
        for where, text in texts
        for run in sorted(runs(text) & guideline_runs)
    ]
    assert copied == []
