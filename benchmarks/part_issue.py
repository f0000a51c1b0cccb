"""issue: the full issue of one certificate against a bare reportlab page with the same QR code.

Ours is `certs.issue_if_eligible` for a person who has just passed: payload, Ed25519
signature, the PDF (embedded, subset fonts; QR code) written and fsynced, the registry row,
supersession check and audit entry in one transaction.

The baseline is the plain way to make the same page with the same libraries: a one-page A4
reportlab canvas with the same text (read back from one of our PDFs) in Helvetica, and a QR
code of the same text (what our QR code holds) from the same QR library (reportlab's
qrencoder, as the library makes it: the best of the eight masks) drawn as one path; written
and fsynced the same way. A second baseline uses a fixed mask as ours does
(`ratio_fixed_mask`). Rounds interleaved; medians of the per-certificate times.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import NotBuilt, PartResult, Row

TARGET_MS = 70.0
TARGET_RATIO = 0.8
COURSE = "sisallontuottaja"


def _passed_people(store, content, count: int) -> list[str]:
    from somekoulutus import quiz
    from somekoulutus.store import people

    course = content.courses[COURSE]
    logins = []
    for i in range(count):
        login = f"bench{i:04d}"
        store.save_person(
            people.Person(
                login, f"Henkilö Numero {i}", f"{login}@ylojarvi.fi", "Kirjasto", "tyontekija"
            )
        )
        plan = quiz.draw(course.quiz, random.Random(i))
        attempt_id = store.start_attempt(
            login, COURSE, course.version, str(i), [(p.question_id, p.order) for p in plan]
        ).id
        for position, planned in enumerate(plan):
            question = course.quiz.question(planned.question_id)
            store.record_answer(
                attempt_id, position, question.id, sorted(question.correct_indexes), True
            )
        store.finish_attempt(attempt_id, 1.0, True)
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


def _bare_page(path: Path, lines: list[str], qr_text: str, mask: int | None = None) -> None:
    from reportlab.graphics.barcode import qrencoder
    from reportlab.lib.pagesizes import A4

    c = _text_page(path, lines)
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(qr_text)
    if mask is None:
        code.make()  # the library's way: tries all eight masks
    else:
        code.version = code.calculate_version()
        code.makeImpl(False, mask)
    box = 120 / code.getModuleCount()
    qr = c.beginPath()
    for r, row in enumerate(code.modules):
        for col, dark in enumerate(row):
            if dark:
                qr.rect(A4[0] - 192 + col * box, 180 - (r + 1) * box, box, box)
    c.drawPath(qr, stroke=0, fill=1)
    c.showPage()
    c.save()
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run(quick: bool, scale: int | None = None, smoke: bool = False) -> PartResult:
    try:
        from somekoulutus import certs, settings
        from somekoulutus.certs.payload import short_form
        from somekoulutus.content import load_content
        from somekoulutus.store.sqlite_store import SqliteStore
    except ImportError as exc:
        raise NotBuilt(f"somekoulutus.certs: {exc}") from exc
    import base64

    from pypdf import PdfReader

    rounds, per_round = (1, 1) if smoke else (5, 4) if quick else (9, 8)
    content = load_content(*settings.content_dirs(None))
    with tempfile.TemporaryDirectory(prefix="bench-issue-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        store = SqliteStore(data)
        logins = _passed_people(store, content, rounds * per_round + 1)

        # Warm-up (key creation, font registration) and the text the baseline draws.
        first = certs.issue_if_eligible(store, content, data, logins.pop())[0]
        reader = PdfReader(first.pdf_path)
        lines = [ln for ln in reader.pages[0].extract_text().splitlines() if ln.strip()]
        qr_text = short_form(first.id, base64.b64decode(first.signature))
        bare_dir = Path(tmp) / "bare"
        bare_dir.mkdir()
        _bare_page(bare_dir / "warmup.pdf", lines, qr_text)
        _bare_page(bare_dir / "warmup-fixed.pdf", lines, qr_text, mask=0)

        times: dict[str, list[float]] = {"ours": [], "bare": [], "fixed": []}
        for r in range(rounds):
            batch = logins[r * per_round : (r + 1) * per_round]
            start = time.perf_counter()
            for login in batch:
                issued = certs.issue_if_eligible(store, content, data, login)
                assert len(issued) == 1, issued
            times["ours"].append((time.perf_counter() - start) / per_round)
            start = time.perf_counter()
            for i in range(per_round):
                _bare_page(bare_dir / f"{r}-{i}.pdf", lines, qr_text)
            times["bare"].append((time.perf_counter() - start) / per_round)
            start = time.perf_counter()
            for i in range(per_round):
                _bare_page(bare_dir / f"fixed-{r}-{i}.pdf", lines, qr_text, mask=0)
            times["fixed"].append((time.perf_counter() - start) / per_round)
        ours_size = Path(first.pdf_path).stat().st_size
        bare_size = (bare_dir / "warmup.pdf").stat().st_size
        store.close()
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["bare"] / med["ours"]  # our rate / the baseline's rate
    ratio_fixed = med["fixed"] / med["ours"]
    ms = med["ours"] * 1000
    return PartResult(
        {
            "ms_per_cert": round(ms, 2),
            "ratio": round(ratio, 3),
            "ratio_fixed_mask": round(ratio_fixed, 3),
            "bare_ms": round(med["bare"] * 1000, 2),
            "fixed_mask_ms": round(med["fixed"] * 1000, 2),
            "pdf_kb": round(ours_size / 1024, 1),
            "bare_pdf_kb": round(bare_size / 1024, 1),
            "rounds": rounds,
        },
        [
            Row(
                f"one certificate: PDF, signature, registry row (median of {rounds} rounds "
                f"of {per_round})",
                f"{ms:.1f} ms",
                "",
                "",
                f"<= {TARGET_MS:g} ms",
                ms <= TARGET_MS,
            ),
            Row(
                "  rate against reportlab + the same QR library, same text (best mask)",
                f"{1000 / ms:.1f}/s",
                f"{1 / med['bare']:.1f}/s",
                f"{ratio:.2f}",
                f">= {TARGET_RATIO}",
                ratio >= TARGET_RATIO,
            ),
            Row(
                "  same, baseline with a fixed mask as ours",
                f"{1000 / ms:.1f}/s",
                f"{1 / med['fixed']:.1f}/s",
                f"{ratio_fixed:.2f}",
            ),
            Row(
                "  PDF size (fonts embedded as subsets)",
                f"{ours_size / 1024:.1f} KB",
                f"{bare_size / 1024:.1f} KB",
                "",
                "< 80 KB",
                ours_size < 80 * 1024,
            ),
        ],
    )
