"""Searching Thai text the same way on SQLite and PostgreSQL.

Thai is written without spaces between words, so neither a whitespace split nor a
database's full-text parser finds words in it. Both sides are cut into words with
PyThaiNLP's dictionary tokenizer (``newmm``, offline):

- the stored text (:func:`segment`) becomes lower-cased words joined by single
  spaces, padded with a space at both ends (``" การ ท่องเที่ยว ทาง ทะเล "``), kept in
  :class:`~proposals.review.models.BlueprintDigest` and refreshed on save — never per
  request;
- a query (:func:`query_words`) is cut the same way, so «ตลาดกลางผลไม้» typed without
  spaces becomes three words, and *every* word must match (in any order).

How a word matches (:func:`word_condition`): a word of three characters or more
matches anywhere in the text with its spaces removed — newmm does not always cut the
same phrase the same way in different contexts («โครงการตลาด» → «โครง การตลาด»), and
matching on the unspaced text makes that harmless. A shorter word (ยา, นา, ตา) must
be a whole word of the segmented text, so «ยา» does not find «พยาบาล». Both are plain
``contains`` lookups (text and words are lower-cased) that behave the same on SQLite and
PostgreSQL. The dashboard scans the digests once per search (not once per query of the
page); with a few hundred Blueprints that is fast enough, and a trigram index on
PostgreSQL can be added without changing this code.
"""

import re
import unicodedata

from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Replace

from strategies import thai

# Words shorter than this (in characters) must match a whole word.
WHOLE_WORD_BELOW = 3
MAX_QUERY_WORDS = 8
_PUNCTUATION = re.compile(r"^[\W_]+$", re.UNICODE)


def warm_up() -> None:
    """Build the tokenizer's dictionary (a trie of ~60,000 words) now rather than in the
    first request that searches or saves: that takes seconds of CPU, once per process,
    and a web process calls this when it starts (``blueprint_site/wsgi.py``)."""
    words("ค้นหา")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").lower()


def words(text: str) -> list[str]:
    """The words of ``text``: lower-cased, without whitespace and punctuation."""
    text = _normalise(text)
    if not text.strip():
        return []
    return [
        token
        for token in (t.strip() for t in thai.words(text, keep_whitespace=False))
        if token and not _PUNCTUATION.match(token)
    ]


def segment(*texts: str) -> str:
    """The stored search text of ``texts``: words joined by spaces, a space at both ends."""
    found = []
    for text in texts:
        found.extend(words(text))
    return f" {' '.join(found)} " if found else ""


def query_words(query: str) -> list[str]:
    """The distinct words of a query, in order (at most :data:`MAX_QUERY_WORDS`)."""
    seen = []
    for word in words(query):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def compact(field: str):
    """The expression of ``field`` with its spaces removed (for :func:`word_condition`)."""
    return Replace(F(field), Value(" "), Value(""), output_field=TextField())


def word_condition(word: str, *, segmented: str, compacted: str) -> Q:
    """A ``Q`` matching ``word`` in the segmented field, or in its compacted annotation."""
    # The stored text and the query words are both lower-cased: a case-sensitive
    # ``contains`` finds the same and spares the database upper-casing every text.
    if len(word) < WHOLE_WORD_BELOW:
        return Q(**{f"{segmented}__contains": f" {word} "})
    return Q(**{f"{compacted}__contains": word.replace(" ", "")})
