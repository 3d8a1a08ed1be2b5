"""pytest plugin for the mutation runs (tools/mutation.py): one SQLite test database in a file,
kept between pytest sessions (with --reuse-db), so a mutant's run does not build the schema again.

mutmut runs each mutant's tests in a fresh pytest session forked from its main process; with
the default in-memory test database every session would run all migrations first.
"""

import os


def pytest_configure(config):
    from django.conf import settings

    path = os.environ.get("MUTATION_TEST_DB")
    database = settings.DATABASES["default"]
    if path and database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = path
