"""The batch ZIP carries each submission's attachments, in a folder per Blueprint, each
checked against the SHA-256 the submission recorded; a damaged file fails the job."""

import hashlib
import zipfile

import pytest

from proposals.models import Snapshot
from proposals.review import exports
from proposals.review.models import ExportStatus
from tests.attachments.conftest import PDF, png_bytes
from tests.attachments.test_attachments import attach, tamper
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    return tmp_path


def run_export(world, blueprint, capture):
    with capture(execute=True):
        job = exports.export_job_create(user=world.reviewer, blueprints=[blueprint.pk], title="t")
    job.refresh_from_db()
    return job


def test_the_zip_holds_each_attachment_in_the_blueprints_folder(
    world, complete_blueprint, django_capture_on_commit_callbacks
):
    minutes = attach(complete_blueprint, world.editor)
    advance(complete_blueprint, world.editor, "consult", "review", "approve")
    scan = png_bytes()
    attach(complete_blueprint, world.editor, kind="signed_approval", title="หน้าลงนาม",
           name="หน้าลงนาม.png", content=scan)  # fmt: skip
    advance(complete_blueprint, world.editor, "submit")
    job = run_export(world, complete_blueprint, django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.DONE
    snapshot = Snapshot.objects.get(blueprint=complete_blueprint)
    folder = exports.attachments_folder(snapshot)
    with zipfile.ZipFile(exports.archive_path(job)) as bundle:
        names = bundle.namelist()
        assert bundle.read(f"{folder}/{minutes.pk}_minutes.pdf") == PDF
        scans = [name for name in names if name.endswith("หน้าลงนาม.png")]
        assert len(scans) == 1 and scans[0].startswith(folder + "/")
        assert hashlib.sha256(bundle.read(scans[0])).hexdigest() == hashlib.sha256(scan).hexdigest()


def test_a_tampered_attachment_fails_the_export(
    world, complete_blueprint, django_capture_on_commit_callbacks
):
    stored = attach(complete_blueprint, world.editor)
    advance(complete_blueprint, world.editor, "consult", "review", "approve", "submit")
    tamper(stored)
    job = run_export(world, complete_blueprint, django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.FAILED
    assert "SHA-256" in job.error
    assert exports.archive_path(job) is None
