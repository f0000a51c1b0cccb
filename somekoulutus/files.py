"""Reading the files people point the program at: regular files, bounded, no surprises.

Course files, certificate definitions, organisation.yaml and config.yaml are read through
`read_regular`: a FIFO, a device (a link to /dev/urandom), a folder or a file over the
size limit is refused with a Finnish reason at once, instead of hanging or filling memory.
A symbolic link that leads out of the file's own folder is refused too: messages about a
file quote parts of its content, and a link must not turn them into a way to read
another file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: Largest content or settings file read (bytes). The bundled course is ~100 kB.
MAX_FILE_BYTES = 8 * 1024 * 1024


class UnreadableFile(Exception):
    """The file is not one the program reads; the message (Finnish) says why."""


def _outside(path: Path) -> bool:
    """True when `path` is a symbolic link whose target is outside the link's folder."""
    if not path.is_symlink():
        return False
    folder = path.parent.resolve()
    target = path.resolve()
    return folder not in target.parents


def read_regular(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path` if it is a regular file of at most `max_bytes`.

    FileNotFoundError when it does not exist; UnreadableFile (Finnish) when it is not a
    regular file, is too big or is a link out of its folder; OSError otherwise.
    """
    if _outside(path):
        raise UnreadableFile(
            "tiedosto on symbolinen linkki oman kansionsa ulkopuolelle, eikä sitä lueta; "
            "kopioi tiedosto kansioon linkin tilalle"
        )
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "kansio" if stat.S_ISDIR(info.st_mode) else "erikoistiedosto (putki tai laite)"
            raise UnreadableFile(f"tämä on {kind} eikä tavallinen tiedosto, eikä sitä lueta")
        if info.st_size > max_bytes:
            raise UnreadableFile(_too_big(info.st_size, max_bytes))
        chunks = []
        size = 0
        while chunk := os.read(fd, 1024 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise UnreadableFile(_too_big(size, max_bytes))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return (
        f"tiedosto on liian suuri ({size // 1024} kt; enintään {limit // 1024} kt): tarkista, "
        "että se on oikea tiedosto"
    )
