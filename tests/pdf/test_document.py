"""The rendered document, read back: text, order, fonts, pages, watermark, data, PDF/A."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from proposals.pdf import attach, render, typeset
from proposals.pdf.thai import thai_digits
from tests.pdf.conftest import assert_in_order, pages_text, squash
from tests.pdf.sample import sample_data

SECTION_TITLES = [title for _anchor, title in render.SECTIONS]


def test_thai_text_is_present_in_document_order(submission_sample):
    data, pdf = submission_sample
    text = "\n".join(pages_text(pdf.content))
    # Rendered with Thai numerals: every number of the document, typed ones too, is Thai.
    assert_in_order(
        text,
        [
            thai_digits(needle)
            for needle in [
                # The cover.
                "จังหวัดชุมพร",
                "ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change)",
                "ประเด็นยุทธศาสตร์ที่ ๑ การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน",
                "ปีงบประมาณ พ.ศ. ๒๕๔๘",
                "ฉบับที่ ๒",
                "ส่งสำนักงาน ก.พ.ร. แล้ว",
                "วันที่ ๒๓ มีนาคม ๒๕๔๘",
                # The table of contents lists the sections in order, then they follow.
                "สารบัญ",
                *SECTION_TITLES,
                "นโยบายการขจัดความยากจน",
                "ยุทธศาสตร์การขจัดความยากจน",
                "เป้าประสงค์ทดสอบที่ 1",
                "ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยต่อครัวเรือน ตัวที่ 1",
                "สภาพปัจจุบัน",
                "จังหวัดชุมพรเป็นแหล่งผลิตผลไม้สำคัญของภาคใต้ตอนบน",
                "การปรับปรุงประสิทธิภาพ",
                "ลดขั้นตอนการตรวจรับรองมาตรฐาน GAP",
                "ทุนมนุษย์",
                "ผู้ตรวจประเมินมาตรฐาน GAP",
                "โครงการที่ 1.1 โครงการพัฒนาคุณภาพผลไม้เพื่อการส่งออก",
                "สรุปงบประมาณรายปีและแหล่งงบประมาณ",
                "รวมทั้งสิ้น",
                "ราคาผลไม้ตกต่ำในช่วงผลผลิตออกมาก",
                "ผู้ว่าราชการจังหวัดให้ความสำคัญ",
                "สำนักงานเกษตรจังหวัดชุมพร",
                "ศาลากลางจังหวัดชุมพร",
                "รวม 17",
                "(นายวีระ ศรีวัฒนตระกูล)",
                "ผู้ว่าราชการจังหวัดชุมพร",
                "วันที่ ๑๐ มีนาคม ๒๕๔๘",
            ]
        ],
    )


def test_with_thai_numerals_every_number_is_thai(submission_sample, draft_sample):
    """One kind of numeral per document: headings, dates, tables, typed text, page numbers."""
    _data, thai = submission_sample
    for index, text in enumerate(pages_text(thai.content), start=1):
        assert not re.search("[0-9]", text), f"an Arabic digit on page {index}: {text!r}"
    _data, arabic = draft_sample
    assert not any(re.search("[๐-๙]", text) for text in pages_text(arabic.content))


def test_fonts_are_embedded_laksaman_with_real_bold(submission_sample):
    _data, pdf = submission_sample
    reader = PdfReader(io.BytesIO(pdf.content))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = descriptor
    names = {name.split("+", 1)[1] for name in fonts}
    assert {"Laksaman", "Laksaman-Bold"} <= names
    assert all(name.startswith("Laksaman") for name in names), names
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def _top_line(content: bytes, page: int) -> str:
    """The first line of a page as poppler lays it out (top to bottom), without the
    draft's «ฉบับร่าง» at the top right."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    lines = [line.replace("ฉบับร่าง", "").strip() for line in text.splitlines()]
    return next((line for line in lines if line), "")


def test_pages_are_numbered_as_the_regulation_on_correspondence_has_them(
    draft_sample, submission_sample
):
    """Centred at the top, "- ๒ -", from the second page; the cover has none, and there
    is no "หน้า N จาก M" at the foot."""
    for (_data, pdf), thai in ((draft_sample, False), (submission_sample, True)):
        texts = pages_text(pdf.content)
        assert pdf.pages == len(texts) >= 10
        assert not re.match(r"^-\s*\S+\s*-$", _top_line(pdf.content, 1))
        for index, text in enumerate(texts[1:], start=2):
            number = thai_digits(index) if thai else str(index)
            assert _top_line(pdf.content, index).replace(" ", "") == f"-{number}-", index
            assert "จาก" not in squash(text.splitlines()[-1])


def test_page_numbers_of_total_remain_an_option(settings):
    settings.PDF_PAGE_NUMBERS = "of-total"
    pdf = render.render_pdf(sample_data(), draft=False, thai_numerals=False)
    texts = pages_text(pdf.content)
    assert "หน้า" not in texts[0]
    for index, text in enumerate(texts[1:], start=2):
        assert squash(f"หน้า {index} จาก {len(texts)}") in squash(text), f"page {index}"
        assert not re.search(r"^- \d+ -$", text, re.MULTILINE)


def test_a_draft_says_so_on_every_page_and_a_submission_never(draft_sample, submission_sample):
    _data, draft = draft_sample
    assert all("ฉบับร่าง" in squash(text) for text in pages_text(draft.content))
    _data, submission = submission_sample
    assert not any("ฉบับร่าง" in squash(text) for text in pages_text(submission.content))


def test_long_tables_repeat_their_header_on_the_next_page(submission_sample):
    _data, pdf = submission_sample
    texts = [squash(text) for text in pages_text(pdf.content)]
    budget_pages = [i for i, text in enumerate(texts) if "แหล่งงบประมาณ" in text]
    assert len(budget_pages) >= 2, "the budget table should run over a page break"
    assert budget_pages == list(range(budget_pages[0], budget_pages[-1] + 1))
    assert sum(text.count("รวมทั้งสิ้น") for text in texts) == 1  # totals only at the end


@pytest.mark.parametrize("which", ["draft_sample", "submission_sample"])
def test_the_attached_json_is_the_data_it_was_rendered_from(request, which):
    data, pdf = request.getfixturevalue(which)
    assert attach.read_attachment(pdf.content) == data


def test_the_pdf_declares_pdf_a_3b_with_the_data_as_its_source(submission_sample):
    _data, pdf = submission_sample
    reader = PdfReader(io.BytesIO(pdf.content))
    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    (filespec,) = [ref.get_object() for ref in catalog["/AF"]]
    assert filespec["/UF"] == attach.ATTACHMENT_NAME
    assert filespec["/AFRelationship"] == "/Source"
    embedded = filespec["/EF"]["/F"].get_object()
    assert embedded["/Subtype"] == "/application/json"
    assert "/Encrypt" not in reader.trailer


def test_hostile_text_comes_out_as_text_and_loads_nothing(draft_sample):
    _data, pdf = draft_sample
    text = squash("\n".join(pages_text(pdf.content)))
    for visible in [
        '<img src="http://127.0.0.1:9/track.png">',
        '<img src="file:///etc/passwd">',
        "<script>alert(",
        "body{background:url(file:///etc/hosts)}",
        '"><img src="http://evil.invalid/a.png">',
    ]:
        assert squash(visible) in text
    assert pdf.refused == []  # nothing in user text ever became a URL to fetch


def test_empty_sections_say_so():
    data = sample_data(projects=0, participation=False)
    for key in ("goals", "change_proposals", "readiness", "risks", "success_factors"):
        data[key] = []
    data["diagnosis"] = {
        "current_situation": "",
        "desired_state": "",
        "gap": "",
        "root_causes": "",
        "swot": {"strengths": "", "weaknesses": "", "opportunities": "", "threats": ""},
    }
    data["alignment"]["national_strategies"] = []
    data["blueprint"]["approver"] = {"name": "", "position": "", "approved_on": None}
    html = typeset.untypeset(render.render_html(data, draft=True, thai_numerals=False))
    for title in SECTION_TITLES:
        assert title in html
    # Every empty part of every section says so, rather than vanishing.
    assert html.count("ไม่มีข้อมูล") >= 20
    assert "ยังไม่ได้รับความเห็นชอบจากผู้ว่าราชการจังหวัด" in html


def test_participation_is_read_from_the_snapshot_keys_the_participation_feature_writes():
    data = sample_data(projects=1, participation=False)
    data["participants"] = [
        {
            "organisation": {"code": "a", "name": "สำนักงานเกษตรจังหวัดชุมพร"},
            "role": {"code": "lead", "label": "Lead agency"},
        }
    ]
    data["workshops"] = [
        {
            "title": "ประชุมระดมสมองครั้งที่ 1",
            "starts_at": "2005-01-20T09:00:00+07:00",
            "venue": "ห้องประชุมศาลากลางจังหวัดชุมพร",
            "agenda": "ทบทวนตัวชี้วัด",
            "attendance": [
                {"organisation": {"code": "a", "name": "สำนักงานเกษตรจังหวัดชุมพร"}, "attended": 9},
                {"organisation": None, "other_organisation": "หอการค้าจังหวัดชุมพร", "attended": 3},
            ],
        }
    ]
    html = typeset.untypeset(render.render_html(data, draft=False, thai_numerals=False))
    assert_in_order(
        html,
        [
            "สำนักงานเกษตรจังหวัดชุมพร",
            "หน่วยงานหลัก",
            "ครั้งที่ 1 ประชุมระดมสมองครั้งที่ 1",
            "20 มกราคม 2548",
            "ห้องประชุมศาลากลางจังหวัดชุมพร",
            "ทบทวนตัวชี้วัด",
            "สำนักงานเกษตรจังหวัดชุมพร",
            ">9<",
            "หอการค้าจังหวัดชุมพร",
            ">3<",
            "รวม",
            ">12<",
        ],
    )


def test_contents_number_each_section_once(submission_sample, draft_sample):
    """The table of contents writes each section's own number; the list adds none (with
    Thai numerals the rule that numbers lists in Thai digits gave «๑. ๑. …»)."""
    for (_data, pdf), thai in ((submission_sample, True), (draft_sample, False)):
        contents = subprocess.run(  # poppler: pypdf leaves out the list's markers
            ["pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", "-", "-"],
            input=pdf.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "สารบัญ" in contents
        for number, (_anchor, title) in enumerate(render.SECTIONS, start=1):
            label = thai_digits(number) if thai else str(number)
            line = next(line for line in contents.splitlines() if title[:12] in line)
            assert line.strip().startswith(f"{label}. {title[:12]}"), line


def test_contents_stay_on_one_page_with_an_appendix():
    """The appendix's entry in the contents is not an appendix: it once took the page break
    of the appendices with it and stood alone on page 3."""
    data = sample_data()
    data["attachments"] = [
        {"title": "รายงานการประชุม", "kind": "minutes", "filename": "minutes.pdf", "size": 2048,
         "sha256": "ab" * 32}
    ]  # fmt: skip
    pdf = render.render_pdf(data, draft=False, thai_numerals=True)
    page = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", "-", "-"],
        input=pdf.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "สารบัญ" in page
    entry = next(line for line in page.splitlines() if "ภาคผนวก" in line)
    assert entry.startswith("ภาคผนวก เอกสารแนบ"), entry  # no list number of its own
