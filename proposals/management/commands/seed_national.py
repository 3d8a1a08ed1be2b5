"""``manage.py seed_national`` — a national dataset for measuring scale (proposals/demo).

    manage.py seed_national                      # the 75 provinces of B.E. 2548 at full size
    manage.py seed_national --provinces 10       # the first ten provinces
    manage.py seed_national --scale 0.1 --seed 7 # a tenth of the volumes per province

Provinces already in the database are skipped, so running it again with more provinces
adds the missing ones. Meant for benchmark and test databases, not production.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from proposals.demo import national


class Command(BaseCommand):
    help = "Build a realistic national dataset (provinces, agencies, people, Blueprints…)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces",
            type=int,
            default=len(national.PROVINCES),
            help=f"How many provinces (1–{len(national.PROVINCES)}; default all).",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies the volumes per province (agencies, people, rows, comments…).",
        )
        parser.add_argument("--seed", type=int, default=2548, help="Random seed (repeatable).")

    def handle(self, *args, **options):
        started = time.perf_counter()
        verbose = options["verbosity"] > 1

        def progress(number, name):
            if verbose:
                self.stdout.write(f"  province {number}: {name}")

        try:
            summary = national.seed(
                provinces=options["provinces"],
                scale=options["scale"],
                seed=options["seed"],
                progress=progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Built {summary.provinces} province(s) in {seconds:.1f} s "
            f"({summary.skipped} already present)."
        )
        for name, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {name}: {count:,}")
