"""Every guideline section (except "more information") is taught and tested (issue 3, item 7)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext

#: Sections that need no lesson or question: contact details only.
UNCOVERED_ALLOWED = {"lisatietoja"}


@pytest.fixture(scope="module")
def report(bundled_dirs: object) -> dict:
    """The validator's JSON report on the bundled content (bundled_dirs clears the env)."""
    result = CliRunner().invoke(
        main, ["validate", "--format", "json"], obj=AppContext(login="testaaja")
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_bundled_content_is_valid(report: dict) -> None:
    assert report["ok"] is True
    assert report["errors"] == []


def test_every_section_has_a_lesson_and_two_questions(report: dict) -> None:
    coverage = report["guideline_coverage"]
    assert "luottamushenkilo" in coverage and "top10" in coverage
    thin = {
        section: counts
        for section, counts in coverage.items()
        if section not in UNCOVERED_ALLOWED and (counts["lessons"] < 1 or counts["questions"] < 2)
    }
    assert thin == {}, f"sections taught or tested too little: {thin}"
