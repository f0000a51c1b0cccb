"""The PDFs read back with pypdf: names intact, markup literal, long names on the page."""

from __future__ import annotations

import base64
import json
import socket
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from somekoulutus import certs
from somekoulutus.certs.payload import parse_compact
from somekoulutus.certs.verify import read_pdf

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

NAMES = [
    "Łukasz Żółć",
    "Nguyễn Thị Ánh",
    "Søren Ørsted",
    "Šárka Dvořáková",
    "Ελένη Παπαδοπούλου",
    "Åsa Öhman-Äijälä",
]
MARKUP = ["<font size=80>X</font> & <b>Y", '<img src="/etc/hostname"/>']


def issue_for(conn, content, data_dir, passer, login: str, name: str):
    passer(login, name=name)
    [record] = certs.issue_if_eligible(conn, content, data_dir, login, now=NOW)
    return record


def page_text(record) -> str:
    reader = PdfReader(record.pdf_path)
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


@pytest.mark.parametrize("name", NAMES)
def test_names_in_european_scripts_come_back_intact(conn, content, data_dir, passer, name):
    record = issue_for(conn, content, data_dir, passer, "henkilo", name)
    text = page_text(record)
    assert name in text
    for expected in (
        "Ylöjärven kaupunki".upper(),
        "Sisällöntuottajan somekoulutus",
        "Somen perusteet (versio 3)",
        "14.3.2025",
        "14.3.2027",
        record.id,
        "Viestintäpäällikkö",
        "Tiina Helminen",
    ):
        assert expected in text
    # The wording template was rendered with the person's name and the validity date.
    assert f"{name} on suorittanut hyväksytysti" in text
    # Every font on the page is the embedded DejaVu Sans (no built-in Helvetica).
    page = PdfReader(record.pdf_path).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSans" in f for f in fonts)


@pytest.mark.parametrize("name", MARKUP)
def test_markup_in_a_name_is_printed_literally(conn, content, data_dir, passer, name):
    record = issue_for(conn, content, data_dir, passer, "merkki", name)
    text = page_text(record)
    assert name in text
    data = record.pdf_path.read_bytes()
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data
    hostname = socket.gethostname().encode()
    if len(hostname) > 3:
        assert hostname not in data


def test_a_200_character_name_wraps_and_stays_on_the_page(conn, content, data_dir, passer):
    name = ("Wolfeschlegelsteinhausen Bergerdorff " * 6)[:200].strip()
    assert len(name) >= 199
    record = issue_for(conn, content, data_dir, passer, "pitka", name)
    page = PdfReader(record.pdf_path).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    pieces: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            # Text space to page space: the matrix product's translation part.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text, x, y))

    text = page.extract_text(visitor_text=visit)
    assert "".join(text.split()).count("".join(name.split())) == 2  # name + wording
    assert pieces
    for piece, x, y in pieces:
        assert 28 <= x <= width - 28, piece
        assert 28 <= y <= height - 28, piece


def test_the_signed_payload_travels_in_the_metadata_and_the_qr_form(
    conn, content, data_dir, passer
):
    record = issue_for(conn, content, data_dir, passer, "meta", "Søren Ørsted")
    reader = PdfReader(record.pdf_path)
    assert reader.metadata.subject == "Sisällöntuottajan somekoulutus"
    carried = parse_compact(reader.metadata.keywords)
    assert carried == read_pdf(record.pdf_path)
    payload, signature = carried
    assert payload.decode("utf-8") == record.payload
    assert json.loads(payload)["name"] == "Søren Ørsted"
    assert base64.b64encode(signature).decode() == record.signature


def test_reportlab_runs_with_its_c_helpers():
    # reportlab[accel]: without rl_accel reportlab falls back to pure Python number
    # formatting and ASCII85 silently, and issuing takes ~30 % longer (issue 17).
    from reportlab.lib import rl_accel

    again = "rl_accel is missing: install again with pip install -e '.[test]'"
    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method", again
    assert type(rl_accel.asciiBase85Encode).__name__ == "builtin_function_or_method", again


def test_the_qr_code_is_one_short_path_in_module_units(conn, content, data_dir, passer):
    # Whole-number module coordinates under one transformation: the page stream stays small
    # (about 9 KB; drawn with reportlab's path.rect in page coordinates it was 19 KB).
    record = issue_for(conn, content, data_dir, passer, "qr", "Aino Virtanen")
    page = PdfReader(record.pdf_path).pages[0]
    stream = page.get_contents().get_data().decode("latin-1")
    runs = [line for line in stream.splitlines() if line.endswith(" 1 re")]
    assert runs and all(all(part.isdigit() for part in r.split()[:3]) for r in runs)
    assert len(stream) < 12_000


def test_font_subsets_are_made_once_for_names_of_usual_letters(
    conn, content, data_dir, passer, monkeypatch
):
    # The usual letters get their codes first in every document, so two certificates for
    # names of such letters share their font subsets; another script makes new ones.
    from reportlab.pdfbase.ttfonts import TTFontFace

    made = []
    original = TTFontFace.makeSubset

    def counting(self, subset):
        made.append(len(subset))
        return original(self, subset)

    monkeypatch.setattr(TTFontFace, "makeSubset", counting)
    from reportlab.pdfbase import pdfmetrics

    from somekoulutus.certs import pdf_fonts

    pdf_fonts.register_fonts()
    for name in (pdf_fonts.REGULAR, pdf_fonts.BOLD):  # forget what earlier tests made
        pdfmetrics.getFont(name).face.__dict__.pop("_subsets", None)
    issue_for(conn, content, data_dir, passer, "eka", "Åsa Öhman-Äijälä")
    before = len(made)
    assert before >= 2  # made once: regular and bold
    second = issue_for(conn, content, data_dir, passer, "toka", "Pekka Šturm-Müller")
    assert len(made) == before  # the same subsets, from the cache
    assert "Pekka Šturm-Müller" in page_text(second)
    greek = issue_for(conn, content, data_dir, passer, "kolmas", "Ελένη Παπαδοπούλου")
    assert len(made) > before  # new letters: new subsets, and the name is on the page
    assert "Ελένη Παπαδοπούλου" in page_text(greek)
