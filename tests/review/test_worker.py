"""The batch export runs in a real worker process (``manage.py review_worker``, django-tasks-db)
and survives the worker stopping — gracefully between tasks, or killed in the middle of one.

The worker is a separate process, so it must see the test's data:

- on **SQLite** pytest-django's test database lives in memory, invisible to another
  process. The test (``transaction=True``: the data is committed) copies it into a
  file with SQLite's online backup API, points the worker at that file with
  ``DATABASE_URL``, and copies the file back into the test database to check the
  outcome;
- on **PostgreSQL** the test database is a real database: the worker connects to it.
"""

import csv
import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from proposals.models import SubmissionPDF
from proposals.review import exports
from proposals.review.models import ExportJob, ExportStatus

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)


class WorkerDatabase:
    """The test database as the worker process sees it."""

    def __init__(self, tmp_path):
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.path = tmp_path / "worker.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )

    def push(self):
        """Make the test's data visible to the worker."""
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.path) as target:
                connection.connection.backup(target)

    def pull(self):
        """Bring what the worker wrote back into the test's database."""
        if self.sqlite:
            with sqlite3.connect(self.path) as source:
                source.backup(connection.connection)

    def job_state(self, job_id):
        """(status, done, running tasks), read without disturbing the test's connection."""
        if self.sqlite:
            with sqlite3.connect(self.path, timeout=10) as db:
                status, done = db.execute(
                    "SELECT status, done FROM proposals_exportjob WHERE id = ?",
                    [job_id.hex],
                ).fetchone()
                running = db.execute(
                    "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status = 'RUNNING'"
                ).fetchone()[0]
            return status, done, running
        from django_tasks_db.models import DBTaskResult

        job = ExportJob.objects.get(pk=job_id)
        return job.status, job.done, DBTaskResult.objects.filter(status="RUNNING").count()


def worker(database, media, *args, killed_mid_render=False):
    """Run the worker to its end. ``killed_mid_render``: the process is SIGKILLed as it
    starts rendering a PDF (``worker_killed_mid_render.py``)."""
    env = dict(
        os.environ,
        DATABASE_URL=database.url,
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_TESTING="1",
        DJANGO_DEBUG="0",
    )
    program = (
        [str(Path(__file__).with_name("worker_killed_mid_render.py"))]
        if killed_mid_render
        else ["manage.py"]
    )
    command = [
        sys.executable, *program, "review_worker", "--no-startup-delay", "--interval", "0.1",
        *args,
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    expected = -signal.SIGKILL if killed_mid_render else 0
    assert done.returncode == expected, done.stdout + done.stderr
    return done


@pytest.fixture
def no_archive_on_submit(monkeypatch):
    """Submissions here leave their PDF unarchived: the job must render it."""
    monkeypatch.setattr("proposals.pdf.archive.schedule_archive", lambda snapshot: None)


def test_export_runs_in_a_real_worker_and_survives_restarts(
    no_archive_on_submit, world, round_, tmp_path, settings
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    job = exports.export_job_create(
        user=world.reviewer, blueprints=[round_.chumphon.pk, round_.surat.pk], title="t",
        step_size=1,
    )  # fmt: skip
    assert ExportJob.objects.get(pk=job.pk).task_id  # enqueued on commit
    assert not SubmissionPDF.objects.exists()
    database = WorkerDatabase(tmp_path)
    database.push()

    # 1. A worker runs one task (one PDF) and stops, like a deploy between tasks.
    worker(database, media, "--batch", "--max-tasks", "1")
    status, done, running = database.job_state(job.pk)
    assert (status, done, running) == (ExportStatus.RUNNING, 1, 0)

    # 2. Another worker takes the next task and is killed while rendering the PDF.
    worker(database, media, "--batch", killed_mid_render=True)
    status, done, running = database.job_state(job.pk)
    assert (status, done, running) == (ExportStatus.RUNNING, 1, 1)  # orphaned mid-task

    # 3. A new worker finds the orphaned job, hands it to a new task and finishes it.
    output = worker(database, media, "--batch").stdout
    assert "Resumed 1 interrupted PDF export" in output
    database.pull()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (ExportStatus.DONE, 2, 2, 1)
    with zipfile.ZipFile(media / job.archive) as bundle:
        rows = list(csv.DictReader(io.StringIO(bundle.read("manifest.csv").decode("utf-8-sig"))))
        assert len(rows) == 2
        for row in rows:
            content = bundle.read(row["file"])
            archived = SubmissionPDF.objects.get(snapshot_id=row["snapshot_id"])
            assert hashlib.sha256(content).hexdigest() == row["sha256"] == archived.sha256
            assert bytes(archived.content) == content
