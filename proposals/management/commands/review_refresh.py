"""``manage.py review_refresh`` — recompute the OPDC dashboard's figures of every Blueprint.

The services keep them current on every change made through a Blueprint; run this
after changes made elsewhere (an import, cascade rows edited on the action-plan pages)
or once after installing the review workspace (``--missing`` for Blueprints without
figures only).
"""

from django.core.management.base import BaseCommand

from proposals.review.digest import digest_refresh_all


class Command(BaseCommand):
    help = "Recompute the OPDC dashboard's completeness and search text of every Blueprint."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only Blueprints that have no figures yet."
        )

    def handle(self, *args, **options):
        count = digest_refresh_all(only_missing=options["missing"])
        self.stdout.write(f"Refreshed {count} Blueprint(s).")
