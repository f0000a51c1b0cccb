"""Property: whatever is done to a valid course file, loading succeeds or raises ContentError."""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somekoulutus.content import ContentError, load_content

from .conftest import BASE

VALID = (BASE / "courses" / "mini.yaml").read_text("utf-8")
VALID_DATA = yaml.safe_load(VALID)

# YAML indicators, Jinja2 delimiters and a few ordinary letters, joined into short junk.
junk = st.lists(
    st.sampled_from(list(":-[]{}&*!|>#%@`\"'?,\t\n ab1ä\\") + ["{{", "{%", "}}", "%}", "\x00"]),
    max_size=12,
).map("".join)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**20), st.floats(), st.text(max_size=20)
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=8), scalars, max_size=3),
)


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, dict | list) else []
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    )
    for child in children:
        found += _containers(child)
    return found


@st.composite
def mutated_data(draw: st.DrawFn) -> str:
    data = copy.deepcopy(VALID_DATA)
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(_containers(data)))
        if not target:
            continue
        op = draw(st.sampled_from(["drop", "retype", "duplicate"]))
        key = draw(
            st.sampled_from(list(target) if isinstance(target, dict) else range(len(target)))
        )
        if op == "drop":
            del target[key]
        elif op == "retype":
            target[key] = draw(values)
        elif isinstance(target, list):
            target.append(copy.deepcopy(target[key]))  # duplicate ids, choices, lessons
        else:
            target[key + "_"] = copy.deepcopy(target[key])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    lines = VALID.splitlines(keepends=True)
    op = draw(st.sampled_from(["truncate", "junk", "drop_line", "duplicate_line", "replace_value"]))
    if op == "truncate":
        return VALID[: draw(st.integers(0, len(VALID)))]
    i = draw(st.integers(0, len(lines) - 1))
    if op == "junk":
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(junk) + lines[i][at:]
    elif op == "drop_line":
        del lines[i]
    elif op == "duplicate_line":
        lines.insert(i, lines[i])
    else:
        head, sep, _ = lines[i].partition(": ")
        if sep:
            lines[i] = head + sep + draw(junk) + "\n"
    return "".join(lines)


def _load(text: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="somekoulutus-prop-"))
    try:
        (root / "courses").mkdir()
        (root / "certificates").mkdir()
        for name in ("organisation.yaml", "guideline.yaml"):
            shutil.copy(BASE / "courses" / name, root / "courses" / name)
        (root / "courses" / "mini.yaml").write_text(text, "utf-8")
        shutil.copy(BASE / "certificates" / "mini.yaml", root / "certificates" / "mini.yaml")
        try:
            load_content(root / "courses", root / "certificates")
        except ContentError as exc:
            assert exc.issues and all(i.line >= 1 and i.column >= 1 for i in exc.issues)
    finally:
        shutil.rmtree(root)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_data())
def test_structural_mutations_never_crash(text: str) -> None:
    _load(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_text())
def test_text_mutations_never_crash(text: str) -> None:
    _load(text)


def test_unmutated_course_loads() -> None:
    _load(VALID)  # the baseline the mutations start from is itself valid


def test_positions_survive_packing_at_the_edges() -> None:
    from somekoulutus.content.yamlnodes import Pos, _pack, _unpack

    for line, column, block in [(1, 1, False), (1, 1, True), (10**9, 70_000, True)]:
        assert _unpack(_pack(line, column, block)) == Pos(line, column, block)
    # Beyond the packed range, the largest position (never an overflow).
    assert _unpack(_pack(2**60, 2**30)).line == 2**39 - 1
