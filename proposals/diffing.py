"""Readable, Thai-aware differences between two texts.

Thai is written without spaces between words, so a character diff gives "soup"
and a whitespace split gives whole sentences. Texts are cut into words with
PyThaiNLP's dictionary tokenizer (``newmm``, works offline), paragraphs first:
unchanged paragraphs are matched as wholes, and only paragraphs that changed are
compared word by word. The result is HTML with ``<del>``/``<ins>``; every piece of
the input is escaped.
"""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from strategies import thai

# Beyond this many words in one changed block, compare line by line only: a readable
# result in bounded time even for pasted 100 000-character texts.
MAX_WORDS_PER_BLOCK = 6000


def words(text: str) -> list[str]:
    """Thai-aware words of ``text``, keeping spaces and line breaks as their own tokens."""
    if not text:
        return []
    tokens = []
    for piece in thai.words(text, keep_whitespace=True):
        # newmm keeps "\n\n" or " \n" together with other whitespace; split them so
        # paragraph breaks line up.
        if piece.isspace() and "\n" in piece:
            tokens.extend(part for part in _split_newlines(piece) if part)
        else:
            tokens.append(piece)
    return tokens


def _split_newlines(piece: str):
    current = ""
    for char in piece:
        if char == "\n":
            if current:
                yield current
                current = ""
            yield "\n"
        else:
            current += char
    yield current


@dataclass(frozen=True)
class Change:
    """One piece of a diff: ``equal``, ``insert`` or ``delete`` and its text."""

    op: str
    text: str


def diff(old: str, new: str) -> list[Change]:
    """The pieces that turn ``old`` into ``new``: paragraphs, then words within them."""
    old, new = old or "", new or ""
    if old == new:
        return [Change("equal", old)] if old else []
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    pieces: list[Change] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            pieces.append(Change("equal", a))
        elif op == "delete":
            pieces.append(Change("delete", a))
        elif op == "insert":
            pieces.append(Change("insert", b))
        else:
            pieces.extend(_word_diff(a, b))
    return _merge(pieces)


def _word_diff(old: str, new: str) -> list[Change]:
    old_words, new_words = words(old), words(new)
    if len(old_words) + len(new_words) > MAX_WORDS_PER_BLOCK:
        return [Change("delete", old), Change("insert", new)]
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if op == "equal":
            pieces.append(Change("equal", a))
        else:
            if a:
                pieces.append(Change("delete", a))
            if b:
                pieces.append(Change("insert", b))
    return pieces


def _merge(pieces: list[Change]) -> list[Change]:
    """Join neighbours of the same kind, and let lone spaces between changes join them."""
    merged: list[Change] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].op == piece.op:
            merged[-1] = Change(piece.op, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def diff_html(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as escaped HTML with ``<del>`` and ``<ins>``."""
    html = []
    for piece in diff(old, new):
        text = escape(piece.text)
        if piece.op == "insert":
            html.append(f"<ins>{text}</ins>")
        elif piece.op == "delete":
            html.append(f"<del>{text}</del>")
        else:
            html.append(text)
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped above


def diff_sides(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Side-by-side HTML: ``old`` with its removed words in ``<del>``, ``new`` with ``<ins>``."""
    left, right = [], []
    for piece in diff(old, new):
        text = escape(piece.text)
        if piece.op == "equal":
            left.append(text)
            right.append(text)
        elif piece.op == "delete":
            left.append(f"<del>{text}</del>")
        else:
            right.append(f"<ins>{text}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped above
