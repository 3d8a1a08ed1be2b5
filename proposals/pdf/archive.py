"""The archive of submission PDFs: rendered once from the frozen snapshot, then served
byte for byte.

:func:`archive_for` is the one entry point (the download view, the submission hook
and batch exports all call it). Submitting a Blueprint archives its PDF right after
the transaction commits (:func:`archive_after_commit`) — in the request when it is small
and a render slot is free, else by the background worker (:func:`archive_soon`); if
WeasyPrint fails then, the submission stands and the first download renders the PDF
instead (again: in the request only if small).

If the province has a signing certificate, the archived file is the rendered PDF signed
with it (PAdES, :mod:`proposals.pdf.signing`); the SHA-256 is that of the signed file,
the one OPDC downloads. If signing fails, nothing is archived (an unsigned file must not
stand in for a signed one forever): the error is logged and the next download tries again.
"""

import hashlib
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tasks import task

from proposals.models import Snapshot, SubmissionPDF
from proposals.pdf import render, signing, thai

logger = logging.getLogger(__name__)


class ArchiveCorrupted(Exception):
    """The archived bytes no longer match their recorded SHA-256."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def render_submission(snapshot: Snapshot) -> render.RenderedPDF:
    """Render the submission PDF of ``snapshot`` from its frozen data (no watermark).

    The creation date and the dates printed are the submission's, so the file says
    when it was submitted, not when it happened to be rendered.
    """
    return render.render_pdf(
        snapshot.data,
        draft=False,
        thai_numerals=settings.PDF_THAI_NUMERALS,
        printed_on=thai.parse_date(snapshot.created_at),
        created=snapshot.created_at,
    )


@task()
def archive_submission_pdf(snapshot_id: int) -> str:
    """The background task (run by ``manage.py review_worker``) that renders and stores a
    submission's PDF: :func:`archive_for`."""
    return archive_for(Snapshot.objects.get(pk=snapshot_id)).sha256


def archive_for(snapshot: Snapshot) -> SubmissionPDF:
    """The archived PDF of ``snapshot``, rendering and storing it first if there is none.

    Idempotent and safe under concurrency: rendering happens outside any lock; if two
    callers render at once, the first to store wins and both get the stored row (the
    loser's bytes are discarded), so every caller always gets the same bytes.
    """
    existing = SubmissionPDF.objects.filter(snapshot=snapshot).first()
    if existing is not None:
        return existing
    rendered = render_submission(snapshot)
    content = signing.sign_for_province(rendered.content, snapshot.blueprint.province)
    try:
        with transaction.atomic():
            return SubmissionPDF.objects.create(
                snapshot=snapshot,
                sha256=sha256_of(content),
                size=len(content),
                pages=rendered.pages,
                content=content,
            )
    except IntegrityError:
        stored = SubmissionPDF.objects.filter(snapshot=snapshot).first()
        if stored is None:  # not a race on this snapshot: a real integrity problem
            raise
        return stored


def verified_content(archived: SubmissionPDF) -> bytes:
    """The archived bytes, after checking they still hash to the recorded SHA-256."""
    content = bytes(archived.content)
    if sha256_of(content) != archived.sha256:
        logger.error(
            "Archived PDF %s of snapshot %s does not match its SHA-256",
            archived.pk,
            archived.snapshot_id,
        )
        raise ArchiveCorrupted(f"archived PDF {archived.pk} does not match its SHA-256")
    return content


def find_by_hash(digest: str) -> SubmissionPDF | None:
    """The archived PDF with this SHA-256 (hex), without loading its bytes."""
    return (
        SubmissionPDF.objects.filter(sha256=digest.lower())
        .select_related("snapshot__blueprint__province")
        .defer("content")
        .first()
    )


def archive_soon(snapshot: Snapshot) -> SubmissionPDF | None:
    """The archived PDF of ``snapshot`` if it can be had in a request: already stored, or
    small enough (``PDF_INLINE_MAX_PAGES``) to render now in a free render slot.
    Otherwise the background worker is asked to render it and ``None`` is returned:
    a large submission never holds a web process (see :mod:`proposals.pdf.drafts`)."""
    from proposals.pdf import drafts

    existing = SubmissionPDF.objects.filter(snapshot=snapshot).defer("content").first()
    if existing is not None:
        return SubmissionPDF.objects.get(pk=existing.pk)
    if drafts.estimated_pages(snapshot.data) <= settings.PDF_INLINE_MAX_PAGES:
        with drafts.render_slot(timeout=settings.PDF_SLOT_WAIT) as slot:
            if slot:
                return archive_for(snapshot)
    _enqueue_archive(snapshot.pk)
    return None


def _enqueue_archive(snapshot_id: int) -> None:
    """Ask the worker to archive ``snapshot_id`` (once per ten minutes, however often asked)."""
    from proposals.pdf.drafts import _cache

    if _cache().add(f"archive-queued:{snapshot_id}", 1, timeout=600):
        archive_submission_pdf.enqueue(snapshot_id=snapshot_id)


def archive_after_commit(snapshot_id: int) -> None:
    """Archive a new submission's PDF (a large one: by the worker); never raises (the
    submission must stand)."""
    try:
        archive_soon(Snapshot.objects.get(pk=snapshot_id))
    except Exception:
        logger.exception(
            "Could not archive the PDF of snapshot %s; it will be rendered on first download",
            snapshot_id,
        )


def schedule_archive(snapshot: Snapshot) -> None:
    """Archive ``snapshot``'s PDF once the current transaction commits."""
    transaction.on_commit(lambda: archive_after_commit(snapshot.pk))
