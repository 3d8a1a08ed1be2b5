"""Fixtures for the PDF tests.

Real WeasyPrint renders are slow (about a second each), so the documents that many
tests read are rendered once per session from snapshot data built in Python
(:mod:`tests.pdf.sample`, no database). Tests of views and the archive use
``fake_render``, which stands in for WeasyPrint; the few tests that need the real
thing through the database render once each.
"""

import hashlib
import io
import json
import re

import pytest
from django.core.cache import caches
from pypdf import PdfReader

from proposals.pdf import render
from tests.pdf.sample import sample_data
from tests.proposals.conftest import (  # noqa: F401 (fixtures shared with the proposals tests)
    advance,
    blueprint,
    chain,
    client,
    complete_blueprint,
    fill,
    submitted_blueprint,
)


def squash(text: str) -> str:
    """Text compared as it was typed: byte for byte, only whitespace removed (Thai lines
    break between words that have no space). No Unicode normalisation: the text layer must
    give back exactly what was typed (``tests/pdf/test_textlayer.py``)."""
    return re.sub(r"\s+", "", text)


def pages_text(content: bytes) -> list[str]:
    """The text of each page, extracted with pypdf."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


def assert_in_order(text: str, needles: list[str]) -> None:
    """Every needle occurs in ``text``, each after the previous one (whitespace-insensitive)."""
    haystack = squash(text)
    position = 0
    for needle in needles:
        found = haystack.find(squash(needle), position)
        assert found >= 0, f"{needle!r} not found after position {position}"
        position = found + len(squash(needle))


@pytest.fixture(autouse=True)
def empty_pdf_cache():
    """Each test starts with no cached drafts (the cache outlives a test's database)."""
    caches["pdf"].clear()


@pytest.fixture(scope="session")
def draft_sample():
    """A long draft with hostile text everywhere: ``(data, RenderedPDF)``."""
    data = sample_data(hostile=True)
    return data, render.render_pdf(data, draft=True, thai_numerals=False)


@pytest.fixture(scope="session")
def submission_sample():
    """A submission with Thai numerals: ``(data, RenderedPDF)``."""
    data = sample_data()
    return data, render.render_pdf(data, draft=False, thai_numerals=True)


def fake_pdf(data: dict, *, draft: bool) -> bytes:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return f"%PDF-1.7\n% fake {'draft' if draft else 'submission'} {digest}\n%%EOF\n".encode()


@pytest.fixture
def fake_render(monkeypatch):
    """Replace WeasyPrint with a stand-in; ``calls`` records each render's arguments."""

    class Fake:
        calls: list[dict] = []
        error: Exception | None = None

        def __call__(self, data, *, draft, thai_numerals=None, printed_on=None, created=None):
            self.calls.append(
                {
                    "data": data,
                    "draft": draft,
                    "thai_numerals": thai_numerals,
                    "printed_on": printed_on,
                    "created": created,
                }
            )
            if self.error is not None:
                raise self.error
            return render.RenderedPDF(
                content=fake_pdf(data, draft=draft),
                pages=1,
                template_seconds=0.0,
                weasyprint_seconds=0.0,
            )

    fake = Fake()
    fake.calls = []
    monkeypatch.setattr(render, "render_pdf", fake)
    return fake
