from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.backup import BackupError, backup_restore
from strategies.audit import audit_record
from strategies.models import AuditAction


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into a fresh install: run `migrate` first. "
        "Refuses a database that already holds data and an archive whose hashes do not match."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)

    def handle(self, *args, source, **options):
        try:
            manifest = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit_record(actor=None, action=AuditAction.BACKUP, details={"restored": str(source)})
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows from {source} ({manifest['created_at']}).")
        )
