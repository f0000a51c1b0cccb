"""The content cache: a hit skips the loader, any change to the content is a miss.

Each load runs in a fresh interpreter, as the app does at start, so whether the loader ran
shows in `sys.modules` (the loader and its YAML composer are imported only on a miss).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from somekoulutus import settings

_PROBE = """
import json, sys
from pathlib import Path
from somekoulutus.content import ContentError
from somekoulutus.content.cache import load_content_cached
try:
    content = load_content_cached(Path(sys.argv[1]), Path(sys.argv[2]))
    out = {"titles": sorted(c.title for c in content.courses.values()),
           "org": content.organisation.name}
except ContentError as exc:
    out = {"error": str(exc)}
out["loader_ran"] = "somekoulutus.content.loader" in sys.modules
print(json.dumps(out))
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the bundled content."""
    courses, certificates = settings.content_dirs(None)
    root = tmp_path / "sisalto"
    shutil.copytree(courses, root / "courses")
    shutil.copytree(certificates, root / "certificates")
    return root


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SOMEKOULUTUS_CACHE", str(folder))
    return folder


def load(root: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(root / "courses"), str(root / "certificates")],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    return json.loads(out.stdout)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("content-*.pickle"))


def test_the_second_start_uses_the_cache(root, cache):
    first = load(root)
    assert first["loader_ran"] and "error" not in first
    assert len(entries(cache)) == 1
    second = load(root)
    assert not second["loader_ran"]
    assert second["titles"] == first["titles"] and second["org"] == first["org"]


def test_a_changed_file_is_loaded_again(root, cache):
    before = load(root)
    org = root / "courses" / "organisation.yaml"
    org.write_text(
        org.read_text("utf-8").replace("Ylöjärven kaupunki", "Esimerkin kaupunki", 1), "utf-8"
    )
    after = load(root)
    assert after["loader_ran"]
    assert before["org"] == "Ylöjärven kaupunki" and after["org"] == "Esimerkin kaupunki"
    assert len(entries(cache)) == 2
    assert not load(root)["loader_ran"]  # the new version is cached in turn


def test_an_edit_of_the_same_size_and_time_is_still_a_change(root, cache):
    # The key holds a checksum of the bytes, not only the file's size and time.
    load(root)
    org = root / "courses" / "organisation.yaml"
    stamp = org.stat()
    org.write_text(
        org.read_text("utf-8").replace("Ylöjärven kaupunki", "Ylöjärven kaupunkI", 1), "utf-8"
    )
    os.utime(org, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert org.stat().st_size == stamp.st_size
    after = load(root)
    assert after["loader_ran"] and after["org"] == "Ylöjärven kaupunkI"


def test_broken_content_is_never_served_from_the_cache(root, cache):
    assert "error" not in load(root)
    course = root / "courses" / "sisallontuottaja.yaml"
    course.write_text(course.read_text("utf-8") + "\n  {{ tuntematon }}: [\n", "utf-8")
    for _ in range(2):  # every start reports it, until it is fixed
        broken = load(root)
        assert broken["loader_ran"] and "error" in broken
    assert len(entries(cache)) == 1


def test_a_file_added_or_removed_is_a_change(root, cache):
    assert "error" not in load(root)
    (root / "courses" / "uusi.yml").write_text("id: uusi\n", "utf-8")
    assert "error" in load(root)  # the loader reports a .yml file
    (root / "courses" / "uusi.yml").unlink()
    (root / "certificates" / "luottamushenkilo.yaml").unlink()
    gone = load(root)
    assert gone["loader_ran"] and "error" not in gone


def test_a_damaged_entry_is_a_miss(root, cache):
    load(root)
    [entry] = entries(cache)
    entry.write_bytes(b"not a pickle")
    again = load(root)
    assert again["loader_ran"] and "error" not in again


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is POSIX")
def test_a_folder_others_can_write_is_not_trusted(root, cache):
    load(root)
    cache.chmod(0o777)
    try:
        assert load(root)["loader_ran"]
    finally:
        cache.chmod(0o700)
    assert not load(root)["loader_ran"]


def test_off_writes_nothing(root, tmp_path, monkeypatch):
    monkeypatch.setenv("SOMEKOULUTUS_CACHE", "off")
    assert load(root)["loader_ran"]
    assert load(root)["loader_ran"]
    assert not list(tmp_path.rglob("content-*.pickle"))
