"""issue: certificates per second, our full issue vs a bare reportlab page with a QR code.

Ours is `certs.issue_if_eligible` for a person who has just passed: payload, Ed25519
signature, the PDF written and fsynced, the registry row, supersession check and audit entry
in one transaction. The baseline draws the same text (read back from one of our PDFs) and a
QR code of the same signed payload onto a one-page A4 reportlab canvas, the plain way
(Helvetica, drawString, reportlab's QrCodeWidget), and saves it to a file.

reportlab's QrCodeWidget is slow (it encodes twice and draws every module as a shape), so a
second, leaner baseline draws the QR code from reportlab's encoder as one path, the way ours
does: `ratio_lean` shows what signing, layout, fsync and the registry cost on top of that.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from common import NotBuilt, PartResult, Row

TARGET = 0.6
COURSE = "sisallontuottaja"


def _passed_people(conn, content, count: int) -> list[str]:
    from somekoulutus import quiz
    from somekoulutus.store import learning, people

    course = content.courses[COURSE]
    logins = []
    for i in range(count):
        login = f"bench{i:04d}"
        people.save(
            conn,
            people.Person(
                login, f"Henkilö Numero {i}", f"{login}@ylojarvi.fi", "Kirjasto", "tyontekija"
            ),
        )
        plan = quiz.draw(course.quiz, random.Random(i))
        attempt_id = learning.start_attempt(conn, login, COURSE, course.version, plan)
        for position, planned in enumerate(plan):
            question = course.quiz.question(planned.question_id)
            learning.record_answer(
                conn, attempt_id, position, question.id, sorted(question.correct_indexes), True
            )
        learning.finish_attempt(conn, attempt_id, 1.0, True)
        logins.append(login)
    return logins


def _text_page(path: Path, lines: list[str]):
    """A one-page A4 canvas with the certificate's lines of text: what both baselines share."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    y = A4[1] - 72
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    return c


def _bare_page(path: Path, lines: list[str], qr_text: str) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4

    c = _text_page(path, lines)
    widget = QrCodeWidget(qr_text, barLevel="L")
    x0, y0, x1, y1 = widget.getBounds()
    size = 120
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, A4[0] - 72 - size, 60)
    c.showPage()
    c.save()


def _lean_page(path: Path, lines: list[str], qr_text: str) -> None:
    from reportlab.graphics.barcode import qrencoder
    from reportlab.lib.pagesizes import A4

    c = _text_page(path, lines)
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    code.addData(qr_text)
    code.make()
    box = 120 / code.getModuleCount()
    qr = c.beginPath()
    for r, row in enumerate(code.modules):
        for col, dark in enumerate(row):
            if dark:
                qr.rect(A4[0] - 192 + col * box, 180 - (r + 1) * box, box, box)
    c.drawPath(qr, stroke=0, fill=1)
    c.showPage()
    c.save()


def run(quick: bool) -> PartResult:
    try:
        from somekoulutus import certs, settings
        from somekoulutus.content import load_content
        from somekoulutus.store import connect
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.certs: {exc}") from exc
    from pypdf import PdfReader

    rounds, per_round = (2, 8) if quick else (4, 15)
    content = load_content(*settings.content_dirs(None))
    with tempfile.TemporaryDirectory(prefix="bench-issue-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        conn = connect(settings.db_path(data))
        logins = _passed_people(conn, content, rounds * per_round + 1)

        # Warm-up (key creation, font registration) and the text the baseline draws.
        first = certs.issue_if_eligible(conn, content, data, logins.pop())[0]
        reader = PdfReader(first.pdf_path)
        lines = [ln for ln in reader.pages[0].extract_text().splitlines() if ln.strip()]
        qr_text = reader.metadata.keywords
        bare_dir = Path(tmp) / "bare"
        bare_dir.mkdir()
        _bare_page(bare_dir / "warmup.pdf", lines, qr_text)
        _lean_page(bare_dir / "lean-warmup.pdf", lines, qr_text)

        ours_time = bare_time = lean_time = 0.0
        count = 0
        # Alternate rounds so that a change of machine load hits both alike.
        for r in range(rounds):
            batch = logins[r * per_round : (r + 1) * per_round]
            start = time.perf_counter()
            for login in batch:
                issued = certs.issue_if_eligible(conn, content, data, login)
                assert len(issued) == 1, issued
            ours_time += time.perf_counter() - start
            start = time.perf_counter()
            for i in range(per_round):
                _bare_page(bare_dir / f"{r}-{i}.pdf", lines, qr_text)
            bare_time += time.perf_counter() - start
            start = time.perf_counter()
            for i in range(per_round):
                _lean_page(bare_dir / f"lean-{r}-{i}.pdf", lines, qr_text)
            lean_time += time.perf_counter() - start
            count += per_round
        ours_size = Path(first.pdf_path).stat().st_size
        bare_size = (bare_dir / "warmup.pdf").stat().st_size
        conn.close()
    ours_rate, bare_rate, lean_rate = count / ours_time, count / bare_time, count / lean_time
    ratio = ours_rate / bare_rate
    return PartResult(
        {
            "ratio": round(ratio, 3),
            "ours_per_s": round(ours_rate, 2),
            "bare_per_s": round(bare_rate, 2),
            "lean_per_s": round(lean_rate, 2),
            "ratio_lean": round(ours_rate / lean_rate, 3),
            "ours_pdf_kb": round(ours_size / 1024, 1),
            "bare_pdf_kb": round(bare_size / 1024, 1),
        },
        [
            Row(
                f"certificates per second ({count} each)",
                f"{ours_rate:.1f}/s",
                f"{bare_rate:.1f}/s",
                f"{ratio:.2f}",
                f">= {TARGET}",
                ratio >= TARGET,
            ),
            Row(
                "  same, vs a lean page (QR as one path, no widget)",
                f"{ours_rate:.1f}/s",
                f"{lean_rate:.1f}/s",
                f"{ours_rate / lean_rate:.2f}",
            ),
        ],
    )
