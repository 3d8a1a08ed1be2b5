"""Typesetting a Thai official document: whole dates, whole words, one kind of numeral."""

import subprocess

import pytest

from proposals.pdf import render, thai, typeset
from tests.pdf.sample import sample_data

COMPOUNDS = ["ครัวเรือน", "ผู้ตรวจประเมิน", "หน่วยงาน", "ประชาสัมพันธ์", "เกษตรกร", "ตัวชี้วัด"]


def _lines(content: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return text.splitlines()


def test_numerals_change_text_only():
    html = (
        '<html><head><style>p { width: 12cm }</style></head><body class="b2">'
        '<p style="width: 3cm" data-x="1">ปี 2548 &#x27; &#39; &amp; 1,600</p></body></html>'
    )
    out = typeset.thai_numerals(html)
    assert "<style>p { width: 12cm }</style>" in out
    assert '<body class="b2">' in out and 'style="width: 3cm" data-x="1"' in out
    assert "ปี ๒๕๔๘ &#x27; &#39; &amp; ๑,๖๐๐" in out


def test_words_are_set_whole_and_parted_where_a_line_may_break():
    out = typeset.keep_words('<body><td title="ครัวเรือน">ครัวเรือนยากจน &lt;b&gt;</td></body>')
    assert 'title="ครัวเรือน"' in out  # attributes untouched
    assert "<w>ครัวเรือน</w>\u200b<w>ยากจน</w>" in out
    assert "&lt;b&gt;" in out
    assert typeset.untypeset(out) == '<body><td title="ครัวเรือน">ครัวเรือนยากจน &lt;b&gt;</td></body>'


def test_terms_the_dictionary_cuts_are_set_whole():
    """newmm cuts ตัว|ชี้|วัด and ผู้ตรวจ|ประเมิน; in a cell each is one word."""
    out = typeset.keep_words("<body><td>เจ้าของตัวชี้วัด ผู้ตรวจประเมินมาตรฐาน</td></body>")
    assert "<w>ตัวชี้วัด</w>" in out and "<w>ผู้ตรวจประเมิน</w>" in out
    assert "<w>เจ้าของ</w>" in out and "<w>มาตรฐาน</w>" in out


@pytest.fixture(scope="module")
def narrow_pdf():
    """The sample Blueprint with compound words in its narrowest columns."""
    data = sample_data(projects=2)
    for goal in data["goals"]:
        for indicator in goal["indicators"]:
            indicator["unit"] = "ครัวเรือน"
            indicator["name"] = " ".join(COMPOUNDS)
    return render.render_pdf(data, draft=True, thai_numerals=False), data


def test_no_compound_word_is_split_in_narrow_cells(narrow_pdf):
    pdf, _data = narrow_pdf
    lines = _lines(pdf.content)
    for word in COMPOUNDS:
        whole = sum(line.count(word) for line in lines)
        assert whole >= 3, f"{word} split across lines ({whole} whole)"
    for first, second in (("ครัว", "เรือน"), ("ผู้", "ตรวจประเมิน"), ("หน่วย", "งาน")):
        for above, below in zip(lines, lines[1:], strict=False):
            assert not (above.rstrip().endswith(first) and below.lstrip().startswith(second))


def test_no_date_breaks_across_lines(narrow_pdf):
    pdf, data = narrow_pdf
    text = "\n".join(_lines(pdf.content))
    dates = set()
    for project in data["action_plan"]["projects"]:
        for activity in project["activities"]:
            dates |= {activity["start_date"], activity["end_date"]}
        dates |= {milestone["due_date"] for milestone in project["milestones"]}
    dates.discard(None)
    assert dates
    for value in dates:
        assert thai.thai_date(value, short=True) in text, value
