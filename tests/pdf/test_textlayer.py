"""The text layer of our PDFs gives back exactly the Thai that was typed.

An official searches the PDF for «สำนักงาน» or copies «ผู้ว่าราชการจังหวัด» out of it. The
glyphs on the page are not the characters (SARA AM is drawn as two glyphs with the tone
mark between, marks have contextual variants), so the text each reader extracts is
checked here against the source, byte for byte: no Unicode normalisation, no reordering.
Three readers: poppler's ``pdftotext`` (most Linux viewers, many search indexers), pypdf
and pdf.js (Firefox and most web viewers), the last run with Debian's ``node`` from the
copy vendored in ``tests/pdf/vendor/pdfjs-dist``.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from proposals.pdf import textlayer, typeset

# Real words that together use every Thai letter, vowel, tone mark, SARA AM after every
# tone mark, ฤ/ฦ with and without LAKKHANGYAO, MAI TAIKHU, THANTHAKHAT, PHINTHU, the
# repetition and abbreviation signs, BAHT and every Thai digit.
CORPUS = """
สำนักงาน ต่ำ น้ำหนัก ซ้ำซ้อน คว่ำ ร่ำรวย กล้ำกลืน จ๋ำ อำเภอ ตำบล กำหนด ทำ น้ำใจ
ผู้ว่าราชการจังหวัด ยุทธศาสตร์ กลุ่ม ที่ นี้ ปี่ เกี๊ยะ จ๋า ตั้ง เปลี่ยนแปลง ปรี๊ด
ฤดูกาล ฤๅษี ฦๅ ฦา ศักดิ์สิทธิ์ ฤทธิ์ ราษฎร สมุทร ศรี ฯลฯ ต่างๆ เก็บ ข้อเสนอ โครงการ
ใบไม้ ไฟฟ้า ไหม ใหญ่ ฆ้อง ฌาน ญาติ ฎีกา ปฏิบัติ ฐาน ฑีฆายุ มณฑล ผู้เฒ่า ณรงค์ ธรรม
จุฬา ฮ่องเต้ ฃวด ฅน ภาษี ฝรั่ง ฟื้นฟู ขึ้น ครุฑ อึ่ง ชื่อ หนู ดู เกาะ เงาะ แพะ แกะ
โต๊ะ เลอะ เออ เบื่อ เสือ เมีย เปรี้ยว ผัว ถั่ว อัตรา ปุ๋ย พัฒนา ประชาคม ร่วมมือ
ก๋วยเตี๋ยว จ๊ะ ฉลาด พุทฺธ ๑๒๓๔๕ ๖๗๘๙๐ ฿๑๐๐ ๒๕๔๘ ซอฟต์แวร์ ฝ่าย ป่า ฟ้า ฝั่ง ปั้น
""".split()

# Every character the corpus must cover.
REQUIRED = set("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮะัาำิีึืฺุูเแโใไๅๆ็่้๊๋์ฯ฿๐๑๒๓๔๕๖๗๘๙")

PDFJS = Path(__file__).parent / "vendor" / "pdfjs-dist" / "extract_text.mjs"


def test_corpus_covers_thai():
    assert REQUIRED <= set("".join(CORPUS))


def _document(*, fixed: bool = True, words: bool = True) -> bytes:
    """The corpus as running text, in bold, and wrapped in narrow table cells, set in the
    PDF's own font through the renderer's fetcher and text-layer fix."""
    from weasyprint import HTML

    from proposals.pdf.fetcher import BASE_URL, StaticOnlyFetcher

    if fixed:
        textlayer.install()
    words = " ".join(CORPUS)
    cells = "".join(f"<tr><td>{word}</td></tr>" for word in CORPUS)
    html = f"""<!doctype html><html lang="th"><head><style>
      @font-face {{ font-family: T; src: url("/static/fonts/laksaman/Laksaman.ttf"); }}
      @font-face {{ font-family: T; font-weight: 700;
                    src: url("/static/fonts/laksaman/Laksaman-Bold.ttf"); }}
      body {{ font-family: T; font-size: 16pt; }}
      td {{ width: 3.2em; border: 1px solid; }}
    </style></head><body>
      <p id="plain">{words}</p>
      <p><strong>{words}</strong></p>
      <p style="text-align: justify">{words}</p>
      <table>{cells}</table>
    </body></html>"""
    if words:
        html = typeset.keep_words(html)  # as the renderer does: word joiners inside words
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


@pytest.fixture(scope="module")
def corpus_pdf() -> bytes:
    return _document()


def _pdftotext(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()


def _pypdf(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def _pdfjs(content: bytes, tmp_path) -> str:
    path = tmp_path / "corpus.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["node", str(PDFJS), str(path)], capture_output=True, check=True, timeout=120
    ).stdout.decode()


def _check(text: str) -> None:
    """The corpus, exactly as typed, in each of the four settings: the three paragraphs
    and the table. Compared without whitespace only, since a line may end inside the run
    of words (Thai has no spaces to break at), never normalised."""
    joined = "".join(text.split())
    expected = "".join(CORPUS)
    found = joined.count(expected)
    if found != 4:
        wrong = [word for word in CORPUS if joined.count(word) < 4]
        raise AssertionError(f"{4 - found} of 4 settings differ; words not as typed: {wrong}")


def test_pdftotext_gives_back_what_was_typed(corpus_pdf):
    _check(_pdftotext(corpus_pdf))


def test_pypdf_gives_back_what_was_typed(corpus_pdf):
    _check(_pypdf(corpus_pdf))


@pytest.mark.skipif(shutil.which("node") is None, reason="Debian's nodejs is not installed")
def test_pdfjs_gives_back_what_was_typed(corpus_pdf, tmp_path):
    _check(_pdfjs(corpus_pdf, tmp_path))


def test_searching_finds_the_words_officials_search_for(corpus_pdf):
    """The examples that failed before: poppler's own search (pdftotext) finds them."""
    text = _pdftotext(corpus_pdf)
    for word in ("สำนักงาน", "ต่ำ", "น้ำหนัก", "ซ้ำซ้อน", "ผู้ว่าราชการจังหวัด", "กลุ่ม"):
        assert word in text


def test_the_page_looks_exactly_as_without_the_fix(tmp_path):
    """Only the codes change, not the drawing: the pages rasterise to the same pixels as
    the PDF WeasyPrint writes on its own."""
    fixed = _document(words=False)
    textlayer.uninstall()
    try:
        plain = _document(fixed=False, words=False)
    finally:
        textlayer.install()
    assert plain != fixed
    pixels = []
    for name, content in (("fixed", fixed), ("plain", plain)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "50", "-gray", str(path), str(tmp_path / name)],
            check=True,
            capture_output=True,
        )
        pixels.append([page.read_bytes() for page in sorted(tmp_path.glob(f"{name}-*.pgm"))])
    assert pixels[0] == pixels[1]
    assert len(pixels[0]) >= 2


def _with_running_head(running: str) -> bytes:
    """Two pages with the PDF stylesheet's running head (a page-margin box with
    ``text-overflow: ellipsis``) on the second."""
    from weasyprint import HTML

    from proposals.pdf import render
    from proposals.pdf.fetcher import BASE_URL, StaticOnlyFetcher, static_base

    textlayer.install()
    html = f"""<!doctype html><html lang="th"><head>
      <link rel="stylesheet" href="{static_base() + render.STYLESHEET}"></head><body>
      <div class="cover" data-running="{running}"><p>หน้าแรก</p></div>
      <p style="break-before: page">หน้าที่สอง</p></body></html>"""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def test_the_running_head_reads_as_typed():
    """The running head at the foot of every page but the first is searched like the
    rest: «รายงานผลการดำเนินงาน», not «รายงานผลการดาเนินงาน» (SARA AM lost). One too long
    for its line is still cut short (and left as WeasyPrint writes it)."""
    running = "รายงานผลการดำเนินงาน ต่ำกว่าแผน ผู้ว่าราชการจังหวัด กลุ่ม"
    content = _with_running_head(running)
    for text in (_pdftotext(content), _pypdf(content)):
        assert running in text
    long_text = _pdftotext(_with_running_head("ดำเนินงาน " * 40))
    assert 0 < long_text.count("เนินงาน") < 40
