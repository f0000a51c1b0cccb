"""Validated content, kept per content key in the user's cache folder.

Loading the content means parsing every YAML file, checking it against the schema and
trial-rendering every template (`load_content`). The result depends only on the bytes of the
content files (and on this program), so the app and the CLI keep it: the key covers every
file in the two folders (name, size, modification time and a CRC-32 of its bytes), the
folders' paths, and the program that checked them. Any change to a file, a file added or
removed, or another version of the program is another key, so the next start checks the
content again in full. The key is a checksum, not a cryptographic hash: the cache is the
user's own (see below), nobody gains by forging a key, and the app starts ~1.5 ms sooner
without importing hashlib and OpenSSL. An edit missed by the key would need the same size,
the same modification time to the nanosecond and the same CRC-32. Only content
that passed every check is kept: broken content is reported at every start until it is
fixed, and `somekoulutus validate` never reads the cache.

The folder is `platformdirs.user_cache_dir("somekoulutus")`, or `SOMEKOULUTUS_CACHE`
(`off` turns the cache off). Entries are pickles, so a folder or file that another user
could have written is ignored: the cache is used only when the folder and the entry belong
to the user running the program and nobody else can write them.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import stat
import sys
import tempfile
import zlib
from pathlib import Path

from somekoulutus.content.models import Content
from somekoulutus.files import UnreadableFile, read_regular

CACHE_ENV = "SOMEKOULUTUS_CACHE"
#: Bump when what is pickled changes shape.
FORMAT = 3
#: Entries kept (one per content version seen); older ones are removed.
KEEP = 8
_PREFIX, _SUFFIX = "content-", ".pickle"


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("somekoulutus"))


def content_key(courses_dir: Path, certificates_dir: Path) -> str:
    """A key for everything `load_content` reads and for the program that checks it."""
    parts = [f"format {FORMAT}", f"python {sys.version}", *_program()]
    for folder in (courses_dir, certificates_dir):
        folder = Path(folder).absolute()
        parts.append(f"folder {folder}")
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            parts.append(f"unreadable {exc.errno}")
            continue
        for entry in entries:
            parts.append(f"entry {entry.name}")
            if entry.name.endswith(".yaml") and entry.is_file():
                try:
                    # Bounded like the loader's read: a 1 GB file is not read to check it.
                    data = read_regular(Path(entry.path))
                    info = entry.stat()
                except UnreadableFile:
                    parts.append("refused")
                    continue
                except OSError as exc:
                    parts.append(f"unreadable {exc.errno}")
                    continue
                parts.append(f"{len(data)} {info.st_mtime_ns} {zlib.crc32(data):08x}")
    text = "\0".join(parts).encode(errors="surrogateescape")
    # Two independent 32-bit checksums of the same text: a 64-bit key.
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def _program() -> list[str]:
    # The checks live in somekoulutus.content: another version of them may judge the same
    # files differently. Size and modification time of each module stand in for its text.
    parts = []
    # os.scandir, not Path.glob: a fifth of the time, at every start.
    for entry in sorted(os.scandir(os.path.dirname(__file__)), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            info = entry.stat()
            parts.append(f"{entry.name} {info.st_size} {info.st_mtime_ns}")
    # The libraries that parse and render it, by their installed files (not importing them).
    for name in ("yaml", "jinja2"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin:
            info = os.stat(origin)
            parts.append(f"{origin} {info.st_size} {info.st_mtime_ns}")
    return parts


def load_content_cached(courses_dir: Path, certificates_dir: Path) -> Content:
    """`load_content`, answered from the cache when the content has not changed.

    Raises ContentError exactly as `load_content` does (broken content is never cached).
    """
    folder = cache_dir()
    key = content_key(courses_dir, certificates_dir)
    if folder is not None:
        content = _read(folder / f"{_PREFIX}{key}{_SUFFIX}")
        if content is not None:
            return content
    from somekoulutus.content.loader import load_content

    content = load_content(courses_dir, certificates_dir)
    if folder is not None:
        _write(folder, key, content)
    return content


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's own profile folder
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> Content | None:
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not (stat.S_ISREG(info.st_mode) and _private(info) and _private(path.parent.stat())):
                return None
            content = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 — a damaged or foreign entry is a miss, never an error
        return None
    return content if isinstance(content, Content) else None


def _write(folder: Path, key: str, content: Content) -> None:
    """Keep `content` under `key`; any failure (read-only, disk full) only skips the cache."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(folder.stat()):
            return
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(content, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{_PREFIX}{key}{_SUFFIX}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except Exception:  # noqa: BLE001 — the cache is an optimisation
        return


def _prune(folder: Path) -> None:
    entries = sorted(
        folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
