"""The batch ZIP of OPDC's export holds each submission's covering letter next to its PDF."""

import hashlib

import pytest

from proposals.letters.models import SubmissionLetter
from proposals.review import exports
from proposals.review.models import ExportStatus
from tests.review.test_exports import IMMEDIATE, read_zip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_zip_holds_the_letter_next_to_the_blueprint(
    world, submitted_with_letter, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        job = exports.export_job_create(
            user=world.reviewer, blueprints=[submitted_with_letter.pk], title="t"
        )
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    rows, members = read_zip(job)
    [row] = rows
    assert row["letter_file"] == row["file"].removesuffix(".pdf") + "_letter.pdf"
    letter = members[row["letter_file"]]
    stored = SubmissionLetter.objects.get(snapshot__blueprint=submitted_with_letter)
    assert letter == bytes(stored.content)
    assert hashlib.sha256(letter).hexdigest() == row["letter_sha256"] == stored.sha256
