"""Builders of throwaway content folders from the YAML fixtures in fixtures/."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from somekoulutus import settings

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
RULES = FIXTURES / "rules"
EXAMPLE = FIXTURES / "example"
BUNDLED_COURSES = settings.content_dirs(None)[0]

Builder = Callable[..., Path]


@pytest.fixture
def build_root(tmp_path: Path) -> Builder:
    """A factory: a folder with courses/ and certificates/ made of the given fixture files.

    organisation.yaml and guideline.yaml default to the small ones in fixtures/base;
    pass `None` for either to leave it out.
    """
    counter = itertools.count()

    def build(
        courses: Iterable[Path] = (),
        certificates: Iterable[Path] = (),
        organisation: Path | None = BASE / "courses" / "organisation.yaml",
        guideline: Path | None = BASE / "courses" / "guideline.yaml",
    ) -> Path:
        root = tmp_path / f"sisalto{next(counter)}"
        (root / "courses").mkdir(parents=True)
        (root / "certificates").mkdir()
        if organisation is not None:
            shutil.copy(organisation, root / "courses" / "organisation.yaml")
        if guideline is not None:
            shutil.copy(guideline, root / "courses" / "guideline.yaml")
        for path in courses:
            shutil.copy(path, root / "courses" / path.name)
        for path in certificates:
            shutil.copy(path, root / "certificates" / path.name)
        return root

    return build


@pytest.fixture
def example_root(build_root: Builder) -> Path:
    """The example of docs/authoring.md over the bundled organisation.yaml and guideline.yaml."""
    return build_root(
        courses=[EXAMPLE / "courses" / "somen-perusteet.yaml"],
        certificates=[EXAMPLE / "certificates" / "somen-perusteet.yaml"],
        organisation=BUNDLED_COURSES / "organisation.yaml",
        guideline=BUNDLED_COURSES / "guideline.yaml",
    )
