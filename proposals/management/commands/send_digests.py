"""Send the daily digest e-mail to everyone who chose it. Run once a day (see
proposals/participation/README.md for a cron line)."""

from django.core.management.base import BaseCommand

from proposals.participation.notifications import send_digests


class Command(BaseCommand):
    help = "E-mail each person who chose the daily digest their notifications not sent yet."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
