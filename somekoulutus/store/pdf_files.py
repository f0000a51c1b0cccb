"""Certificate PDFs as files of the embedded store, written so that a crash leaves neither a
registry row without its PDF nor a partial file.

The PDF goes to a fsynced temporary file beside its final place; the registry transaction
renames it to `<id>.pdf` just before committing, and a failed commit removes it again.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

CERTIFICATES_DIR = "certificates"
TEMP_PREFIX, TEMP_SUFFIX = ".cert-", ".pdf.tmp"
#: A temporary PDF this old was left by a process killed while issuing (writing one takes
#: milliseconds); the folder is swept for them at most this often per process.
STALE_TEMP_SECONDS = 600
_swept: dict[Path, float] = {}
_sweep_lock = threading.Lock()


def certificates_dir(data: Path) -> Path:
    """Where an embedded store keeps its certificates' PDFs."""
    return data / CERTIFICATES_DIR


def write_temp(folder: Path, pdf: bytes) -> str:
    """The PDF in a fsynced temporary file in `folder`; its path. OSError when it cannot."""
    import tempfile  # here: opening the store to read (certs verify) writes no file

    remove_stale_temps(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


@contextmanager
def commit_file(tmp: str, final: Path) -> Iterator[Callable[[], None]]:
    """Yields `commit()`, which renames `tmp` to `final`; call it last inside the database
    transaction. If the block fails after the rename, the file is removed again."""
    renamed = False

    def commit() -> None:
        nonlocal renamed
        os.replace(tmp, final)
        renamed = True
        _fsync_dir(final.parent)

    try:
        yield commit
    except BaseException:
        if renamed:
            final.unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path) -> int:
    """Remove temporary PDFs left in `folder` by killed issuers; how many were removed.

    Runs at most once per `STALE_TEMP_SECONDS` per folder and process: the folder holds
    every certificate, and listing 100,000 files at each issue would show.
    """
    wall = time.time()
    with _sweep_lock:
        if wall - _swept.get(folder, float("-inf")) < STALE_TEMP_SECONDS:
            return 0
        _swept[folder] = wall
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            # Only old ones: a fresh one belongs to an issue running right now.
            if (
                entry.is_file(follow_symlinks=False)
                and wall - entry.stat().st_mtime > STALE_TEMP_SECONDS
            ):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue  # gone meanwhile (another sweep), or not ours to remove
    return removed


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
