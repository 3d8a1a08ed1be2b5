"""Draft PDFs: rendered on demand from the working copy, cached by content.

The cache key is a hash of the draft's data itself (the snapshot dict built from the
working copy), not a counter: it changes with anything the PDF shows — a row, the
status, an agency's or the plan's name edited elsewhere — and with nothing else.
It also holds the layout fingerprint (templates, stylesheet), the numeral setting
and the day (the draft prints its print date), so a repeat download of an unchanged
draft on the same day is served from the ``pdf`` cache without running WeasyPrint.
"""

from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.utils import timezone

from proposals.pdf import render


@dataclass
class DraftPDF:
    content: bytes
    cached: bool
    key: str


def _cache():
    try:
        return caches["pdf"]
    except InvalidCacheBackendError:
        return caches["default"]


def cache_key(blueprint, data: dict, *, thai_numerals: bool, printed_on) -> str:
    return ":".join(
        [
            "blueprint-pdf",
            str(blueprint.pk),
            render.content_key(data),
            render.layout_fingerprint(),
            "th" if thai_numerals else "ar",
            printed_on.isoformat(),
        ]
    )


def draft_pdf(blueprint, *, thai_numerals: bool) -> DraftPDF:
    """The watermarked PDF of ``blueprint``'s working copy, from the cache when unchanged."""
    data = render.draft_data(blueprint)
    printed_on = timezone.localdate()
    key = cache_key(blueprint, data, thai_numerals=thai_numerals, printed_on=printed_on)
    cache = _cache()
    content = cache.get(key)
    if content is not None:
        return DraftPDF(content=content, cached=True, key=key)
    rendered = render.render_pdf(
        data, draft=True, thai_numerals=thai_numerals, printed_on=printed_on
    )
    cache.set(key, rendered.content)
    return DraftPDF(content=rendered.content, cached=False, key=key)
