"""Retry the notification e-mails that could not be sent (mail server down…).
Run every few minutes; it does nothing when everything went out."""

from django.core.management.base import BaseCommand

from proposals.participation.notifications import send_pending


class Command(BaseCommand):
    help = "Send the immediate notification e-mails that are still pending or failed."

    def handle(self, *args, **options):
        sent = send_pending()
        self.stdout.write(f"{sent} e-mail(s) sent.")
