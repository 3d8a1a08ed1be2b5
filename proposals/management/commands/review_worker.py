"""The background worker of the review workspace: ``manage.py review_worker``.

It is django-tasks-db's ``db_worker`` (same options: ``--batch``, ``--max-tasks``,
``--interval``, ``--queue-name``…), run after handing every batch PDF export whose
task died with a previous worker (killed, crashed, machine restarted) to a new task,
so that the export resumes where it stopped. Run one or more of these next to the
web processes (e.g. as a systemd service).

It also renders the draft PDFs too large for a request (:mod:`proposals.pdf.drafts`).
PDF work is all CPU: the worker lowers its own priority (``--nice``, default 10) so
that on a machine it shares with the web processes, pages are answered first.

While it runs it writes its heartbeat to the database (:mod:`ops.heartbeat`), which the
health page (``/ops/health/``) reads.
"""

import os

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from ops.heartbeat import heartbeat_start
from proposals.review.exports import export_jobs_recover


class Command(DBWorkerCommand):
    help = "Run the background worker (resuming batch PDF exports a stopped worker left)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="Lower the worker's CPU priority by this much (0: leave it).",
        )

    def handle(self, *args, **options):
        if options["nice"] > 0:
            os.nice(options["nice"])
        restarted = export_jobs_recover()
        if restarted and options.get("verbosity", 1):
            self.stdout.write(f"Resumed {restarted} interrupted PDF export(s).")
        heartbeat_stop = heartbeat_start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat_stop()
