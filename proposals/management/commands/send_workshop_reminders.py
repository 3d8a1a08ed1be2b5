"""Remind the people invited to a workshop the day before. Run once a day, before the digest."""

from django.core.management.base import BaseCommand

from proposals.participation.workshop_reminders import workshop_reminders_send


class Command(BaseCommand):
    help = "Notify the people invited to each workshop that starts tomorrow (once each)."

    def handle(self, *args, **options):
        written = workshop_reminders_send()
        self.stdout.write(f"{written} reminder(s) written.")
