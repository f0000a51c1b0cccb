"""The certificate as an A4 PDF (reportlab): the document people read, with a QR code for machines.

All text is drawn in the embedded DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese ...).
Text that comes from people or content passes through `xml.sax.saxutils.escape` before it
reaches a Paragraph, so it is printed literally and never read as reportlab markup.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

NAVY = HexColor("#1F3A5F")
GOLD = HexColor("#A8864E")
INK = HexColor("#222222")
MUTED = HexColor("#5B6470")
PAPER = HexColor("#FBF9F4")

_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) with reportlab once per process."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        _fonts_ready = True


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on a certificate, already as display text (unescaped)."""

    cert_id: str
    organisation: str
    title: str
    person_name: str
    wording: str
    courses: tuple[str, ...]
    issued_date: str
    valid_until: str
    signer_name: str
    signer_title: str
    key_id: str
    manual_note: str | None
    #: The compact signed form (QR code and PDF keywords).
    compact: str


def write_pdf(out: BinaryIO, view: CertificateView) -> None:
    """Draw the certificate onto one A4 page and write the PDF to `out`."""
    register_fonts()
    canvas = Canvas(
        out,
        pagesize=A4,
        pageCompression=1,
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=11,
    )
    canvas.setTitle(f"{view.title} – {view.cert_id}")
    canvas.setAuthor(view.organisation)
    canvas.setSubject(view.title)
    canvas.setCreator("somekoulutus")
    # verify reads the signed payload back from here (pypdf: metadata.keywords).
    canvas.setKeywords(view.compact)
    _draw(canvas, view)
    canvas.showPage()
    canvas.save()


def _style(
    name: str, size: float, *, bold: bool = False, color: Color = INK, **kw
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=kw.pop("leading", size * 1.28),
        textColor=color,
        alignment=kw.pop("alignment", TA_CENTER),
        **kw,
    )


def _lines(text: str) -> str:
    """Escaped text with its line breaks kept."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


def _draw(c: Canvas, v: CertificateView) -> None:
    width, height = A4
    _frame(c, width, height)

    # Header: organisation, rule, "TODISTUS", title.
    c.setFillColor(NAVY)
    c.setFont(BOLD, 12)
    org = v.organisation.upper()
    size = 12.0
    while c.stringWidth(org, BOLD, size) + 2 * len(org) > width - 140 and size > 6:
        size -= 0.5
    c.setFont(BOLD, size)
    _spaced_centre(c, width / 2, height - 92, org, size, tracking=2)
    _rule(c, width / 2, height - 106, 70)
    c.setFillColor(NAVY)
    _spaced_centre(c, width / 2, height - 158, "TODISTUS", 34, tracking=8, font=BOLD)

    content_width = width - 2 * 82
    top = height - 178
    bottom = 250  # the signature and QR block live below this

    # The middle block shrinks as a whole until it fits between top and bottom.
    for scale in (1.0, 0.92, 0.85, 0.78, 0.7, 0.62, 0.55, 0.48, 0.42, 0.36):
        blocks = _middle_blocks(v, scale)
        heights = [_wrap(p, content_width, c) + gap for p, gap in blocks]
        if sum(heights) <= top - bottom:
            break
    # Centre the block in its space, a little above the middle.
    y = top - max(0.0, (top - bottom - sum(heights)) * 0.4)
    for index, ((para, gap), h) in enumerate(zip(blocks, heights, strict=True)):
        y -= h
        para.drawOn(c, 82, y + gap)
        if index == _NAME_BLOCK:
            _rule(c, width / 2, y + gap / 2, 46)

    _footer(c, v, width)


_NAME_BLOCK = 2  # index of the name in _middle_blocks: a gold rule goes under it


def _middle_blocks(v: CertificateView, scale: float) -> list[tuple[Paragraph, float]]:
    """(paragraph, space below it) from the title down to the dates."""
    title = Paragraph(escape(v.title), _style("title", 17 * scale, color=NAVY))
    given = Paragraph("myönnetään", _style("given", 10.5 * scale, color=MUTED))
    name_size = _name_size(v.person_name) * scale
    # A word too long for a line (a name without spaces) may break anywhere.
    breakable = any(len(word) > 24 for word in v.person_name.split()) or not v.person_name.split()
    name_style = _style("name", name_size, bold=True, color=INK)
    if breakable:
        name_style.wordWrap = "CJK"
    name = Paragraph(escape(v.person_name), name_style)
    wording = Paragraph(_lines(v.wording), _style("wording", 11 * scale, leading=11 * scale * 1.45))
    courses_head = Paragraph("Suoritetut kurssit", _style("ch", 9 * scale, bold=True, color=MUTED))
    courses = Paragraph(
        "<br/>".join(escape(course) for course in v.courses),
        _style("courses", 10.5 * scale),
    )
    dates = Paragraph(
        f'<font name="{BOLD}">Myönnetty</font> {escape(v.issued_date)}'
        f'&nbsp;&nbsp;&nbsp;·&nbsp;&nbsp;&nbsp;<font name="{BOLD}">Voimassa</font> '
        f"{escape(v.valid_until)} asti",
        _style("dates", 11 * scale, color=NAVY),
    )
    blocks: list[tuple[Paragraph, float]] = [
        (title, 14 * scale),
        (given, 6 * scale),
        (name, 22 * scale),
        (wording, 16 * scale),
        (courses_head, 3 * scale),
        (courses, 16 * scale),
    ]
    if v.manual_note:
        note = Paragraph(_lines(v.manual_note), _style("manual", 9.5 * scale, color=MUTED))
        blocks.append((note, 12 * scale))
    blocks.append((dates, 0))
    return blocks


def _name_size(name: str) -> float:
    """Large for ordinary names, smaller for long ones so they stay on two or three lines."""
    length = len(name)
    if length <= 28:
        return 27
    if length <= 45:
        return 22
    if length <= 80:
        return 17
    return 13


def _wrap(p: Paragraph, width: float, c: Canvas) -> float:
    _, h = p.wrapOn(c, width, 10_000)
    return h


def _footer(c: Canvas, v: CertificateView, width: float) -> None:
    # Signer (left): the electronic signature stands in for a handwritten one.
    left = 82
    c.setStrokeColor(NAVY)
    c.setLineWidth(0.6)
    c.line(left, 168, left + 200, 168)
    signer = Paragraph(
        f'<font name="{BOLD}">{escape(v.signer_name)}</font><br/>{escape(v.signer_title)}'
        f"<br/>{escape(v.organisation)}",
        _style("signer", 9.5, alignment=TA_LEFT),
    )
    _, h = signer.wrapOn(c, 230, 200)
    signer.drawOn(c, left, 162 - h)
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 7.5)
    c.drawString(left, 176, "Sähköisesti allekirjoitettu (Ed25519)")

    # QR code and id (right).
    size = 132
    qx, qy = width - 78 - size, 86
    _qr(c, v.compact, qx, qy, size)
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 7.5)
    c.drawCentredString(qx + size / 2, qy + size + 8, "Todistuksen tunnus")
    c.setFillColor(NAVY)
    c.setFont(BOLD, 11)
    c.drawCentredString(qx + size / 2, qy - 12, v.cert_id)

    # Verification hint across the bottom.
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 7)
    c.drawCentredString(
        width / 2,
        58,
        f"Aitouden voi tarkistaa komennolla: somekoulutus certs verify {v.cert_id}"
        f"  ·  myöntäjän avain {v.key_id}",
    )


def _qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of `text`, encoded once, as filled runs of modules."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    quiet = 2
    box = size / (count + 2 * quiet)
    c.setFillColor(HexColor("#FFFFFF"))
    c.rect(x, y, size, size, stroke=0, fill=1)
    path = c.beginPath()
    for r, row in enumerate(code.modules):
        col = 0
        for dark, run in itertools.groupby(row):
            n = len(list(run))
            if dark:
                path.rect(x + (col + quiet) * box, y + size - (r + quiet + 1) * box, n * box, box)
            col += n
    c.setFillColor(HexColor("#000000"))
    c.drawPath(path, stroke=0, fill=1)


def _frame(c: Canvas, width: float, height: float) -> None:
    c.setFillColor(PAPER)
    c.rect(0, 0, width, height, stroke=0, fill=1)
    c.setStrokeColor(NAVY)
    c.setLineWidth(2.2)
    c.rect(28, 28, width - 56, height - 56, stroke=1, fill=0)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.7)
    c.rect(35, 35, width - 70, height - 70, stroke=1, fill=0)
    # Small gold corner marks inside the inner frame.
    for cx, cy, dx, dy in (
        (35, 35, 1, 1),
        (width - 35, 35, -1, 1),
        (35, height - 35, 1, -1),
        (width - 35, height - 35, -1, -1),
    ):
        c.setLineWidth(1.4)
        c.line(cx + dx * 6, cy + dy * 6, cx + dx * 30, cy + dy * 6)
        c.line(cx + dx * 6, cy + dy * 6, cx + dx * 6, cy + dy * 30)


def _rule(c: Canvas, cx: float, y: float, half: float) -> None:
    c.setStrokeColor(GOLD)
    c.setLineWidth(1)
    c.line(cx - half, y, cx + half, y)
    c.setFillColor(GOLD)
    c.circle(cx, y, 2, stroke=0, fill=1)


def _spaced_centre(
    c: Canvas, cx: float, y: float, text: str, size: float, *, tracking: float, font: str = BOLD
) -> None:
    """Centred text with letter spacing (reportlab's drawString has none)."""
    t = c.beginText()
    t.setFont(font, size)
    t.setCharSpace(tracking)
    total = c.stringWidth(text, font, size) + tracking * (len(text) - 1)
    t.setTextOrigin(cx - total / 2, y)
    t.textOut(text)
    # Character spacing is PDF text state and would outlive this text object: reset it.
    t.setCharSpace(0)
    c.drawText(t)
