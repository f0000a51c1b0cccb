"""docs/authoring.md's complete example is exactly the example fixture, and it validates."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext

from .conftest import EXAMPLE

DOC = Path(__file__).parents[2] / "docs" / "authoring.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text("utf-8"), flags=re.DOTALL)


def test_doc_example_is_the_fixture() -> None:
    course, certificate = _yaml_blocks()
    assert course == (EXAMPLE / "courses" / "somen-perusteet.yaml").read_text("utf-8")
    assert certificate == (EXAMPLE / "certificates" / "somen-perusteet.yaml").read_text("utf-8")


def test_doc_example_validates(example_root: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(example_root)], obj=AppContext(login="x"))
    assert result.exit_code == 0, result.output
