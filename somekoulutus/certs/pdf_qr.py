"""The certificate's QR code, drawn with reportlab's encoder: once, with a fixed mask, as one path."""

from __future__ import annotations

import functools
import itertools

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

# reportlab's encoder computes the Reed-Solomon generator polynomial for every code it makes
# (about a third of an encode); it depends only on the number of error-correction bytes and
# is only read afterwards, so one per size is kept.
_generator = qrencoder.QRUtil.getErrorCorrectPolynomial
if not hasattr(_generator, "cache_info"):
    qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(functools.cache(_generator))

#: The QR mask pattern. Any of the eight decodes; choosing the "best" one by the standard's
#: penalty score means building the code eight more times, ~2/3 of the time of an issue.
QR_MASK = 0


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of `text`: encoded once with a fixed mask, one path of module runs."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    count = code.getModuleCount()
    quiet = 4  # the standard's quiet zone, in modules
    box = size / (count + 2 * quiet)
    c.setFillColor(HexColor("#FFFFFF"))
    c.rect(x, y, size, size, stroke=0, fill=1)
    # One path of the dark runs in module units (whole numbers, so the page stream stays
    # short), placed and scaled by the transformation matrix: y grows downwards row by row.
    runs = []
    for r, row in enumerate(code.modules):
        col = 0
        for dark, run in itertools.groupby(row):
            n = len(list(run))
            if dark:
                runs.append(f"{col} {r} {n} 1 re")
            col += n
    c.saveState()
    c.setFillColor(HexColor("#000000"))
    c.transform(box, 0, 0, -box, x + quiet * box, y + size - quiet * box)
    c.addLiteral("\n".join(runs) + "\nf")
    c.restoreState()
