from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.backup import BackupError, backup_create
from strategies.audit import audit_record
from strategies.models import AuditAction


class Command(BaseCommand):
    help = "Back up the database (archived PDFs included) and media files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination", type=Path, help="e.g. backups/blueprint-2548-10-01.tar.gz"
        )

    def handle(self, *args, destination, **options):
        try:
            manifest = backup_create(destination=destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        audit_record(actor=None, action=AuditAction.BACKUP, details={"backup": str(destination)})
        rows = sum(manifest["counts"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {rows} rows and {files} media file(s) to {destination}.")
        )
