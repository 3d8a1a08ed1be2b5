"""Draft PDFs never hold the server: one render per content, large drafts in the
background worker with a progress page, a cap on renders in requests.

Real WeasyPrint renders, counted by the render module's own counter."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ops.heartbeat import heartbeat_beat, worker_name
from proposals.models import SubmissionPDF
from proposals.pdf import drafts, render
from proposals.pdf.models import DraftJobStatus, DraftPDFJob
from strategies.models import AuditEvent
from tests.proposals.conftest import advance


def pdf_url(blueprint):
    return reverse("proposals:pdf", args=[blueprint.pk])


def run_worker(monkeypatch):
    """The real worker command, in this process, until the queue is empty. Its
    close_old_connections would close the test's own connection (it is inside the test's
    transaction; SQLite's in-memory one is never closed, PostgreSQL's would be). Its
    heartbeat beats once, in the test's transaction: the thread would write on a connection
    of its own and, on PostgreSQL, commit a live worker that later tests of the health page
    would find."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def heartbeat_once():
        heartbeat_beat(worker=worker_name())
        return lambda: None

    monkeypatch.setattr(
        "proposals.management.commands.review_worker.heartbeat_start", heartbeat_once
    )
    call_command("review_worker", "--batch", "--nice", "0", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_for_the_same_draft_render_it_once(world, blueprint):
    before = render.render_count()
    start = threading.Barrier(2)
    results, errors = [], []

    def ask():
        try:
            start.wait()
            results.append(drafts.draft_pdf(blueprint, thai_numerals=False))
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert render.render_count() - before == 1
    first, second = results
    assert first.content == second.content and first.content.startswith(b"%PDF-")
    assert sorted([first.cached, second.cached]) == [False, True]


@pytest.mark.django_db
def test_a_large_draft_is_rendered_by_the_worker_behind_a_progress_page(
    world, blueprint, client_for, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.PDF_INLINE_MAX_PAGES = 1  # the test Blueprint counts as large
    client = client_for(world.editor)
    before = render.render_count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(pdf_url(blueprint))
    job = DraftPDFJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert render.render_count() == before  # nothing rendered in the request
    assert job.task_id  # enqueued for the worker

    # Others asking for the same draft meanwhile follow the same job; the page polls.
    response = client_for(world.viewer).get(pdf_url(blueprint))
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert DraftPDFJob.objects.count() == 1

    run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.status == DraftJobStatus.DONE and job.pages >= 1 and job.data == {}
    assert render.render_count() == before + 1
    page = client.get(job.get_absolute_url()).content.decode()
    download = reverse("proposals:pdf_job_download", args=[blueprint.pk, job.pk])
    assert download in page and 'hx-trigger="every 2s"' not in page
    response = client.get(download)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.content == bytes(job.content)
    assert AuditEvent.objects.filter(details__draft=True).exists()
    # The same draft asked for again: the stored file, no new render.
    again = client.get(pdf_url(blueprint))
    assert again.status_code == 200 and again.content == response.content
    assert render.render_count() == before + 1


@pytest.mark.django_db
def test_no_free_render_slot_hands_the_draft_to_the_worker(
    world, blueprint, client_for, settings, fake_render
):
    settings.PDF_SLOT_WAIT = 0
    with drafts.render_slot(timeout=0) as held:  # another request is rendering
        assert held
        response = client_for(world.editor).get(pdf_url(blueprint))
    assert response.status_code == 302
    assert DraftPDFJob.objects.get().status == DraftJobStatus.QUEUED
    assert fake_render.calls == []


@pytest.mark.django_db
def test_a_failed_job_is_tried_again_when_asked_for_again(
    world, blueprint, client_for, settings, fake_render
):
    settings.PDF_INLINE_MAX_PAGES = 1
    client = client_for(world.editor)
    client.get(pdf_url(blueprint))
    job = DraftPDFJob.objects.get()
    DraftPDFJob.objects.filter(pk=job.pk).update(
        status=DraftJobStatus.FAILED, error="boom", finished_at=timezone.now()
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "could not be prepared" in page and "boom" not in page
    response = client.get(pdf_url(blueprint))
    assert response["Location"] == job.get_absolute_url()
    assert DraftPDFJob.objects.get().status == DraftJobStatus.QUEUED


@pytest.mark.parametrize(
    ("actor", "status"),
    [("editor", 200), ("viewer", 200), ("contributor", 200), ("reviewer", 404), ("stranger", 404)],
)
@pytest.mark.django_db
def test_progress_page_access(actor, status, world, blueprint, client_for, settings, fake_render):
    settings.PDF_INLINE_MAX_PAGES = 1
    client_for(world.editor).get(pdf_url(blueprint))
    job = DraftPDFJob.objects.get()
    client = client_for(getattr(world, actor))
    assert client.get(job.get_absolute_url()).status_code == status
    download = reverse("proposals:pdf_job_download", args=[blueprint.pk, job.pk])
    assert client.get(download).status_code == (302 if status == 200 else 404)


@pytest.mark.django_db
def test_a_large_submission_is_archived_by_the_worker_not_the_request(
    world, complete_blueprint, client_for, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.PDF_INLINE_MAX_PAGES = 1  # the test Blueprint counts as large
    before = render.render_count()
    with django_capture_on_commit_callbacks(execute=True):
        advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    assert render.render_count() == before  # the submitting request rendered nothing
    snapshot = complete_blueprint.snapshots.get()
    url = reverse("proposals:snapshot_pdf", args=[complete_blueprint.pk, snapshot.edition])
    waiting = client_for(world.reviewer).get(url)
    assert waiting.status_code == 202 and b'http-equiv="refresh"' in waiting.content
    assert render.render_count() == before and not SubmissionPDF.objects.exists()

    run_worker(monkeypatch)
    assert render.render_count() == before + 1
    response = client_for(world.reviewer).get(url)
    assert response.status_code == 200
    assert response.content == bytes(SubmissionPDF.objects.get(snapshot=snapshot).content)
