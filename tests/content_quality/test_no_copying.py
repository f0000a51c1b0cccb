"""The content is written in its own words: no 12-word run is copied from the guideline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import GUIDELINE, strings, words

RUN = 12


def runs(text: str) -> set[tuple[str, ...]]:
    """All runs of RUN consecutive words in a text."""
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


@pytest.fixture(scope="module")
def guideline_runs() -> set[tuple[str, ...]]:
    assert GUIDELINE.exists(), f"the guideline text belongs in the repository: {GUIDELINE}"
    return runs(GUIDELINE.read_text("utf-8"))


def test_the_check_finds_a_copied_sentence(guideline_runs: set[tuple[str, ...]]) -> None:
    # A sentence lifted from the guideline, with different punctuation and case, is caught.
    copied = (
        "Sosiaalisen median palvelut ovat aina viestinnän lisäpalveluita, eivätkä ne voi "
        "korvata kaupungin virallisia viestintäkanavia!"
    )
    assert runs(copied) & guideline_runs


def test_no_text_field_copies_the_guideline(
    content_files: dict[Path, Any], guideline_runs: set[tuple[str, ...]]
) -> None:
    copied = [
        f"{path.parent.name}/{path.name}: {' '.join(run)}"
        for path, data in content_files.items()
        for text in strings(data)
        for run in sorted(runs(text) & guideline_runs)
    ]
    assert copied == []
