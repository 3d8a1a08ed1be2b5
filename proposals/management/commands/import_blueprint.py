"""``manage.py import_blueprint FILE --user NAME``: a Blueprint PDF (or its JSON) back
into a new draft Blueprint. See :mod:`proposals.pdf.importer` for what maps to what."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from proposals.pdf import attach, importer
from strategies.models import StrategicIssue


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a Blueprint from its PDF (the attached blueprint.json) or from the JSON "
        "itself, as a new draft Blueprint created by --user."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A Blueprint PDF, or its JSON (snapshot schema).")
        parser.add_argument(
            "--user", required=True, help="Username of the person importing (their rights apply)."
        )
        parser.add_argument(
            "--issue",
            type=int,
            help="Target strategic issue id (default: found by province, plan and issue number).",
        )
        parser.add_argument(
            "--fiscal-year", type=int, help="Fiscal year B.E. (default: the data's)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, then roll back."
        )

    def handle(self, *args, **options):
        data = read_data(Path(options["file"]))
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"no user {options['user']!r}") from error
        issue = None
        if options["issue"]:
            issue = StrategicIssue.objects.filter(pk=options["issue"]).first()
            if issue is None:
                raise CommandError(f"no strategic issue {options['issue']}")
        try:
            with transaction.atomic():
                result = importer.blueprint_import(
                    user=user, data=data, issue=issue, fiscal_year=options["fiscal_year"]
                )
                self.report(result)
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
            return
        except importer.ImportRefused as error:
            raise CommandError(f"cannot import: {error}") from error
        except PermissionDenied as error:
            raise CommandError(
                f"{user.username} may not create Blueprints for this province"
            ) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported as Blueprint {result.blueprint.pk}: "
                f"{result.blueprint.get_absolute_url()}"
            )
        )

    def report(self, result):
        for what, count in sorted(result.created.items()):
            self.stdout.write(f"  {what}: {count}")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))


def read_data(path: Path) -> dict:
    """The snapshot dict in a Blueprint PDF or JSON file, or :class:`CommandError`."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error}") from error
    if content.startswith(b"%PDF-"):
        try:
            return attach.read_attachment(content)
        except attach.NoBlueprintData as error:
            raise CommandError(str(error)) from error
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path} is neither a Blueprint PDF nor JSON: {error}") from error
