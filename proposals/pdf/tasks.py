"""Background tasks of the PDF (Django's task framework; on Django 5.2 the ``django-tasks``
backport, run from the database by ``manage.py review_worker``)."""

from django_tasks import task


@task(takes_context=True)
def render_draft_pdf(context, job_id: str) -> str:
    """Render a large draft PDF (:func:`~proposals.pdf.drafts.draft_job_run`)."""
    from proposals.pdf.drafts import draft_job_run

    return draft_job_run(job_id=job_id, task_id=str(context.task_result.id))


@task()
def archive_submission_pdf(snapshot_id: int) -> str:
    """Render and store a submission's PDF (:func:`~proposals.pdf.archive.archive_for`)."""
    from proposals.models import Snapshot
    from proposals.pdf.archive import archive_for

    archived = archive_for(Snapshot.objects.get(pk=snapshot_id))
    return archived.sha256
