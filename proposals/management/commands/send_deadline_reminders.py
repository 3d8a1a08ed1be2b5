"""Tell agencies about sections due within three days. Run once a day, before the digest."""

from django.core.management.base import BaseCommand

from proposals.participation.reminders import deadline_reminders_send


class Command(BaseCommand):
    help = "Notify the people of each agency whose assigned section is due within 3 days."

    def handle(self, *args, **options):
        written = deadline_reminders_send()
        self.stdout.write(f"{written} reminder(s) written.")
