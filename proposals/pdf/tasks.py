"""Background tasks of the PDF (Django's task framework; on Django 5.2 the ``django-tasks``
backport, run from the database by ``manage.py review_worker``)."""

from django_tasks import task


@task(takes_context=True)
def render_draft_pdf(context, job_id: str) -> str:
    """Render a large draft PDF (:func:`~proposals.pdf.drafts.draft_job_run`)."""
    from proposals.pdf.drafts import draft_job_run

    return draft_job_run(job_id=job_id, task_id=str(context.task_result.id))
