"""Every way data leaves the app is in the audit log: who, what, when, from where."""

import pytest
from django.urls import reverse

from proposals.review import exports
from strategies.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def exported(user):
    return list(AuditEvent.objects.filter(action=AuditAction.EXPORTED, actor=user).order_by("pk"))


def test_each_download_and_export_is_recorded(
    world, round_, client_for, django_capture_on_commit_callbacks
):
    chumphon = round_.chumphon
    client = client_for(world.reviewer)
    downloads = [
        reverse("proposals:snapshot_pdf", args=[chumphon.pk, 1]),
        reverse("proposals:review:blueprint_json", args=[chumphon.pk]),
        reverse("proposals:review:data_export", args=["indicators", "csv"]) + "?fy=2548",
        reverse("proposals:review:data_export", args=["all", "xlsx"]) + "?fy=2548",
    ]
    for number, url in enumerate(downloads, start=1):
        assert client.get(url).status_code == 200
        event = exported(world.reviewer)[-1]
        assert len(exported(world.reviewer)) == number
        assert event.details["path"] == url.split("?")[0]
        assert event.ip_address == "127.0.0.1"
    assert exported(world.reviewer)[0].target_id == str(chumphon.pk)
    assert exported(world.reviewer)[0].details["sha256"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("proposals:review:exports"),
            {"scope": "selected", "blueprint": [chumphon.pk], "fy": 2548},
        )
    job = exports.ExportJob.objects.get()
    assert exported(world.reviewer)[-1].details == {
        "path": reverse("proposals:review:exports"),
        "format": "zip",
        "items": 1,
        "requested": True,
    }
    exports.export_job_step(job_id=str(job.pk), task_id="t", after=job.task_id)
    download = client.get(reverse("proposals:review:export_download", args=[job.pk]))
    b"".join(download.streaming_content)
    assert exported(world.reviewer)[-1].target_id == str(job.pk)
    assert len(exported(world.reviewer)) == len(downloads) + 2


def test_draft_pdf_and_excel_exports_are_recorded(world, round_, client_for):
    client = client_for(world.editor)
    assert client.get(reverse("proposals:pdf", args=[round_.draft.pk])).status_code == 200
    assert exported(world.editor)[-1].details["draft"] is True
    assert client.get(reverse("excel:plan_export", args=[world.plan.pk])).status_code == 200
    assert client.get(reverse("excel:blueprint_export", args=[round_.draft.pk])).status_code == 200
    assert len(exported(world.editor)) == 3


def test_a_refused_download_records_nothing(world, round_, client_for):
    client = client_for(world.stranger)
    assert (
        client.get(reverse("proposals:snapshot_pdf", args=[round_.chumphon.pk, 1])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("proposals:review:blueprint_json", args=[round_.chumphon.pk])
        ).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()
