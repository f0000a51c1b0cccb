"""`somekoulutus validate`: text and JSON output, folder pairing, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext

from .conftest import BASE, RULES, Builder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), obj=AppContext(login="testaaja"))
    return result.exit_code, result.output


def test_clean_content_exits_0(example_root: Path) -> None:
    code, out = _run("validate", str(example_root))
    assert code == 0
    assert out == "Sisältö on kunnossa: kursseja 1, kysymyksiä 5, todistuksia 1.\n"


def test_errors_are_listed_then_summarised(
    build_root: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_root(
        courses=[RULES / "courses" / "draw-bool.yaml"],
        certificates=[RULES / "certificates" / "unknown-right.yaml"],
    )
    monkeypatch.chdir(root)
    code, out = _run("validate", ".")
    assert code == 1
    assert out.splitlines() == [
        "certificates/unknown-right.yaml:3:12: tuntematon kurssi 'mini'",
        "certificates/unknown-right.yaml:5:10: tuntematon oikeus 'sisällöntuottaja': sallitut "
        "ovat sisallontuottaja, paakayttaja (tarkoititko 'sisallontuottaja'?)",
        "courses/draw-bool.yaml:17:9: kentän 'draw' arvon pitää olla kokonaisluku (nyt: totuusarvo)",
        "Löytyi 3 virhettä 2 tiedostossa.",
    ]


def test_json_report(example_root: Path) -> None:
    code, out = _run("validate", str(example_root), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True and report["errors"] == []
    assert [c["id"] for c in report["courses"]] == ["somen-perusteet"]
    assert report["courses"][0]["questions_by_type"] == {
        "single": 2,
        "multiple": 1,
        "true_false": 2,
    }
    assert report["certificates"] == [
        {
            "id": "somen-perusteet",
            "requires": ["somen-perusteet"],
            "grants": [],
            "validity_months": 24,
        }
    ]
    assert report["guideline_coverage"]["hairinta"] == {"lessons": 1, "questions": 2}
    assert len(report["guideline_coverage"]) == 19


def test_json_with_errors_still_reports_what_parsed(build_root: Builder) -> None:
    root = build_root(courses=[RULES / "courses" / "unknown-source.yaml"])
    code, out = _run("validate", str(root), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    [error] = report["errors"]
    assert error["file"].endswith("courses/unknown-source.yaml")
    assert (error["line"], error["column"]) == (50, 20)
    assert "salasana" in error["message"]
    # A wrong source is not a structural problem: the course is still counted.
    assert [c["id"] for c in report["courses"]] == ["unknown-source"]
    assert report["guideline_coverage"]["kanavat"] == {"lessons": 1, "questions": 1}


def test_courses_and_certificates_folders_given_as_a_pair(build_root: Builder) -> None:
    root = build_root(courses=[BASE / "courses" / "mini.yaml"])
    other = build_root(certificates=[RULES / "certificates" / "unknown-course.yaml"])
    code, out = _run("validate", str(root / "courses"), str(other / "certificates"))
    assert code == 1
    assert "unknown-course.yaml:3:18: tuntematon kurssi 'maxi'" in out
    assert out.count("\n") == 2  # one issue and the summary: the pair was checked together


def test_courses_folder_uses_sibling_certificates(build_root: Builder) -> None:
    root = build_root(
        courses=[BASE / "courses" / "mini.yaml"], certificates=[BASE / "certificates" / "mini.yaml"]
    )
    code, out = _run("validate", str(root / "courses"))
    assert (code, out) == (0, "Sisältö on kunnossa: kursseja 1, kysymyksiä 3, todistuksia 1.\n")
    (root / "certificates" / "mini.yaml").unlink()
    (root / "certificates").rmdir()
    code, out = _run("validate", str(root / "courses"))
    assert (code, out) == (0, "Sisältö on kunnossa: kursseja 1, kysymyksiä 3, todistuksia 0.\n")


def test_certificates_folder_alone_pairs_with_sibling_courses(build_root: Builder) -> None:
    root = build_root(
        courses=[BASE / "courses" / "mini.yaml"],
        certificates=[RULES / "certificates" / "wording-undefined.yaml"],
    )
    code, out = _run("validate", str(root / "certificates"))
    assert code == 1
    assert "wording-undefined.yaml:8:3: Jinja2-malli ei toimi: tuntematon nimi 'issuer'" in out


def test_without_path_checks_active_content_and_creates_no_data_dir(
    example_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SOMEKOULUTUS_HOME", str(home))
    code, out = _run("--courses", str(example_root), "validate", "--format", "json")
    assert code == 0
    assert json.loads(out)["courses"][0]["id"] == "somen-perusteet"
    assert not home.exists()


@pytest.mark.parametrize(
    "args",
    [["validate", "/ei/ole/olemassa"], ["validate", "--format", "xml"]],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    code, _ = _run(*args)
    assert code == 2
