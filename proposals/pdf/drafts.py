"""Draft PDFs: rendered from the working copy, once per content, never holding the server.

The cache key is a hash of the draft's data itself (the snapshot dict built from the
working copy), not a counter: it changes with anything the PDF shows — a row, the
status, an agency's or the plan's name edited elsewhere — and with nothing else.
It also holds the layout fingerprint (templates, stylesheet), the numeral setting
and the day (the draft prints its print date), so a repeat download of an unchanged
draft on the same day is served from the ``pdf`` cache without running WeasyPrint.

A render is CPU work of seconds to minutes, so :func:`draft_pdf` keeps it from
starving ordinary requests:

- **once per content**: whoever asks for a draft being rendered waits for that render
  (a file lock per key, shared by every process of the machine) and gets its bytes;
- **large drafts in the background**: a draft estimated past ``PDF_INLINE_MAX_PAGES``
  pages becomes a :class:`~proposals.pdf.models.DraftPDFJob` (one per key) that the
  background worker renders (``manage.py review_worker``); the reader follows a
  progress page and downloads it from there;
- **a cap on renders in requests**: at most ``PDF_RENDER_SLOTS`` small drafts render in
  requests at once on the machine; a request that finds no free slot within
  ``PDF_SLOT_WAIT`` seconds hands its draft to the worker too, rather than hold a
  thread of the web server.
"""

import contextlib
import datetime
import fcntl
import hashlib
import json
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from proposals.pdf import render
from proposals.pdf.models import DraftJobStatus, DraftPDFJob

logger = logging.getLogger(__name__)

# Characters of the draft's JSON per printed page, measured on the demo Blueprint and the
# large one of bench/pdf.py (see estimated_pages).
CHARS_PER_PAGE = 2200
# How long a request waits for someone else's render of the same draft.
SAME_DRAFT_WAIT = 30
# Lock stripes: keys share 64 lock files (no file per key to clean up).
STRIPES = 64
# A job whose task died with its worker is handed to a new task after this long.
STALE_AFTER = datetime.timedelta(minutes=10)
UNQUEUED_AFTER = datetime.timedelta(minutes=1)
# Finished jobs (and their PDFs) are removed after this long: a draft is printed that day.
KEEP_FINISHED = datetime.timedelta(days=2)


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


def estimated_pages(data: dict) -> int:
    """About how many pages the draft prints: its text (as JSON) over a page's worth.

    Measured: the demo Blueprint (~26,500 characters) prints 14 pages, bench/pdf.py's
    large one (~232,000) 89; render time grows with the pages. Errs on the long side.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return max(1, math.ceil(len(text) / CHARS_PER_PAGE))


# --------------------------------------------------------------------------
# Locks shared by every process of the machine
# --------------------------------------------------------------------------


def _lock_dir() -> Path:
    path = Path(settings.PDF_LOCK_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _file_lock(path: Path, *, timeout: float):
    """Hold an exclusive lock on ``path`` (yields True), or yield False after ``timeout``."""
    handle = open(path, "a+")  # noqa: SIM115 — closed below, after the lock is released
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _stripe(key: str) -> Path:
    number = int(hashlib.sha256(key.encode()).hexdigest(), 16) % STRIPES
    return _lock_dir() / f"draft-{number:02d}.lock"


@contextlib.contextmanager
def render_slot(*, timeout: float):
    """One of the machine's ``PDF_RENDER_SLOTS`` in-request render slots (yields True),
    or False when none came free within ``timeout`` seconds."""
    slots = max(1, settings.PDF_RENDER_SLOTS)
    deadline = time.monotonic() + timeout
    while True:
        for number in range(slots):
            with _file_lock(_lock_dir() / f"slot-{number}.lock", timeout=0) as held:
                if held:
                    yield True
                    return
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(0.1)


# --------------------------------------------------------------------------
# Rendering in the request: small drafts, once per content
# --------------------------------------------------------------------------


def render_once(
    key: str, data: dict, *, thai_numerals: bool, printed_on, slot_wait: float | None = None
) -> DraftPDF | None:
    """The draft under ``key``: from the cache, or rendered here — once, however many
    callers ask at the same time (the others wait and get the cached bytes).

    ``None`` when it cannot be rendered here soon: no render slot came free within
    ``slot_wait`` seconds (default ``PDF_SLOT_WAIT``), or the render of the same
    draft by someone else took longer than :data:`SAME_DRAFT_WAIT`.
    """
    cache = _cache()
    content = cache.get(key)
    if content is not None:
        return DraftPDF(content=content, cached=True, key=key)
    with _file_lock(_stripe(key), timeout=SAME_DRAFT_WAIT) as held:
        if not held:
            return None
        content = cache.get(key)
        if content is not None:  # rendered while we waited
            return DraftPDF(content=content, cached=True, key=key)
        wait = settings.PDF_SLOT_WAIT if slot_wait is None else slot_wait
        with render_slot(timeout=wait) as slot:
            if not slot:
                return None
            rendered = render.render_pdf(
                data, draft=True, thai_numerals=thai_numerals, printed_on=printed_on
            )
        cache.set(key, rendered.content)
        return DraftPDF(content=rendered.content, cached=False, key=key)


def draft_pdf(blueprint, *, thai_numerals: bool, requested_by=None) -> DraftPDF | DraftPDFJob:
    """The watermarked PDF of ``blueprint``'s working copy — or, when it is too large to
    render in a request (or the render slots are busy), the background job rendering it."""
    data = render.draft_data(blueprint)
    printed_on = timezone.localdate()
    key = cache_key(blueprint, data, thai_numerals=thai_numerals, printed_on=printed_on)
    content = _cache().get(key)
    if content is not None:
        return DraftPDF(content=content, cached=True, key=key)
    job = DraftPDFJob.objects.filter(key=key).defer("data").first()
    if job is not None and job.status == DraftJobStatus.DONE:
        return DraftPDF(content=bytes(job.content), cached=True, key=key)
    if job is not None and job.status != DraftJobStatus.FAILED:
        return job
    pages = estimated_pages(data)
    if pages <= settings.PDF_INLINE_MAX_PAGES:
        drafted = render_once(key, data, thai_numerals=thai_numerals, printed_on=printed_on)
        if drafted is not None:
            return drafted
    return draft_job_start(
        blueprint=blueprint, key=key, data=data, thai_numerals=thai_numerals,
        printed_on=printed_on, pages=pages, requested_by=requested_by,
    )  # fmt: skip


# --------------------------------------------------------------------------
# Rendering in the background: large drafts
# --------------------------------------------------------------------------


def _enqueue(job_id) -> None:
    result = render_draft_pdf.enqueue(job_id=str(job_id))
    DraftPDFJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def draft_job_start(
    *, blueprint, key: str, data: dict, thai_numerals: bool, printed_on, pages: int, requested_by
) -> DraftPDFJob:
    """The job rendering the draft under ``key``: the one already there (a failed one is
    queued again), or a new one; the task is enqueued once the transaction commits."""
    DraftPDFJob.objects.filter(finished_at__lt=timezone.now() - KEEP_FINISHED).delete()
    try:
        with transaction.atomic():
            job = DraftPDFJob.objects.create(
                blueprint=blueprint,
                key=key,
                data=data,
                thai_numerals=thai_numerals,
                printed_on=printed_on,
                estimated_pages=pages,
                requested_by=requested_by,
            )
    except IntegrityError:  # someone asked for the same draft at the same moment
        job = DraftPDFJob.objects.defer("data").get(key=key)
        if job.status != DraftJobStatus.FAILED:
            return job
        requeued = DraftPDFJob.objects.filter(pk=job.pk, status=DraftJobStatus.FAILED).update(
            status=DraftJobStatus.QUEUED, error="", task_id="", finished_at=None, data=data
        )
        job.refresh_from_db()
        if not requeued:
            return job
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def draft_job_recover(job: DraftPDFJob, *, now=None) -> bool:
    """Hand ``job`` to a new task if its task was never enqueued or died with its worker."""
    now = now or timezone.now()
    if job.status == DraftJobStatus.QUEUED and not job.task_id:
        stale = job.created_at < now - UNQUEUED_AFTER
    elif job.status == DraftJobStatus.RUNNING:
        stale = job.started_at is None or job.started_at < now - STALE_AFTER
    else:
        return False
    if not stale:
        return False
    taken = DraftPDFJob.objects.filter(pk=job.pk, status=job.status, task_id=job.task_id).update(
        status=DraftJobStatus.QUEUED, task_id="", started_at=None
    )
    if taken:
        logger.warning("Draft PDF job %s lost its task; queueing it again", job.pk)
        _enqueue(job.pk)
    return bool(taken)


@task(takes_context=True)
def render_draft_pdf(context, job_id: str) -> str:
    """The background task (Django's task framework; on Django 5.2 the ``django-tasks``
    backport, run from the database by ``manage.py review_worker``) that renders a
    large draft PDF: :func:`draft_job_run`."""
    return draft_job_run(job_id=job_id, task_id=str(context.task_result.id))


def draft_job_run(*, job_id: str, task_id: str) -> str:
    """Render the job's draft (the background worker runs this). Returns what happened."""
    claimed = DraftPDFJob.objects.filter(
        pk=job_id, status=DraftJobStatus.QUEUED, task_id__in={"", task_id}
    ).update(status=DraftJobStatus.RUNNING, task_id=task_id, started_at=timezone.now())
    if not claimed:
        return "superseded"
    job = DraftPDFJob.objects.get(pk=job_id)
    try:
        rendered = render.render_pdf(
            job.data, draft=True, thai_numerals=job.thai_numerals, printed_on=job.printed_on
        )
    except Exception as error:
        logger.exception("Draft PDF job %s failed", job_id)
        DraftPDFJob.objects.filter(pk=job_id, task_id=task_id).update(
            status=DraftJobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    DraftPDFJob.objects.filter(pk=job_id, task_id=task_id).update(
        status=DraftJobStatus.DONE,
        content=rendered.content,
        pages=rendered.pages,
        size=len(rendered.content),
        data={},
        finished_at=timezone.now(),
    )
    _cache().set(job.key, rendered.content)
    return "done"
