"""Batch PDF export: one ZIP of archived PDFs with a manifest whose hashes match the
archive, built in steps that survive a restart, containing only what the requester may see.

These tests run the job's steps in the test process (the worker itself is exercised in
``test_worker.py``); PDFs are really rendered, by the job.
"""

import csv
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from proposals.models import SubmissionPDF
from proposals.pdf import archive
from proposals.review import exports
from proposals.review.models import ExportJob, ExportStatus
from strategies.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def read_zip(job):
    path = exports.archive_path(job)
    assert path is not None
    with zipfile.ZipFile(path) as bundle:
        manifest = bundle.read("manifest.csv").decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(manifest)))
        members = {name: bundle.read(name) for name in bundle.namelist()}
    return rows, members


def test_zip_manifest_hashes_match_the_archived_pdfs(
    world, round_, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    assert not SubmissionPDF.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_job_create(
            user=world.reviewer, blueprints=[round_.chumphon.pk, round_.surat.pk], title="t"
        )
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (ExportStatus.DONE, 2, 2)
    rows, members = read_zip(job)
    assert {row["province"] for row in rows} == {"ชุมพร", "สุราษฎร์ธานี"}
    for row in rows:
        content = members[row["file"]]
        assert content.startswith(b"%PDF-")
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        stored = SubmissionPDF.objects.get(snapshot_id=row["snapshot_id"])
        assert stored.sha256 == row["sha256"]
        assert archive.archive_for(stored.snapshot).sha256 == row["sha256"]
        assert row["version"] == "1"
        assert row["issue"] and row["fiscal_year"] == "2548"
    # The parts are cleaned up once the ZIP is written.
    assert not (exports.job_dir(job) / "parts").exists()


def test_the_request_only_queues_the_job(
    world, round_, client_for, django_capture_on_commit_callbacks
):
    """Rendering happens in the worker: the request creates the job and enqueues a task."""
    client = client_for(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:review:exports"),
            {"scope": "selected", "blueprint": [round_.chumphon.pk], "fy": 2548},
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ExportStatus.QUEUED and job.task_id
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert not SubmissionPDF.objects.exists()


def test_export_all_matching_the_filter(
    world, round_, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("proposals:review:exports"),
            {"scope": "all", "fy": 2548, "q": "สุราษฎร์ธานี"},
        )
    job = ExportJob.objects.get()
    assert job.snapshot_ids == [round_.surat.snapshots.get().pk]
    assert "สุราษฎร์ธานี" in job.title


def test_export_never_contains_what_the_requester_may_not_see(world, round_, client_for):
    client = client_for(world.reviewer)
    # The draft cannot be exported (OPDC may not see it): alone, nothing to export.
    response = client.post(
        reverse("proposals:review:exports"),
        {"scope": "selected", "blueprint": [round_.draft.pk], "fy": 2548},
        follow=True,
    )
    assert "Nothing to export" in response.content.decode()
    assert not ExportJob.objects.exists()
    client.post(
        reverse("proposals:review:exports"),
        {"scope": "selected", "blueprint": [round_.draft.pk, round_.surat.pk], "fy": 2548},
    )
    assert ExportJob.objects.get().snapshot_ids == [round_.surat.snapshots.get().pk]


def test_items_no_longer_visible_when_the_job_runs_are_left_out(world, round_):
    job = exports.export_job_create(user=world.reviewer, blueprints=[round_.chumphon.pk], title="t")
    Membership.objects.filter(user=world.reviewer).delete()  # no longer an OPDC reviewer
    world.reviewer.refresh_from_db()
    assert exports.export_job_step(job_id=str(job.pk), task_id="t1", after="") == "done"
    job.refresh_from_db()
    rows, members = read_zip(job)
    assert rows == [] and list(members) == ["manifest.csv"]
    assert not SubmissionPDF.objects.exists()


def test_a_job_resumes_after_its_worker_died(world, round_, monkeypatch):
    """Step by step: one item per task; the second task dies with its worker; recovery
    hands the job to a new task, which skips what is on disk and finishes."""
    rendered = []
    real = archive.render_submission

    def counting(snapshot):
        rendered.append(snapshot.pk)
        return real(snapshot)

    monkeypatch.setattr(archive, "render_submission", counting)
    job = exports.export_job_create(
        user=world.reviewer, blueprints=[round_.chumphon.pk, round_.surat.pk], title="t",
        step_size=1,
    )  # fmt: skip
    first = exports._step_task().enqueue(job_id=str(job.pk), after="")
    assert exports.export_job_step(job_id=str(job.pk), task_id=str(first.id), after="") == (
        "handed over"
    )
    job.refresh_from_db()
    assert (job.status, job.done) == (ExportStatus.RUNNING, 1)
    second = DBTaskResult.objects.get(id=job.task_id)
    assert second.status == "READY"  # waiting for a worker: nothing to recover
    assert not exports.export_job_recover(job)
    # A worker claims the second task and is killed (SIGKILL: no chance to clean up).
    second.claim("dead-worker")
    ExportJob.objects.filter(pk=job.pk).update(worker="no-such-host.invalid:1")
    job.refresh_from_db()
    assert not exports.export_job_recover(job)  # another host, fresh heartbeat: wait
    ExportJob.objects.filter(pk=job.pk).update(worker=f"{exports.socket.gethostname()}:999999")
    job.refresh_from_db()
    assert exports.export_job_recover(job)
    job.refresh_from_db()
    assert job.attempts == 1 and job.task_id != str(second.id)
    # The dead task, should it ever wake up, has lost the job.
    assert (
        exports.export_job_step(job_id=str(job.pk), task_id=str(second.id), after=str(first.id))
        == "superseded"
    )
    assert (
        exports.export_job_step(job_id=str(job.pk), task_id=job.task_id, after=str(second.id))
        == "done"
    )
    job.refresh_from_db()
    assert (job.status, job.done) == (ExportStatus.DONE, 2)
    assert len(rendered) == 2  # each PDF rendered once
    rows, _members = read_zip(job)
    assert len(rows) == 2


def test_a_stale_heartbeat_means_the_task_is_lost(world, round_):
    import datetime

    from django.utils import timezone

    job = exports.export_job_create(user=world.reviewer, blueprints=[round_.surat.pk])
    result = exports._step_task().enqueue(job_id=str(job.pk), after="")
    DBTaskResult.objects.get(id=result.id).claim("w")
    ExportJob.objects.filter(pk=job.pk).update(
        task_id=str(result.id), status=ExportStatus.RUNNING, worker="elsewhere:1",
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=30),
    )  # fmt: skip
    job.refresh_from_db()
    assert exports.export_job_recover(job)


def test_progress_page_polls_with_htmx_and_works_without(world, round_, client_for):
    job = exports.export_job_create(user=world.reviewer, blueprints=[round_.surat.pk])
    client = client_for(world.reviewer)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert f'href="{job.get_absolute_url()}"' in page  # the no-JavaScript refresh link
    partial = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="export-progress"' in partial
    exports.export_job_step(job_id=str(job.pk), task_id="t", after=job.task_id)
    job.refresh_from_db()
    done = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert reverse("proposals:review:export_download", args=[job.pk]) in done
    download = client.get(reverse("proposals:review:export_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()


def test_a_job_is_its_requesters_own(world, round_, client_for):
    from strategies.models import Role

    job = exports.export_job_create(user=world.reviewer, blueprints=[round_.surat.pk])
    colleague = factories.UserFactory(username="colleague")
    factories.MembershipFactory(user=colleague, organisation=world.opdc, role=Role.REVIEWER)
    client = client_for(colleague)
    assert client.get(job.get_absolute_url()).status_code == 404
    url = reverse("proposals:review:export_download", args=[job.pk])
    assert client.get(url).status_code == 404
    assert client_for(world.admin).get(job.get_absolute_url()).status_code == 200


def test_a_failed_job_can_be_retried(world, round_, client_for, monkeypatch):
    job = exports.export_job_create(user=world.reviewer, blueprints=[round_.surat.pk])

    def broken(snapshot):
        raise RuntimeError("WeasyPrint exploded")

    monkeypatch.setattr(archive, "render_submission", broken)
    with pytest.raises(RuntimeError):
        exports.export_job_step(job_id=str(job.pk), task_id="t", after=job.task_id)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "WeasyPrint exploded" in job.error
    assert (
        "WeasyPrint exploded"
        in client_for(world.reviewer).get(job.get_absolute_url()).content.decode()
    )
    monkeypatch.undo()
    response = client_for(world.reviewer).post(
        reverse("proposals:review:export_retry", args=[job.pk])
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED


def test_a_tampered_archive_fails_the_export_and_nothing_is_served(world, round_):
    """The SHA-256 re-check through the batch export (issue 23): one archived PDF changed
    behind the application's back fails the whole job with a Thai message; no ZIP."""
    from django.test import Client

    from tests.pdf.test_views import tamper_archive

    archived = archive.archive_for(round_.chumphon.snapshots.get())
    tamper_archive(archived)
    job = exports.export_job_create(
        user=world.reviewer,
        blueprints=[round_.chumphon.pk, round_.surat.pk],
        title="ทั้งสองจังหวัด",
    )
    with pytest.raises(archive.ArchiveCorrupted):  # the task fails too (logged, retried)
        exports.export_job_step(job_id=str(job.pk), task_id="t1", after="")
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert exports.archive_path(job) is None
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.reviewer)
    page = client.get(reverse("proposals:review:export_detail", args=[job.pk])).content.decode()
    assert "ไม่ตรงกับค่า SHA-256" in page
    download = client.get(reverse("proposals:review:export_download", args=[job.pk]))
    assert download.status_code == 404
