"""The certificate as an A4 PDF (reportlab): the document people read, with a QR code for machines.

All text is drawn in the embedded DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese ...), subset
to the glyphs used. Text that comes from people or content passes through
`xml.sax.saxutils.escape` before it reaches a Paragraph, so it is printed literally and never
read as reportlab markup. Finnish typography: no-break spaces keep a number with its unit or
section sign ("69 §", "20 000 €") and a date with its "asti" (`finnish_spaces`).

People read plain words ("sähköinen allekirjoitus"); the technical details (algorithm, key,
where the signed data is) are in the small verification section at the bottom. The QR code
holds a short text (`payload.qr_text`), encoded once with a fixed mask and drawn as one path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from somekoulutus.certs.payload import verification_link
from somekoulutus.certs.pdf_fonts import BOLD, REGULAR, USUAL_LETTERS, register_fonts
from somekoulutus.certs.pdf_qr import draw_qr

NAVY = HexColor("#1F3A5F")
GOLD = HexColor("#A8864E")
INK = HexColor("#222222")
MUTED = HexColor("#5B6470")
PAPER = HexColor("#FBF9F4")


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
    #: The compact signed form: the whole signed payload and signature (PDF Keywords).
    compact: str
    #: What the QR code holds: a verification link, or the id and the signature.
    qr_text: str = ""
    #: When the certificate was issued: the PDF's creation date.
    issued_at: datetime | None = None
    #: The organisation's verification address, shown in the verification section.
    verification_url: str | None = None


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
    # Invariant mode keeps the file a function of its content, but would date it 1.1.2000:
    # the creation and modification dates are the time of issue.
    stamp = _pdf_date(view.issued_at)
    canvas.setDateFormatter(lambda *_ymdhms: stamp)
    canvas.setTitle(f"{view.title} – {view.cert_id}")
    canvas.setAuthor(view.organisation)
    canvas.setSubject(view.title)
    canvas.setCreator("somekoulutus")
    # verify reads the signed payload back from here (pypdf: metadata.keywords).
    canvas.setKeywords(view.compact)
    for name in (REGULAR, BOLD):  # the usual letters' codes first: see USUAL_LETTERS
        pdfmetrics.getFont(name).splitString(USUAL_LETTERS, canvas._doc)
    _draw(canvas, view)
    canvas.showPage()
    canvas.save()


def _pdf_date(moment: datetime | None) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+00'00') in UTC; now when None."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


NBSP = "\u00a0"
# A number and what belongs to it: units, the section sign, per cent, currency.
_UNIT = re.compile(
    r"(?<=\d) (?=(?:§|%|‰|€|°C|°|mm|cm|km|m|kg|g|t|h|min|s|vrk|pv|kk|v|kpl|krt|op|MB|GB|kt)(?![\w]))"
)
# Digit groups of a long number: 20 000.
_GROUP = re.compile(r"(?<!\d)(?<!\d )\d{1,3}(?: \d{3})+(?!\d)")
# The section sign and its number, a word that numbers ("versio 3", "kohta 2", "s. 12").
_BEFORE_NUMBER = re.compile(r"(§|\b(?:versio|kohta|luku|nro|s\.)) (?=\d)")
# A date (d.m.yyyy) with the word that ends its phrase: "4.12.2030 asti".
_DATE_WORD = re.compile(r"(?<=\d\.\d{4}) (?=(?:asti|saakka|alkaen)\b)")
# Initials and the name after them: "A. Virtanen" (in names written that way).
_INITIAL = re.compile(r"(?<=\b[A-ZÅÄÖ]\.) (?=[A-ZÅÄÖ])")


def finnish_spaces(text: str) -> str:
    """`text` with no-break spaces where Finnish typography keeps words together."""
    text = _GROUP.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    for pattern in (_UNIT, _DATE_WORD, _INITIAL):
        text = pattern.sub(NBSP, text)
    return _BEFORE_NUMBER.sub(lambda m: m.group(1) + NBSP, text)


def _style(
    name: str, size: float, *, bold: bool = False, color: Color = INK, **kw: Any
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
    """Escaped text with its line breaks kept and Finnish no-break spaces."""
    return "<br/>".join(escape(finnish_spaces(line)) for line in text.strip().splitlines())


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
    bottom = 274  # the signature, QR code and verification section live below this

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
    title = Paragraph(escape(finnish_spaces(v.title)), _style("title", 17 * scale, color=NAVY))
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
        "<br/>".join(escape(finnish_spaces(course)) for course in v.courses),
        _style("courses", 10.5 * scale),
    )
    # Each half stays on one line: "Myönnetty 4.12.2026", "Voimassa 4.12.2028 asti".
    dates = Paragraph(
        f'<font name="{BOLD}">Myönnetty</font>&nbsp;{escape(v.issued_date)}'
        f'&nbsp;&nbsp;&nbsp;· &nbsp;&nbsp;<font name="{BOLD}">Voimassa</font>&nbsp;'
        f"{escape(v.valid_until)}&nbsp;asti",
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
    height: float
    _, height = p.wrapOn(c, width, 10_000)
    return height


def _footer(c: Canvas, v: CertificateView, width: float) -> None:
    # Signer (left): the electronic signature stands in for a handwritten one.
    left = 82
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 7.5)
    c.drawString(left, 208, "Sähköisesti allekirjoitettu")
    c.setStrokeColor(NAVY)
    c.setLineWidth(0.6)
    c.line(left, 200, left + 200, 200)
    signer = Paragraph(
        f'<font name="{BOLD}">{escape(v.signer_name)}</font><br/>{escape(v.signer_title)}'
        f"<br/>{escape(v.organisation)}",
        _style("signer", 9.5, alignment=TA_LEFT),
    )
    _, h = signer.wrapOn(c, 230, 200)
    signer.drawOn(c, left, 194 - h)

    # QR code (right), the id under it.
    qx, qy = width - 70 - QR_SIZE, 126
    draw_qr(c, v.qr_text or v.compact, qx, qy, QR_SIZE)
    c.setFillColor(MUTED)
    c.setFont(REGULAR, 7.5)
    c.drawCentredString(qx + QR_SIZE / 2, qy + QR_SIZE + 7, "Tarkista todistus")
    c.setFillColor(NAVY)
    c.setFont(BOLD, 11)
    c.drawCentredString(qx + QR_SIZE / 2, qy - 13, v.cert_id)

    # Verification section across the bottom: how to check, then the technical details.
    _rule(c, width / 2, 101, width / 2 - 82, dot=False)
    heading = Paragraph(
        "Todistuksen tarkistaminen", _style("vhead", 7.5, bold=True, color=NAVY, alignment=TA_LEFT)
    )
    _, hh = heading.wrapOn(c, width - 164, 50)
    heading.drawOn(c, 82, 95 - hh)
    section = Paragraph(_verification_text(v), _style("verify", 7, color=MUTED, alignment=TA_LEFT))
    _, sh = section.wrapOn(c, width - 164, 60)
    section.drawOn(c, 82, 93 - hh - sh)


QR_SIZE = 128


def _verification_text(v: CertificateView) -> str:
    cert_id = escape(v.cert_id).replace("-", "&#8209;")  # no-break hyphens: one line
    if v.verification_url:
        link = escape(verification_link(v.verification_url, v.cert_id))
        how = (
            f"Todistuksen aitouden ja voimassaolon voi tarkistaa lukemalla QR-koodin tai "
            f"osoitteessa {link}."
        )
        qr = "QR-koodissa on tarkistuslinkki"
    else:
        how = (
            f"Myöntäjä voi tarkistaa todistuksen aitouden ja voimassaolon QR-koodista tai "
            f"todistuksen tunnuksesta {cert_id}."
        )
        qr = "QR-koodissa on tunnus ja allekirjoitus"
    technical = (
        f"Tekniset tiedot: sähköinen allekirjoitus Ed25519, myöntäjän avain {escape(v.key_id)}. "
        f"{qr}; kaikki allekirjoitetut tiedot ovat PDF-tiedoston metatiedoissa (Keywords)."
    )
    return f"{how}<br/>{technical}"


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


def _rule(c: Canvas, cx: float, y: float, half: float, *, dot: bool = True) -> None:
    c.setStrokeColor(GOLD)
    c.setLineWidth(1 if dot else 0.5)
    c.line(cx - half, y, cx + half, y)
    if dot:
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
