"""Make the text of WeasyPrint PDFs extract exactly as it was typed (copy, search, screen readers).

A PDF maps each *code* drawn with a font to one Unicode string (the font's ``ToUnicode``
map). WeasyPrint 70 draws each glyph with its glyph id as the code and maps that code to
the text of the first place the glyph was drawn. That is wrong for Thai in two ways, both
seen in every common reader (poppler's ``pdftotext``, pdf.js, pypdf):

- the font draws SARA AM «ำ» as two glyphs, NIKHAHIT and SARA AA, and puts a tone mark
  between them: «ต่ำ» is drawn ต ํ ่ า, so it came back as «ตํ่า» (order changed: no
  Unicode normalisation gives «ต่ำ» back), or as «ตำ» when the glyphs of the cluster took
  the text of another place;
- a mark glyph is shared by many clusters, and a contextual variant (a tone mark lowered
  over a consonant without an upper vowel) has no character of its own, so one mapping per
  glyph cannot be right everywhere: «กลุ่ม» came back as «กลุุม», «ผู้ว่า» as «ผู้วุา».

The fix works at the source, the codes in the content stream. For each shaping cluster
(a base consonant and the marks and vowels drawn with it) whose glyphs do not spell its
text one character per glyph, the first glyph is drawn with a code of its own that maps
to the cluster's whole text, and the cluster's other glyphs with codes that map to
nothing. The font's ``Encoding`` CMap sends those codes back to the real glyphs, so the
page looks exactly as before. A glyph drawn alone for the one character the font's
``cmap`` maps to it keeps its glyph id as its code, as WeasyPrint writes it.

:func:`install` patches three places of WeasyPrint 70 once per process (it is pinned in
``requirements.txt``): ``draw.text.draw_first_line`` (codes chosen per cluster),
``pdf.fonts.Font.subset`` (the real glyphs are kept in the subset font) and
``pdf.fonts._build_vector_font_dictionary`` (the ``Encoding`` CMap and the widths by
glyph). ``tests/pdf/test_textlayer.py`` extracts a corpus of Thai words from a real PDF
with pdftotext and pypdf and compares them byte for byte, so an upgrade that breaks this
shows.
"""

import functools
import hashlib
import io
import re
import threading
import unicodedata
from math import ceil

_lock = threading.Lock()
_installed = False
_originals: dict = {}
_reverse_cmaps: dict[tuple[str, int], dict[int, str]] = {}

# WeasyPrint numbers the codes of glyphs missing from a font upwards from the font's glyph
# count: codes of our own stay this far above it.
_MISSING_ROOM = 512
# Codes that stand for text start here, above every range used below.
_FIRST_TEXT_CODE = 0x3000
# Codes of glyphs that stand for no text. pdf.js reads a code whose ToUnicode entry is
# empty as the character of the same number, so these are numbers of invisible format
# characters (Unicode category Cf), which pdf.js leaves out of the text; poppler and pypdf
# read the empty entry as no text.
_SILENT_CODES = (
    *range(0x0600, 0x0606),
    0x061C,
    0x06DD,
    0x070F,
    0x0890,
    0x0891,
    0x08E2,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
    0xFEFF,
    *range(0xFFF9, 0xFFFC),
)


class CodeTable:
    """The codes of one font file: ``(glyph id, text) → code`` and ``code → glyph id``.

    Shared by every WeasyPrint ``Font`` made from the same file (they share one subset
    font) and kept for the process: Thai has a bounded number of clusters.
    """

    def __init__(self, glyph_count: int):
        self.glyph_count = glyph_count
        self.codes: dict[tuple[int, str], int] = {}
        self.glyphs: dict[int, int] = {}
        self.silent = [code for code in _SILENT_CODES if code >= glyph_count + _MISSING_ROOM]
        self.next_code = max(_FIRST_TEXT_CODE, glyph_count + _MISSING_ROOM)

    def code(self, glyph_id: int, text: str) -> int | None:
        key = (glyph_id, text)
        code = self.codes.get(key)
        if code is None:
            if not text and self.silent:
                code = self.silent.pop(0)
            else:
                code = self.next_code
                if code >= _SILENT_CODES[-4]:  # 0xFEFF and up are silent codes
                    return None
                self.next_code += 1
            self.codes[key] = code
            self.glyphs[code] = glyph_id
        return code


_tables: dict[str, CodeTable] = {}


def _table(font) -> CodeTable:
    table = _tables.get(font.hash)
    if table is None:
        with _lock:
            table = _tables.setdefault(font.hash, CodeTable(font.glyph_count))
    return table


def reverse_cmap(content: bytes, index: int = 0) -> dict[int, str]:
    """``{glyph id: character}`` for glyphs the font maps from a printable character
    (the lowest code point when several map to one glyph). Cached per font file."""
    key = (hashlib.md5(content, usedforsecurity=False).hexdigest(), index)
    cached = _reverse_cmaps.get(key)
    if cached is not None:
        return cached
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    reverse: dict[int, str] = {}
    for codepoint, name in sorted((font.getBestCmap() or {}).items()):
        char = chr(codepoint)
        if unicodedata.category(char).startswith("C") or name not in order:
            continue
        reverse.setdefault(order[name], char)
    _reverse_cmaps[key] = reverse
    return reverse


def _glyph_width(pango, stream, pango_font, glyph_id, font_size) -> int:
    from weasyprint.text.ffi import FROM_UNITS

    pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
    return round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)


def recode_line(stream, textbox) -> None:
    """Give the glyphs of ``textbox``'s first line the codes described above.

    Changes only glyph ids in Pango's glyph strings of the line about to be drawn, and
    fills the font's ``to_unicode`` and ``widths`` for the codes it uses.
    """
    from weasyprint.text.ffi import ffi, pango

    first_line, _ = textbox.pango_layout.get_first_line()
    text = None
    run = first_line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        item = glyph_item.item
        if item.analysis.level % 2:  # right to left: not Thai, left as WeasyPrint draws it
            continue
        pango_font = item.analysis.font
        font, font_size = stream.add_font(pango_font)
        if font.bitmap or font.png or font.svg or not isinstance(font.file_content, bytes):
            continue
        if pango.pango_version() < 14802:
            font_size = textbox.style["font_size"]
        reverse = getattr(font, "_blueprint_reverse_cmap", None)
        if reverse is None:  # once per font object: hashing the font file per line was slow
            reverse = font._blueprint_reverse_cmap = reverse_cmap(
                font.file_content, font.index or 0
            )
        table = _table(font)
        glyphs = item_glyphs = glyph_item.glyphs
        count = item_glyphs.num_glyphs
        clusters = item_glyphs.log_clusters
        text = text or textbox.pango_layout.text.encode()
        if any(
            glyphs.glyphs[i].glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
            or glyphs.glyphs[i].glyph in table.glyphs
            for i in range(count)
        ):
            continue  # glyphs missing from the font, or a line drawn before: left as it is
        assigned = _assign(
            glyphs, count, clusters, text[item.offset : item.offset + item.length], reverse
        )
        for i, piece in enumerate(assigned):
            glyph = glyphs.glyphs[i].glyph
            if glyph >= font.glyph_count or reverse.get(glyph) == piece:
                continue  # an empty glyph (a word joiner) draws no code: nothing to map
            code = table.code(glyph, piece)
            if code is None:  # code space full: WeasyPrint's own mapping from here on
                break
            if code not in font.widths:
                font.widths[code] = font.widths.get(glyph) or _glyph_width(
                    pango, stream, pango_font, glyph, font_size
                )
            font.to_unicode[code] = piece
            glyphs.glyphs[i].glyph = code


def _assign(glyphs, count, clusters, text: bytes, reverse: dict[int, str]) -> list[str]:
    """The text each glyph of a run stands for, in drawing order, so that the pieces
    joined give ``text`` back.

    A cluster drawn with one glyph per character maps them in order (a lowered tone mark
    is still its tone mark). A cluster drawn with more glyphs than characters, as SARA AM
    «ำ» is (NIKHAHIT + SARA AA, with a tone mark between), first silences the glyphs whose
    own character is not in its text, then maps the rest in order: «่ำ» drawn ํ ่ า reads
    «» «่» «ำ». Anything else gives the whole text to its first glyph.
    """
    pieces = [""] * count
    start = 0
    while start < count:
        end = start + 1
        while end < count and clusters[end] == clusters[start]:
            end += 1
        stop = len(text) if end == count else clusters[end]
        chars = list(_visible(text[clusters[start] : stop].decode(errors="replace")))
        members = list(range(start, end))
        if len(members) > len(chars):
            members = [i for i in members if reverse.get(glyphs.glyphs[i].glyph) in chars]
        if len(members) == len(chars):
            for i, char in zip(members, chars, strict=True):
                pieces[i] = char
        else:
            pieces[start] = "".join(chars)
        start = end
    return pieces


_INVISIBLE = str.maketrans("", "", "\u200b\u2060")


def _visible(text: str) -> str:
    """``text`` without ZERO WIDTH SPACE and WORD JOINER: the typesetting puts them in,
    nobody typed them."""
    return text.translate(_INVISIBLE)


def line_text(textbox) -> str:
    """The text of the line of ``textbox`` about to be drawn, without the zero width
    spaces that part Thai words (:mod:`proposals.pdf.typeset`)."""
    first_line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    text = utf8[first_line.start_index : first_line.start_index + first_line.length]
    return _visible(text.decode(errors="replace"))


def _needs_actual_text(text: str) -> bool:
    """Poppler orders the characters of a line by where their glyphs stand, and a Thai
    mark's glyph has no width, so it can land after the next letter («ตั้ง» as «ตัง้»).
    A line with marks or SARA AM is wrapped in a span whose ``ActualText`` is the line."""
    return any(char == "\u0e33" or unicodedata.category(char) == "Mn" for char in text)


_RIGHTWARD = re.compile(r">(-\d+(?:\.\d+)?)<")
_STEP = 40


def _show_text(show_text, string: str) -> None:
    """Draw a ``TJ`` string whose moves to the right are cut into steps of at most
    1/25 em. WeasyPrint moves the pen back to the right after a mark it drew shifted
    left (a tone mark over ป or ฝ); pypdf reads a single move of half a space or more as
    a space between words («ป่ า»). The pen ends where it did; the page is unchanged."""

    def steps(match):
        move = -float(match.group(1))
        if move <= _STEP:
            return match.group(0)
        count = ceil(move / _STEP)
        return ">" + " ".join([f"{-move / count:.3f}"] * count) + "<"

    show_text(_RIGHTWARD.sub(steps, string))


def _cid_to_gid_map(pydyf, font, table, compress):
    """``CIDToGIDMap`` stream: our codes (drawn as CIDs with ``Identity-H``) to their
    real glyphs, WeasyPrint's codes of missing glyphs to ``.notdef``, the rest unchanged."""
    missing = set(font.missing.values())
    last = max(max(font.to_unicode, default=0), font.glyph_count - 1)
    gids = bytearray()
    for cid in range(last + 1):
        if cid in table.glyphs:
            gid = table.glyphs[cid]
        elif cid in missing or cid >= font.glyph_count:
            gid = 0
        else:
            gid = cid
        gids += gid.to_bytes(2, "big")
    return pydyf.Stream([bytes(gids)], compress=compress)


def _fits_unellipsized(textbox) -> bool:
    """For ``text-overflow: ellipsis`` (the PDF's running head): lay the line out as the
    original does (its width, ellipsis at the end; setting them again is a no-op) and say
    whether it fits whole. A line that fits is drawn as typed and gets its codes like any
    other; a shortened one is left as WeasyPrint draws it (its "…" stands for text that is
    not on the page)."""
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    max_width = textbox.pango_layout.max_width
    if max_width is None:
        return False
    if not hasattr(pango, "pango_layout_is_ellipsized"):  # not in WeasyPrint's declarations
        with _lock:
            if not hasattr(pango, "pango_layout_is_ellipsized"):
                ffi.cdef("int pango_layout_is_ellipsized (PangoLayout *layout);")
    layout = textbox.pango_layout.layout
    pango.pango_layout_set_width(layout, int(max_width * TO_UNITS))
    pango.pango_layout_set_ellipsize(layout, pango.PANGO_ELLIPSIZE_END)
    return not pango.pango_layout_is_ellipsized(layout)


def install() -> None:
    """Patch WeasyPrint 70 as described in the module's docstring (idempotent)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        import pydyf
        from weasyprint.draw import text as draw_text
        from weasyprint.pdf import fonts

        original_draw = draw_text.draw_first_line

        @functools.wraps(original_draw)
        def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
            plain = text_overflow != "ellipsis" and block_ellipsis == "none"
            if block_ellipsis == "none" and textbox.text.strip() and hasattr(stream, "add_font"):
                from weasyprint.text.ffi import pango

                # What the original does first; Pango lays the line out anew after it,
                # so the codes must be chosen on that layout (setting it again is a no-op).
                pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
                if not plain:
                    plain = _fits_unellipsized(textbox)
            if plain and textbox.text.strip() and hasattr(stream, "add_font"):
                recode_line(stream, textbox)
                actual = line_text(textbox)
                if _needs_actual_text(actual):
                    stream.show_text = functools.partial(_show_text, stream.show_text)
                    stream.begin_marked_content(
                        "Span", pydyf.Dictionary({"ActualText": pydyf.String(actual)})
                    )
                    try:
                        return original_draw(stream, textbox, text_overflow, block_ellipsis, matrix)
                    finally:
                        del stream.show_text
                        stream.end_marked_content()
            return original_draw(stream, textbox, text_overflow, block_ellipsis, matrix)

        original_subset = fonts.Font.subset

        @functools.wraps(original_subset)
        def subset(self, to_unicode, hinting):
            table = _tables.get(self.hash)
            if table and to_unicode:
                to_unicode = dict(to_unicode)
                for code in [code for code in to_unicode if code in table.glyphs]:
                    del to_unicode[code]
                    to_unicode.setdefault(table.glyphs[code], "")
            return original_subset(self, to_unicode, hinting)

        original_dictionary = fonts._build_vector_font_dictionary

        @functools.wraps(original_dictionary)
        def build_vector_font_dictionary(
            font_dictionary, pdf, font, widths, compress, reference, pdf_version
        ):
            result = original_dictionary(
                font_dictionary, pdf, font, widths, compress, reference, pdf_version
            )
            table = _tables.get(font.hash)
            if table and any(code in table.glyphs for code in font.to_unicode):
                cid_to_gid = _cid_to_gid_map(pydyf, font, table, compress)
                pdf.add_object(cid_to_gid)
                descendant = font_dictionary["DescendantFonts"][0]
                number = int(bytes(descendant).split()[0])
                pdf.objects[number]["CIDToGIDMap"] = cid_to_gid.reference
            return result

        _originals.update(
            draw_first_line=original_draw,
            subset=original_subset,
            build_vector_font_dictionary=original_dictionary,
        )
        draw_text.draw_first_line = draw_first_line
        fonts.Font.subset = subset
        fonts._build_vector_font_dictionary = build_vector_font_dictionary
        _installed = True


def uninstall() -> None:
    """Put WeasyPrint back as it was (for the test that compares the drawings)."""
    global _installed
    with _lock:
        if not _installed:
            return
        from weasyprint.draw import text as draw_text
        from weasyprint.pdf import fonts

        draw_text.draw_first_line = _originals["draw_first_line"]
        fonts.Font.subset = _originals["subset"]
        fonts._build_vector_font_dictionary = _originals["build_vector_font_dictionary"]
        _installed = False
