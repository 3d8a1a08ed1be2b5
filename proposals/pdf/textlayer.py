"""Make the Thai text of WeasyPrint PDFs extract correctly (copy, search, screen readers).

A PDF maps each glyph of a font to one Unicode string (its ``ToUnicode`` map).
WeasyPrint 70 fills that map from the first place a glyph is drawn, using the text
of the glyph's shaping cluster. Thai marks are often shaped into one cluster with
their base consonant, so a mark glyph can be recorded with the wrong text — and then
every later use of that glyph extracts wrongly: «ยุทธศาสตร์» came out as «ย่ทธศาสตร์»,
«กลุ่ม» as «กล่่». The page looks right; search and copy-paste do not work.

The fix: a glyph that the font's own ``cmap`` maps from exactly one character keeps
that character (a glyph drawn for «ุ» is «ุ»), and only glyphs the cmap does not
reach (contextual variants, ligatures) keep WeasyPrint's cluster text. SARA AM «ำ»,
which the font draws as NIKHAHIT + SARA AA, then extracts as «ํา» — the same text
under Unicode NFKC, which is how PDF readers and search engines compare Thai.

:func:`install` wraps ``weasyprint.pdf.fonts.Font.__init__`` once per process. It
relies on WeasyPrint internals (``Font.file_content``, ``Font.index``,
``Font.to_unicode``) and does nothing if they are not there; the PDF tests check
the extracted text, so an upgrade that breaks it shows.
"""

import functools
import hashlib
import io
import logging
import threading
import unicodedata

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_installed = False
_reverse_cmaps: dict[tuple[str, int], dict[int, str]] = {}


class CmapFirstMap(dict):
    """A glyph → text map that prefers the font's own character for a glyph."""

    def __init__(self, reverse: dict[int, str]):
        super().__init__()
        self.reverse = reverse

    def __setitem__(self, glyph_id, text):
        super().__setitem__(glyph_id, self.reverse.get(glyph_id, text))


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


def install() -> None:
    """Patch WeasyPrint's font objects to use :class:`CmapFirstMap` (idempotent)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        from weasyprint.pdf import fonts

        original = fonts.Font.__init__

        @functools.wraps(original)
        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            content = getattr(self, "file_content", None)
            if not isinstance(content, bytes | bytearray) or not isinstance(
                getattr(self, "to_unicode", None), dict
            ):
                return
            try:
                reverse = reverse_cmap(bytes(content), getattr(self, "index", 0) or 0)
            except Exception:  # a font fontTools cannot read: keep WeasyPrint's map
                logger.warning("Could not read the cmap of font %s", getattr(self, "family", "?"))
                return
            mapping = CmapFirstMap(reverse)
            mapping.update(self.to_unicode)
            self.to_unicode = mapping

        fonts.Font.__init__ = __init__
        _installed = True
