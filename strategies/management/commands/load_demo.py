import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from strategies.demo import cascade as demo


class Command(BaseCommand):
    help = (
        "Load the Chumphon demo (example data from the seed document). Idempotent. "
        "Refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to load demo data (demo users have a known password). "
                "Use --force if this really is a throwaway database."
            )
        demo.load()
        self.stdout.write("Cascade, organisations and demo users loaded.")
        # Later parts of the product add their own demo content on top of the cascade.
        for module_name in settings_demo_loaders():
            module_path, function_name = module_name.rsplit(".", 1)
            loader = getattr(importlib.import_module(module_path), function_name)
            loader()
            self.stdout.write(f"{module_name}: loaded.")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Users' password: {demo.DEMO_PASSWORD}"))


def settings_demo_loaders():
    return getattr(settings, "DEMO_LOADERS", [])
