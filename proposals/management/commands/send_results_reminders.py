"""Remind agencies of quarterly results due within three days, and tell the strategy office
of overdue ones. Run once a day, before the digest."""

from django.core.management.base import BaseCommand

from proposals.monitoring.reminders import results_reminders_send


class Command(BaseCommand):
    help = (
        "Notify agencies whose quarterly results are due within 3 days, and the strategy "
        "office of overdue ones."
    )

    def handle(self, *args, **options):
        written = results_reminders_send()
        self.stdout.write(f"{written} notification(s) written.")
