"""Hostile text in numbered and bulleted lines comes out of the PDF as text (issue 23).

``th_paragraphs`` turns lines that start with a number or a bullet into list items of
their own, a path apart from ordinary paragraphs: each payload here is on such a line,
and must be escaped in the HTML and read back, character for character, from the PDF's
text (poppler's ``pdftotext``, another reader than the one the other tests use).
"""

import re
import shutil
import subprocess

import pytest

from proposals.pdf import render, typeset
from tests.pdf.sample import sample_data

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "{{ 7*7 }}{% debug %}",
    "&lt;b&gt;ไม่ใช่ตัวหนา&lt;/b&gt;",
    '"><svg/onload=alert(3)>',
]
LINES = [
    f"1. ข้อแรก {PAYLOADS[0]}",
    f"2) ข้อสอง {PAYLOADS[1]}",
    f"(3) ข้อสาม {PAYLOADS[2]}",
    f"- ย่อย {PAYLOADS[3]}",
    f"• จุด {PAYLOADS[4]}",
]


def hostile_lists():
    data = sample_data(projects=1, participation=False)
    text = "ย่อหน้านำ\n" + "\n".join(LINES)
    for name in ("current_situation", "root_causes"):
        data["diagnosis"][name] = text
    data["diagnosis"]["swot"]["threats"] = "\n".join(LINES)
    return data


def test_numbered_and_bulleted_lines_are_escaped_in_the_html():
    html = typeset.untypeset(render.render_html(hostile_lists(), draft=True, thai_numerals=False))
    items = re.findall(r'<p class="item">(.*?)</p>', html, re.S)
    assert len(items) == 3 * len(LINES)  # each line its own list item, three fields
    for raw in ("<script>alert(1)", "<img src=x onerror", "<svg/onload", "<b>ไม่ใช่ตัวหนา"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "{{ 7*7 }}{% debug %}" in html  # not a template: printed as typed
    assert "&amp;lt;b&amp;gt;ไม่ใช่ตัวหนา" in html  # an entity typed stays an entity typed


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_numbered_and_bulleted_lines_read_back_as_text_from_the_pdf(tmp_path):
    pdf = render.render_pdf(hostile_lists(), draft=True, thai_numerals=False)
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = re.sub(r"[\s\u200b]+", "", text)
    for payload in PAYLOADS:
        assert flat.count(re.sub(r"\s+", "", payload)) == 3, payload
    assert pdf.refused == []  # nothing typed became something to load
