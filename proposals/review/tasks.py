"""Background tasks of the review workspace (Django's task framework; on Django 5.2 the
``django-tasks`` backport, run from the database by ``manage.py review_worker``)."""

from django_tasks import task


@task(takes_context=True)
def export_pdfs_step(context, job_id: str, after: str = "") -> str:
    """One step of a batch PDF export (:func:`~proposals.review.exports.export_job_step`)."""
    from proposals.review.exports import export_job_step

    return export_job_step(job_id=job_id, task_id=str(context.task_result.id), after=after)
