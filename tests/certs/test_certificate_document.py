"""The certificate as a document people and phones read (issue 16, point 5).

The QR code is read back with `zbarimg` from the page rendered by `pdftoppm` at 100 and
150 dpi, as a phone or a scanner would see a print; what it holds is then given to
`somekoulutus certs verify`. Both tools come from Debian's zbar-tools and poppler-utils
(.ci/run installs them when missing).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from somekoulutus import certs
from somekoulutus.certs import pdf, pdf_qr
from somekoulutus.certs.payload import parse_short, short_form
from somekoulutus.cli import main
from somekoulutus.cli.context import AppContext
from somekoulutus.content import load_content
from somekoulutus.content.certificate_checks import verification_url_problem

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2025, 3, 14, 9, 30, 5, tzinfo=UTC)
URL = "https://www.ylojarvi.fi/todistukset/{id}"

needs_tools = pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbarimg (zbar-tools) and pdftoppm (poppler-utils) are needed to read the QR code "
    "from a rendered page: apt-get install zbar-tools poppler-utils",
)


def content_copy(tmp_path: Path, *, url: str | None = None, wording: str | None = None) -> Path:
    """The fixture content, with a verification address and/or another wording for `perus`."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    if url is not None:
        org = root / "courses" / "organisation.yaml"
        org.write_text(org.read_text("utf-8") + f"verification_url: {url}\n", "utf-8")
    if wording is not None:
        path = root / "certificates" / "perus.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        data["wording"] = wording
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return root


def issue(conn, content, data_dir, passer, login="aino", name="Aino Virtanen", now=NOW):
    passer(login, name=name)
    [record] = certs.issue_if_eligible(conn, content, data_dir, login, now=now)
    return record


def qr_at(pdf_path: Path, dpi: int, tmp_path: Path) -> str:
    """What zbarimg reads from the page rendered at `dpi` (fails when it reads nothing)."""
    prefix = tmp_path / f"page-{dpi}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf_path), str(prefix)],
        check=True,
        capture_output=True,
    )
    read = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{prefix}.png"],
        capture_output=True,
        text=True,
    )
    assert read.returncode == 0, f"zbarimg read nothing at {dpi} dpi: {read.stderr}"
    [text] = read.stdout.splitlines()
    return text


def verify_cli(data_dir: Path, courses: Path, target: str):
    return CliRunner().invoke(
        main,
        ["--data-dir", str(data_dir), "--courses", str(courses), "certs", "verify", target],
        obj=AppContext(login="vieras"),
    )


def page_text(record) -> str:
    return PdfReader(record.pdf_path).pages[0].extract_text()


# -- the QR code ------------------------------------------------------------------------------


@needs_tools
@pytest.mark.parametrize("dpi", [100, 150])
def test_the_qr_code_reads_from_a_print_and_verifies(
    conn, content, data_dir, passer, tmp_path, dpi
):
    # Several certificates: different ids and signatures give different codes.
    for i in range(3):
        record = issue(conn, content, data_dir, passer, login=f"hlo{i}", now=datetime.now(UTC))
        text = qr_at(record.pdf_path, dpi, tmp_path)
        assert text == short_form(record.id, certs_signature(record))
        assert len(text) < 130  # a short text, not the whole payload
        result = verify_cli(data_dir, FIXTURES, text)
        assert result.exit_code == 0, result.output
        assert "aito ja voimassa" in result.output


def certs_signature(record) -> bytes:
    import base64

    return base64.b64decode(record.signature)


def test_an_altered_qr_text_does_not_verify(conn, content, data_dir, passer):
    record = issue(conn, content, data_dir, passer, now=datetime.now(UTC))
    text = short_form(record.id, certs_signature(record))
    assert verify_cli(data_dir, FIXTURES, text).exit_code == 0
    # One symbol of the signature changed.
    body = text.split(".")[1]
    forged = f"{record.id}.{'A' if body[0] != 'A' else 'B'}{body[1:]}"
    assert parse_short(forged) is not None
    result = verify_cli(data_dir, FIXTURES, forged)
    assert result.exit_code == 1
    assert "muutettu" in result.output
    # Another certificate's signature under this id.
    other = issue(conn, content, data_dir, passer, login="toinen", now=datetime.now(UTC))
    swapped = short_form(record.id, certs_signature(other))
    assert verify_cli(data_dir, FIXTURES, swapped).exit_code == 1


@needs_tools
def test_with_a_verification_address_the_qr_code_holds_the_link(conn, data_dir, passer, tmp_path):
    root = content_copy(tmp_path, url=URL)
    content = load_content(root / "courses", root / "certificates")
    assert content.organisation.verification_url == URL
    record = issue(conn, content, data_dir, passer, now=datetime.now(UTC))
    link = f"https://www.ylojarvi.fi/todistukset/{record.id}"
    assert qr_at(record.pdf_path, 100, tmp_path) == link
    assert link in "".join(page_text(record).split())  # the link is printed too
    result = verify_cli(data_dir, root, link)
    assert result.exit_code == 0, result.output


def test_the_qr_code_is_encoded_once_with_a_fixed_mask(
    conn, content, data_dir, passer, monkeypatch
):
    from reportlab.graphics.barcode import qrencoder

    calls = []
    original = qrencoder.QRCode.makeImpl

    def counting(self, test, mask):
        calls.append((test, mask))
        return original(self, test, mask)

    monkeypatch.setattr(qrencoder.QRCode, "makeImpl", counting)
    issue(conn, content, data_dir, passer)
    assert calls == [(False, pdf_qr.QR_MASK)]


# -- the document -----------------------------------------------------------------------------


def test_the_pdf_is_dated_when_it_was_issued_small_and_subset(conn, content, data_dir, passer):
    record = issue(conn, content, data_dir, passer)
    reader = PdfReader(record.pdf_path)
    assert reader.metadata.creation_date == NOW
    assert reader.metadata.modification_date == NOW
    assert record.pdf_path.stat().st_size < 80 * 1024
    # reportlab embeds TrueType fonts as subsets (only the glyphs used): a tag like AAAAAA+.
    fonts = [f.get_object()["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", str(f)) for f in fonts)


def test_people_read_plain_words_and_the_technical_details_are_in_their_section(
    conn, content, data_dir, passer
):
    record = issue(conn, content, data_dir, passer)
    text = page_text(record)
    assert "somekoulutus certs" not in text and "komennolla" not in text
    head, sep, section = text.partition("Todistuksen tarkistaminen")
    assert sep, text
    assert "Sähköisesti allekirjoitettu" in head
    for technical in ("Ed25519", record.key_id, "Keywords", "SK1:"):
        assert technical not in head
    assert "Ed25519" in section and record.key_id in section


def test_no_break_spaces_keep_numbers_with_their_units():
    assert pdf.finnish_spaces("kuntalain 69 §:n mukaan") == "kuntalain 69\u00a0§:n mukaan"
    assert pdf.finnish_spaces("20 000 € ja 5 %") == "20\u00a0000\u00a0€ ja 5\u00a0%"
    assert pdf.finnish_spaces("voimassa 4.12.2030 asti.") == "voimassa 4.12.2030\u00a0asti."
    assert pdf.finnish_spaces("(versio 3)") == "(versio\u00a03)"
    assert pdf.finnish_spaces("vuonna 2024 100 henkilöä") == "vuonna 2024 100 henkilöä"


def _line_ends(markup: str, width: float) -> list[str]:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10)
    para = Paragraph(markup, style)
    para.wrap(width, 10_000)
    ends = []
    for line in para.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
        ends.append(str(words[-1]) if words else "")
    return ends


def test_69_section_never_breaks_across_lines():
    text = "Koulutuksessa käsiteltiin kuntalain 69 §:n velvoitteita ja tilien tietoturvaa."
    widths = range(80, 400, 2)
    # Plain spaces do break there at some width: the test can tell.
    assert any("69" in _line_ends(text, w) for w in widths)
    for w in widths:
        assert "69" not in _line_ends(pdf.finnish_spaces(text), w), w


def test_the_wording_on_the_page_keeps_69_section_together(conn, data_dir, passer, tmp_path):
    wording = "{{ person.name }} tuntee kuntalain 69 §:n ja 20 000 euron rajan.\n"
    root = content_copy(tmp_path, wording=wording)
    content = load_content(root / "courses", root / "certificates")
    record = issue(conn, content, data_dir, passer)
    lines = PdfReader(record.pdf_path).pages[0].extract_text().splitlines()
    assert any(re.search(r"69\s§:n", line) for line in lines), lines
    assert any(re.search(r"20\s000\seuron", line) for line in lines), lines


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.ylojarvi.fi/todistukset/{id}", True),
        ("https://www.ylojarvi.fi/tarkista?tunnus={id}", True),
        ("https://www.ylojarvi.fi/todistukset", True),
        ("http://www.ylojarvi.fi/todistukset", False),
        ("https://www.ylojarvi.fi/a b", False),
        ("https://www.ylojarvi.fi/{id}/{id}", False),
        ("https://www.ylojarvi.fi/{nimi}", False),
        ("https://www.ylojarvi.fi/" + "x" * 300, False),
    ],
)
def test_verification_url_is_checked(url, ok):
    assert (verification_url_problem(url) is None) == ok


def test_a_bad_verification_url_fails_validate(tmp_path):
    root = content_copy(tmp_path, url="http://www.ylojarvi.fi/todistukset")
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 1
    assert "verification_url" in result.output and "https" in result.output
