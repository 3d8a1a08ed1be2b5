"""The archived covering letter of a submission: rendered once from its frozen data,
stored with its SHA-256 and served byte for byte (like :mod:`proposals.pdf.archive`)."""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from proposals.letters import render
from proposals.letters.models import SubmissionLetter

logger = logging.getLogger(__name__)


class LetterCorrupted(Exception):
    """The archived bytes no longer match their recorded SHA-256."""


def letter_archive_for(letter: SubmissionLetter) -> SubmissionLetter:
    """``letter`` with its PDF archived, rendering it first if it has none.

    Idempotent and race-safe: rendering happens outside any lock; the first renderer to
    store its bytes wins (a conditional UPDATE on an empty ``sha256``) and every caller
    gets the stored row.
    """
    if letter.archived:
        return letter
    rendered = render.render_pdf(
        letter.data,
        thai_numerals=settings.PDF_THAI_NUMERALS,
        created=letter.created_at,
    )
    SubmissionLetter.objects.filter(pk=letter.pk, sha256="").update(
        sha256=rendered.sha256,
        size=len(rendered.content),
        pages=rendered.pages,
        content=rendered.content,
        rendered_at=timezone.now(),
    )
    return SubmissionLetter.objects.get(pk=letter.pk)


def verified_letter(letter: SubmissionLetter) -> bytes:
    """The archived bytes, after checking they still hash to the recorded SHA-256."""
    content = bytes(letter.content)
    if hashlib.sha256(content).hexdigest() != letter.sha256:
        logger.error("Archived covering letter %s does not match its SHA-256", letter.pk)
        raise LetterCorrupted(f"archived letter {letter.pk} does not match its SHA-256")
    return content


def letter_pdf_of(snapshot) -> tuple[SubmissionLetter, bytes] | None:
    """The archived letter of ``snapshot`` and its verified bytes; ``None`` if the
    submission has no letter."""
    letter = SubmissionLetter.objects.filter(snapshot=snapshot).first()
    if letter is None:
        return None
    letter = letter_archive_for(letter)
    return letter, verified_letter(letter)


def archive_after_commit(letter_id: int) -> None:
    """Archive a new submission's letter; never raises (the submission must stand)."""
    try:
        letter_archive_for(SubmissionLetter.objects.get(pk=letter_id))
    except Exception:
        logger.exception(
            "Could not archive covering letter %s; it will be rendered on first download",
            letter_id,
        )


def schedule_letter_archive(letter: SubmissionLetter) -> None:
    transaction.on_commit(lambda: archive_after_commit(letter.pk))
