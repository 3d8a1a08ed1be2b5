"""pytest plugin for the mutation runs (tools/mutation.py): one SQLite test database in a file,
kept between pytest sessions (with --reuse-db), so a mutant's run does not build the schema again.

mutmut runs each mutant's tests in a fresh pytest session forked from its main process; with
the default in-memory test database every session would run all migrations first.

With several mutants tried at once (``--children``), each session works on its own copy of
that file: SQLite lets one writer at a time, and a test waiting for another mutant's lock
would fail — a kill the mutant did not earn.
"""

import os
import shutil


def pytest_configure(config):
    from django.conf import settings

    path = os.environ.get("MUTATION_TEST_DB")
    database = settings.DATABASES["default"]
    if not path or database["ENGINE"] != "django.db.backends.sqlite3":
        return
    if os.path.exists(path):
        own = f"{path}.{os.getpid()}"
        shutil.copyfile(path, own)
        config._mutation_db_copy = own
        path = own
    database.setdefault("TEST", {})["NAME"] = path


def pytest_unconfigure(config):
    own = getattr(config, "_mutation_db_copy", None)
    if own:
        for name in (own, f"{own}-wal", f"{own}-shm"):  # SQLite's journal beside it
            if os.path.exists(name):
                os.remove(name)
