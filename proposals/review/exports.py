"""Batch export of archived submission PDFs: one ZIP with a manifest, built in the background.

A reviewer picks Blueprints on the dashboard (or a whole filter result);
:func:`export_job_create` freezes the selection — the latest submitted version of each
Blueprint they may see — into an :class:`~proposals.review.models.ExportJob` and, once
the transaction commits, enqueues :func:`export_pdfs_step` on
Django's task framework (database backend; ``manage.py review_worker`` runs it).

The work is done in steps, each idempotent:

1. every item is written to the job's own directory under ``MEDIA_ROOT``
   (``review-exports/<job id>/parts/0007.pdf`` and ``0007.json``, each by write-then-rename,
   so a file is either whole or absent). The PDF comes from the archive
   (:func:`proposals.pdf.archive.archive_for`), which renders a missing one — here, in
   the worker, never in a request — and its bytes are checked against the archived
   SHA-256. An item already on disk is skipped, so a job picks up where it stopped;
2. a task does at most ``step_size`` items, then hands the job to a fresh task, so a
   worker restart (deploy, crash) loses at most the item in hand;
3. when every item is on disk the ZIP (``export.zip``: the PDFs, ``manifest.csv`` and,
   in ``attachments/<the PDF's name>/``, the files each submission listed — checked
   against the SHA-256 it recorded) is written the same way and the parts are removed.

Exactly one task works on a job at a time: a task *claims* the job with a conditional
UPDATE on ``task_id`` and checks it still owns the job after every item; a task that
lost the job (see :func:`export_job_recover`) stops.

The export contains only what its requester may see: the selection is built from
``Blueprint.objects.visible_to(user)`` and checked again, item by item, when the job
runs (a Blueprint no longer visible to them is left out of the ZIP and the manifest).
"""

import datetime
import json
import logging
import os
import shutil
import socket
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from proposals.models import Blueprint, Snapshot
from proposals.review.access import is_opdc
from proposals.review.dashboard import latest_snapshots
from proposals.review.models import ExportJob, ExportStatus
from strategies.excel.cells import csv_bytes

logger = logging.getLogger(__name__)

EXPORT_DIR = "review-exports"
ARCHIVE_NAME = "export.zip"
MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = [
    "province",
    "province_code",
    "issue_number",
    "issue",
    "fiscal_year",
    "version",
    "status",
    "submitted_at",
    "sha256",
    "file",
    "blueprint_id",
    "snapshot_id",
    "letter_file",  # the covering letter (หนังสือนำส่ง), when the submission has one
    "letter_sha256",
]
MAX_ITEMS = 2000
DEFAULT_STEP_SIZE = 10
# A running task that has not reported progress for this long is taken to be dead.
STALE_AFTER = datetime.timedelta(minutes=5)
# A job whose first task was never enqueued (the process died right after commit).
UNQUEUED_AFTER = datetime.timedelta(minutes=1)
MAX_ATTEMPTS = 5


class _Superseded(Exception):
    """Another task now owns the job."""


def job_dir(job) -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_DIR / str(job.pk)


def archive_path(job) -> Path | None:
    """The finished ZIP of ``job`` on disk, or ``None``."""
    if job.status != ExportStatus.DONE or not job.archive:
        return None
    path = Path(settings.MEDIA_ROOT) / job.archive
    return path if path.is_file() else None


def worker_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --------------------------------------------------------------------------
# Creating, retrying, recovering
# --------------------------------------------------------------------------


@task(takes_context=True)
def export_pdfs_step(context, job_id: str, after: str = "") -> str:
    """One step of a batch PDF export, as a background task (Django's task framework; on
    Django 5.2 the ``django-tasks`` backport, run by ``manage.py review_worker``):
    :func:`export_job_step`."""
    return export_job_step(job_id=job_id, task_id=str(context.task_result.id), after=after)


def _step_task():
    return export_pdfs_step


def _enqueue(job_id, *, after: str) -> None:
    """Enqueue a step that takes the job over from task ``after`` ("" for a new job)."""
    result = _step_task().enqueue(job_id=str(job_id), after=after)
    # If the step already ran (an immediate backend), it has claimed the job itself.
    ExportJob.objects.filter(pk=job_id, task_id=after).update(task_id=str(result.id))


@transaction.atomic
def export_job_create(
    *, user, blueprints, title: str = "", step_size: int | None = None
) -> ExportJob:
    """Start exporting the latest submitted PDF of each of ``blueprints`` (ids or a
    queryset of ids) that ``user`` may see; the task is enqueued on commit."""
    if not is_opdc(user):
        raise PermissionDenied
    snapshot_ids = list(
        latest_snapshots(user=user, blueprints=blueprints).values_list("pk", flat=True)
    )
    if not snapshot_ids:
        raise ValidationError(
            _("Nothing to export: none of the chosen Blueprints has been submitted.")
        )
    if len(snapshot_ids) > MAX_ITEMS:
        raise ValidationError(
            _("At most %(max)s Blueprints can be exported at once; narrow the selection.")
            % {"max": MAX_ITEMS}
        )
    job = ExportJob.objects.create(
        created_by=user,
        title=title[:500],
        snapshot_ids=snapshot_ids,
        total=len(snapshot_ids),
        step_size=step_size or getattr(settings, "REVIEW_EXPORT_STEP_SIZE", DEFAULT_STEP_SIZE),
    )
    transaction.on_commit(lambda: _enqueue(job.pk, after=""))
    return job


@transaction.atomic
def export_job_retry(*, user, job: ExportJob) -> ExportJob:
    """Run a failed job again; the items already on disk are kept."""
    if not ExportJob.objects.visible_to(user).filter(pk=job.pk).exists():
        raise PermissionDenied
    previous = job.task_id
    retried = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.FAILED).update(
        status=ExportStatus.QUEUED, error="", attempts=0, finished_at=None
    )
    if retried:
        transaction.on_commit(lambda: _enqueue(job.pk, after=previous))
    job.refresh_from_db()
    return job


def _worker_is_dead(worker: str) -> bool:
    """Whether the worker process that ran a task is known to be gone (same host only)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _orphaned(job: ExportJob, now) -> bool:
    """Whether no task will finish ``job`` unless a new one is enqueued."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not job.task_id:
        return job.created_at < now - UNQUEUED_AFTER
    try:
        result = _step_task().get_result(job.task_id)
    except TaskResultDoesNotExist:
        return True
    except NotImplementedError:  # a backend that keeps no results: nothing to go by
        return False
    if result.status == TaskResultStatus.READY:
        return False
    if result.status != TaskResultStatus.RUNNING:
        return True  # the task ended (killed, failed) but the job did not
    if _worker_is_dead(job.worker):
        return True
    return job.heartbeat_at is None or job.heartbeat_at < now - STALE_AFTER


def export_job_recover(job: ExportJob, *, now=None) -> bool:
    """Hand ``job`` to a new task if its task died with the worker; True if it did."""
    now = now or timezone.now()
    if job.is_finished or not _orphaned(job, now):
        return False
    if job.attempts >= MAX_ATTEMPTS:
        ExportJob.objects.filter(pk=job.pk, task_id=job.task_id).update(
            status=ExportStatus.FAILED,
            error=_("Stopped after %(count)s restarts.") % {"count": job.attempts},
            finished_at=now,
        )
        return False
    logger.warning("Export job %s lost its task %s; restarting it", job.pk, job.task_id)
    taken = ExportJob.objects.filter(pk=job.pk, task_id=job.task_id).update(
        attempts=F("attempts") + 1
    )
    if taken:
        _enqueue(job.pk, after=job.task_id)
    return bool(taken)


def export_jobs_recover() -> int:
    """Restart every unfinished job whose task was lost (the worker command runs this)."""
    return sum(export_job_recover(job) for job in ExportJob.objects.unfinished())


# --------------------------------------------------------------------------
# The work
# --------------------------------------------------------------------------


def _write_atomic(path: Path, content: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def member_name(snapshot: Snapshot) -> str:
    blueprint = snapshot.blueprint
    return (
        f"pdf/{blueprint.province.code}_issue{blueprint.issue.number}"
        f"_fy{blueprint.fiscal_year}_v{snapshot.edition}_bp{blueprint.pk}.pdf"
    )


def attachments_folder(snapshot: Snapshot) -> str:
    """The ZIP folder of ``snapshot``'s attachments: named like its PDF."""
    return "attachments/" + member_name(snapshot).removeprefix("pdf/").removesuffix(".pdf")


def _write_attachments(snapshot: Snapshot, parts: Path, index: int) -> list[dict]:
    """Write the files ``snapshot`` listed to ``parts``; each is checked against the
    SHA-256 the submission recorded (a file that no longer matches fails the job, as a
    damaged archived PDF does)."""
    from proposals.attachments.models import Attachment
    from proposals.attachments.services import AttachmentCorrupted, verified_content

    written = []
    for number, listed in enumerate(snapshot.data.get("attachments") or [], start=1):
        stored = (
            Attachment.objects.filter(pk=listed["id"], blueprint_id=snapshot.blueprint_id)
            .defer("content")
            .first()
        )
        if stored is None or stored.sha256 != listed["sha256"]:
            raise AttachmentCorrupted(f"attachment {listed['id']} is not as it was submitted")
        content = verified_content(stored)
        part = f"{index:04d}-{number:03d}.bin"
        _write_atomic(parts / part, content)
        filename = f"{stored.pk}_{stored.filename}".replace("/", "_")
        written.append({"part": part, "file": f"{attachments_folder(snapshot)}/{filename}"})
    return written


def _item(snapshot: Snapshot, content: bytes, sha256: str) -> dict:
    """The manifest's line for ``snapshot``: what was submitted (the province's name, the
    issue's number and title as they were in the PDF), not what the records say today."""
    blueprint = snapshot.blueprint
    frozen = snapshot.data.get("blueprint") or {}
    province = frozen.get("province") or {}
    issue = snapshot.data.get("issue") or {}
    return {
        "province": province.get("name", blueprint.province.name),
        "province_code": province.get("code", blueprint.province.code),
        "issue_number": issue.get("number", blueprint.issue.number),
        "issue": issue.get("title", blueprint.issue.title),
        "fiscal_year": frozen.get("fiscal_year", blueprint.fiscal_year),
        "version": snapshot.edition,
        "status": blueprint.status,
        "submitted_at": timezone.localtime(snapshot.created_at).isoformat(),
        "sha256": sha256,
        "file": member_name(snapshot),
        "blueprint_id": blueprint.pk,
        "snapshot_id": snapshot.pk,
        "size": len(content),
    }


def _add_letter(item: dict, snapshot: Snapshot, path: Path) -> None:
    """The submission's covering letter next to its PDF (``…_letter.pdf``), if it has one."""
    from proposals.letters.archive import letter_pdf_of

    found = letter_pdf_of(snapshot)
    if found is None:
        return
    letter, content = found
    _write_atomic(path, content)
    item["letter_file"] = member_name(snapshot).removesuffix(".pdf") + "_letter.pdf"
    item["letter_sha256"] = letter.sha256


def _owned(job_id, task_id):
    return ExportJob.objects.filter(pk=job_id, task_id=task_id)


def export_job_step(*, job_id: str, task_id: str, after: str = "") -> str:
    """Claim the job (from task ``after``), do up to ``step_size`` items, then hand over
    to a new task or, when every item is done, write the ZIP. Returns what happened."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(
        pk=job_id,
        task_id__in={after, task_id},
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
    ).update(task_id=task_id, status=ExportStatus.RUNNING, worker=worker_label(), heartbeat_at=now)
    if not claimed:
        return "superseded"
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        return _work(job, task_id)
    except _Superseded:
        return "superseded"
    except Exception as error:
        logger.exception("Export job %s failed", job_id)
        _owned(job_id, task_id).update(
            status=ExportStatus.FAILED, error=failure_text(error)[:2000], finished_at=timezone.now()
        )
        raise


# Why a job failed, when the reader must be told in their language: stored as the English
# msgid, translated when the job's page shows it ({% translate job.error %}).
DAMAGED_PDF = gettext_noop(
    "An archived PDF no longer matches the SHA-256 recorded when it was submitted, so the "
    "export stopped and no ZIP was made. The administrators have been told; ask them to "
    "restore it from a backup."
)
DAMAGED_ATTACHMENT = gettext_noop(
    "A submitted attachment no longer matches the SHA-256 recorded when it was submitted, so "
    "the export stopped and no ZIP was made. The administrators have been told; ask them to "
    "restore it from a backup."
)


def failure_text(error: Exception) -> str:
    from proposals.attachments.services import AttachmentCorrupted
    from proposals.pdf.archive import ArchiveCorrupted

    if isinstance(error, ArchiveCorrupted):
        return DAMAGED_PDF
    if isinstance(error, AttachmentCorrupted):
        return DAMAGED_ATTACHMENT
    return str(error)


def _work(job: ExportJob, task_id: str) -> str:
    from proposals.pdf.archive import archive_for, verified_content

    parts = job_dir(job) / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    visible = set(
        Snapshot.objects.filter(
            pk__in=job.snapshot_ids, blueprint__in=Blueprint.objects.visible_to(job.created_by)
        ).values_list("pk", flat=True)
    )
    handled = 0
    for index, snapshot_id in enumerate(job.snapshot_ids):
        meta_path = parts / f"{index:04d}.json"
        if meta_path.exists():
            continue
        if handled >= job.step_size:
            _enqueue(job.pk, after=task_id)
            return "handed over"
        item = {"skipped": True}
        if snapshot_id in visible:
            snapshot = Snapshot.objects.select_related(
                "blueprint__province", "blueprint__issue"
            ).get(pk=snapshot_id)
            archived = archive_for(snapshot)
            content = verified_content(archived)
            _write_atomic(parts / f"{index:04d}.pdf", content)
            item = _item(snapshot, content, archived.sha256)
            _add_letter(item, snapshot, parts / f"{index:04d}-letter.pdf")
            item["attachments"] = _write_attachments(snapshot, parts, index)
        _write_atomic(meta_path, json.dumps(item, ensure_ascii=False).encode("utf-8"))
        handled += 1
        done = sum(1 for _path in parts.glob("*.json"))
        if not _owned(job.pk, task_id).update(done=done, heartbeat_at=timezone.now()):
            raise _Superseded
    _write_zip(job, parts)
    finished = _owned(job.pk, task_id).update(
        status=ExportStatus.DONE,
        done=job.total,
        archive=f"{EXPORT_DIR}/{job.pk}/{ARCHIVE_NAME}",
        size=(job_dir(job) / ARCHIVE_NAME).stat().st_size,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not finished:
        raise _Superseded
    shutil.rmtree(parts, ignore_errors=True)
    return "done"


def manifest_csv(items: list[dict]) -> bytes:
    """The manifest: one line per PDF (UTF-8 with a byte-order mark, for spreadsheets;
    text that a spreadsheet would run as a formula is written as text)."""
    return csv_bytes(
        [MANIFEST_FIELDS, *([item.get(f, "") for f in MANIFEST_FIELDS] for item in items)]
    )


def _write_zip(job: ExportJob, parts: Path) -> None:
    items = []
    for index in range(len(job.snapshot_ids)):
        item = json.loads((parts / f"{index:04d}.json").read_text(encoding="utf-8"))
        if not item.get("skipped"):
            items.append((index, item))
    target = job_dir(job) / ARCHIVE_NAME
    temporary = target.with_name(ARCHIVE_NAME + ".tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        for index, item in items:
            # PDFs are compressed already: store them as they are.
            archive.write(parts / f"{index:04d}.pdf", item["file"], zipfile.ZIP_STORED)
            if item.get("letter_file"):
                archive.write(
                    parts / f"{index:04d}-letter.pdf", item["letter_file"], zipfile.ZIP_STORED
                )
            for attached in item.get("attachments", []):
                archive.write(parts / attached["part"], attached["file"], zipfile.ZIP_STORED)
        archive.writestr(
            MANIFEST_NAME, manifest_csv([item for _index, item in items]), zipfile.ZIP_DEFLATED
        )
    os.replace(temporary, target)
