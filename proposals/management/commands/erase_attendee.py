"""Erase a person's data from every workshop they were invited to (a PDPA request)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from proposals.participation.privacy import erase_invitees, invitees_of_person


class Command(BaseCommand):
    help = (
        "Erase a workshop attendee's personal data (name, position, account link) everywhere, "
        "keeping their organisation and attendance so the records stay true."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="the attendee's account")
        parser.add_argument("--name", default="", help="the name as recorded (exact)")
        parser.add_argument(
            "--dry-run", action="store_true", help="only say how many invitations would change"
        )

    def handle(self, *args, username=None, name="", dry_run=False, **options):
        if not username and not name.strip():
            raise CommandError("Give --username or --name.")
        user = None
        if username:
            try:
                user = get_user_model().objects.get(username=username)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"No account {username!r}.") from error
        invitees = list(invitees_of_person(user=user, name=name))
        if dry_run:
            self.stdout.write(f"{len(invitees)} invitation(s) would be erased.")
            return
        count = erase_invitees(actor=None, invitees=invitees)
        self.stdout.write(f"Erased the personal data of {count} invitation(s).")
