"""The certificate's fonts: DejaVu Sans embedded and subset, each distinct subset made and
compressed once per process (reportlab makes it anew for every document)."""

from __future__ import annotations

import threading
import zlib
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_fonts_lock = threading.Lock()
_fonts_ready = False

#: Letters and signs beyond ASCII that Finnish and Swedish text and this page use. Each
#: document gives them their codes first (ASCII has its own already), so the fonts' subsets
#: are the same from one certificate to the next unless a name has other letters; a subset
#: is then made and compressed once per process instead of once per certificate.
USUAL_LETTERS = "äöåÄÖÅéÉüÜšŠžŽ–—‑·§€…”’«»°"


class _Flate:
    """reportlab's FlateDecode filter, remembering what it compressed last (font subsets)."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._done: dict[bytes, bytes] = {}

    def encode(self, data: bytes) -> bytes:
        done = self._done.get(data)
        if done is None:
            done = zlib.compress(data)
            if len(self._done) >= 16:
                self._done.clear()
            self._done[data] = done
        return done


_FLATE = _Flate()


class _SubsetCachingFace(TTFontFace):  # type: ignore[misc]  # reportlab is untyped
    """A TrueType face that makes each distinct subset once (same bytes, same compression).

    reportlab makes the subset (and compresses it) anew for every document; for the same
    glyphs in the same order the result is the same bytes.
    """

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 — reportlab's name
        key = tuple(subset)
        cache: dict[tuple[int, ...], bytes] = self.__dict__.setdefault("_subsets", {})
        made = cache.get(key)
        if made is None:
            with _fonts_lock:  # the face reads its font file through one position
                made = super().makeSubset(subset)
            if len(cache) >= 16:
                cache.clear()
            cache[key] = made
        return made

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:  # noqa: N802
        reference = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [_FLATE]
        return reference


def _font(name: str, file: str) -> TTFont:
    font = TTFont(name, str(FONT_DIR / file))
    font.face.__class__ = _SubsetCachingFace
    return font


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) with reportlab once per process."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        pdfmetrics.registerFont(_font(REGULAR, "DejaVuSans.ttf"))
        pdfmetrics.registerFont(_font(BOLD, "DejaVuSans-Bold.ttf"))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        _fonts_ready = True
