"""Typesetting of the PDF's HTML, applied once to the whole rendered document.

Two conventions of Thai official documents that no template can be trusted to keep in
every place a number or a word is printed:

- **One kind of numeral.** With Thai numerals on, every digit of the body is Thai:
  headings, dates, tables, amounts and what people typed (``GAP 1,600 แปลง`` →
  ``GAP ๑,๖๐๐ แปลง``). Page numbers follow through ``counter(page, thai)``.
- **Lines in table cells break between words only.** Pango breaks Thai lines with libthai, whose
  dictionary splits compounds (ครัว/เรือน, ผู้/ตรวจประเมิน, หน่วย/งาน). The words are
  found with pythainlp's dictionary segmentation (newmm); each word of more than one
  character is set in a ``<w>`` element that does not wrap, and words are parted by
  ZERO WIDTH SPACE, the only place a line may break. (A word joiner inside words does not
  work: libthai then no longer finds the words and breaks between any two syllables.)
  Tables use the automatic layout, so a column is as wide as its longest word. The text
  layer leaves the zero width spaces out (:mod:`proposals.pdf.textlayer`).

Only text between tags is changed, never markup, attributes, character references or
the ``<head>`` (styles).
"""

import functools
import re

from proposals.pdf import thai

ZERO_WIDTH_SPACE = "\u200b"
_TEXT = re.compile(r"(?<=>)[^<]+(?=<)")
_REFERENCE_OR_DIGIT = re.compile(r"&#?\w+;|[0-9]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]{2,}")


def _body_bounds(html: str) -> tuple[int, int]:
    start = html.find("<body")
    end = html.rfind("</body>")
    return (0 if start < 0 else start), (len(html) if end < 0 else end)


def _each_text(html: str, change) -> str:
    start, end = _body_bounds(html)
    body = _TEXT.sub(lambda match: change(match.group(0)), html[start:end])
    return html[:start] + body + html[end:]


def untypeset(html: str) -> str:
    """``html`` as the template wrote it: without the word elements and zero width spaces
    of :func:`keep_words` (for reading the document's HTML in tests and tools)."""
    return html.replace("<w>", "").replace("</w>", "").replace(ZERO_WIDTH_SPACE, "")


def thai_numerals(html: str) -> str:
    """Every Arabic digit of the body's text in Thai digits."""

    def digits(text: str) -> str:
        return _REFERENCE_OR_DIGIT.sub(
            lambda match: (
                match.group(0)
                if match.group(0).startswith("&")
                else match.group(0).translate(thai.THAI_DIGITS)
            ),
            text,
        )

    return _each_text(html, digits)


# Terms of the plan that the general dictionary cuts in two or three (ตัว|ชี้|วัด,
# ผู้ตรวจ|ประเมิน): one word each in a table cell. Typesetting only — search keeps the
# dictionary's words.
TERMS = frozenset({"ตัวชี้วัด", "ผู้ตรวจประเมิน", "ตรวจประเมิน", "ค่าเป้าหมาย", "หน่วยนับ"})


def _joined_terms(words: list[str]) -> list[str]:
    """``words`` with every run of two or three that spells a term of :data:`TERMS` joined."""
    out, index = [], 0
    while index < len(words):
        for size in (3, 2):
            if "".join(words[index : index + size]) in TERMS:
                out.append("".join(words[index : index + size]))
                index += size
                break
        else:
            out.append(words[index])
            index += 1
    return out


@functools.lru_cache(maxsize=4096)
def _segment(run: str) -> str:
    words = _joined_terms(thai.words(run, keep_whitespace=True))
    return ZERO_WIDTH_SPACE.join(f"<w>{word}</w>" if len(word) > 1 else word for word in words)


_CELL = re.compile(r"<t[dh]\b[^>]*>.*?</t[dh]>", re.S)


def keep_words(html: str) -> str:
    """Thai words in the table cells of the body set whole, so that a line there breaks
    only between words.

    Only the cells: a narrow column is where libthai's compound splits show (ครัว/เรือน in
    a 2 cm column), and every ``<w>`` element is a box WeasyPrint lays out — over running
    text as well, layout took about three times as long. Full-width paragraphs keep
    libthai's breaks.
    """

    def words(text: str) -> str:
        return _THAI_RUN.sub(lambda match: _segment(match.group(0)), text)

    def cell(match) -> str:
        return _TEXT.sub(lambda text: words(text.group(0)), match.group(0))

    start, end = _body_bounds(html)
    return html[:start] + _CELL.sub(cell, html[start:end]) + html[end:]
