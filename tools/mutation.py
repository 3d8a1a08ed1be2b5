"""Mutation testing of the modules that hold the product's promises (issue 23), with mutmut.

    .venv/bin/python tools/mutation.py                 # every module below, one after another
    .venv/bin/python tools/mutation.py privacy fetcher  # only these
    .venv/bin/python tools/mutation.py --list

Each module runs in its own work directory, var/mutation/<name>/, with its own mutmut
configuration: the one source file to mutate and only the test files that exercise it (never
the whole suite per mutant). mutmut copies the project into var/mutation/<name>/mutants/, runs
the selected tests once to learn which test reaches which function, then runs, for each mutant,
only the tests that reach the mutated function (stopping at the first failure), one mutant at a
time. Results are kept: a second run only tries mutants that have no result yet (delete the
work directory to start again). Each module's run is bounded by --timeout seconds.

After the run the driver prints, per module, the mutants killed, survived, timed out and not
reached by any selected test ("no tests"), and writes the surviving ones' diffs to
var/mutation/<name>/survivors.txt. See `mutmut show NAME` in the work directory for one.

mutmut 3 does not mutate decorated functions. For the services, the driver lifts
``@transaction.atomic`` into a ``with transaction.atomic():`` around the function's body in
the copy it mutates (the same program: one transaction around the whole call), so the
services are counted; other decorated functions (properties) appear in no count.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"

# name: (file to mutate, test files that exercise it)
MODULES = {
    "privacy": (
        "proposals/participation/privacy.py",
        ["tests/participation/test_privacy.py"],
    ),
    "fetcher": ("proposals/pdf/fetcher.py", ["tests/pdf/test_fetcher.py"]),
    "archive": ("proposals/pdf/archive.py", ["tests/pdf/test_archive.py"]),
    "excel-safety": (
        "strategies/excel/safety.py",
        [
            "tests/excel/test_refusal_messages.py",
            "tests/excel/test_untrusted_xml.py",
            "tests/excel/test_upload_limit.py",
            "tests/excel/test_hostile.py",
            "tests/excel/test_cells.py",
        ],
    ),
    "proposals-access": (
        "proposals/access.py",
        ["tests/proposals/test_access_matrix.py", "tests/proposals/test_plan_access.py"],
    ),
    "strategies-access": (
        "strategies/access.py",
        ["tests/strategies/test_access_matrix.py", "tests/proposals/test_access_matrix.py"],
    ),
    # The scope and list filters the models use, moved out of the two access modules.
    "proposals-visibility": (
        "proposals/visibility.py",
        ["tests/proposals/test_access_matrix.py", "tests/proposals/test_plan_access.py"],
    ),
    "strategies-visibility": (
        "strategies/visibility.py",
        ["tests/strategies/test_access_matrix.py", "tests/proposals/test_access_matrix.py"],
    ),
    # PostgreSQL only: the stamps read xmin; on SQLite nothing is cached.
    "stamps": (
        "strategies/stamps.py",
        [
            "tests/strategies/test_stamps.py",
            "tests/proposals/test_page_cache.py",
            "tests/proposals/test_page_cache_complete.py",
        ],
    ),
    "page-cache": (
        "proposals/page_cache.py",
        ["tests/proposals/test_page_cache.py", "tests/proposals/test_page_cache_complete.py"],
    ),
    "snapshot": (
        "proposals/snapshot.py",
        ["tests/proposals/test_snapshot_schema.py", "tests/proposals/test_snapshot.py"],
    ),
    "content": (
        "proposals/services.py",
        [
            "tests/proposals/test_workflow.py",
            "tests/proposals/test_concurrency.py",
            "tests/proposals/test_history.py",
            "tests/proposals/test_bad_input.py",
            "tests/proposals/test_approved_edition.py",
            "tests/proposals/test_access_matrix.py",
            "tests/proposals/test_limits.py",
            "tests/proposals/test_partner_owners.py",
            "tests/participation/test_contribution_model.py",
        ],
    ),
    "workflow": (
        "proposals/workflow.py",
        [
            "tests/proposals/test_workflow.py",
            "tests/proposals/test_workflow_states.py",
            "tests/proposals/test_approved_edition.py",
            "tests/proposals/test_access_matrix.py",
            "tests/proposals/test_bad_input.py",
            "tests/review/test_answers.py",
            "tests/proposals/test_audit.py",
        ],
    ),
}

# The modules mutated with their tests run on PostgreSQL (a throwaway cluster for the run).
ON_POSTGRESQL = {"stamps", "page-cache"}
PG_PORT = "55436"

# What the copied project needs besides the packages mutmut copies as sources.
ALSO_COPY = ["blueprint_site", "ops", "templates", "locale", "static", "manage.py", "tools"]
SOURCES = ["strategies", "proposals"]


def _toml_list(items):
    return "[" + ", ".join(json.dumps(str(item)) for item in items) + "]"


class _LiftAtomic(cst.CSTTransformer):
    """``@transaction.atomic def f(): body`` -> ``def f(): with transaction.atomic(): body``."""

    ATOMIC = "transaction.atomic"

    def leave_FunctionDef(self, original, updated):
        atomic = [
            d
            for d in updated.decorators
            if cst.Module([]).code_for_node(d.decorator) == self.ATOMIC
        ]
        if not atomic:
            return updated
        statements = list(updated.body.body)
        docstring = []
        if statements and _is_docstring(statements[0]):
            docstring = [statements.pop(0)]
        block = cst.With(
            items=[cst.WithItem(cst.parse_expression(self.ATOMIC + "()"))],
            body=cst.IndentedBlock(body=statements),
        )
        return updated.with_changes(
            decorators=[d for d in updated.decorators if d not in atomic],
            body=updated.body.with_changes(body=[*docstring, block]),
        )


def _is_docstring(statement):
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def lift_atomic(source):
    return cst.parse_module(source).visit(_LiftAtomic()).code


def prepare(name):
    target, tests = MODULES[name]
    work = WORK / name
    work.mkdir(parents=True, exist_ok=True)
    source = (ROOT / target).read_text()
    lifted = lift_atomic(source)
    package = target.split("/")[0]
    for entry in SOURCES + ALSO_COPY + ["tests"]:
        link = work / entry
        if entry == package and lifted != source:
            # A copy of the package with the target's transactions lifted (see the docstring).
            if link.is_symlink():
                link.unlink()
            shutil.rmtree(link, ignore_errors=True)
            shutil.copytree(ROOT / entry, link, ignore=shutil.ignore_patterns("__pycache__"))
            (link / Path(target).relative_to(package)).write_text(lifted)
        elif not link.exists():
            link.symlink_to(ROOT / entry)
    pytest_options = (ROOT / "pyproject.toml").read_text().split("[tool.pytest.ini_options]")[1]
    pytest_options = pytest_options.split("\n[", 1)[0]
    (work / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]"
        + pytest_options
        + "\n[tool.mutmut]\n"
        + f"source_paths = {_toml_list(SOURCES)}\n"
        + f"only_mutate = {_toml_list([target])}\n"
        + f"also_copy = {_toml_list(ALSO_COPY)}\n"
        + f"pytest_add_cli_args_test_selection = {_toml_list(tests)}\n"
        + "pytest_add_cli_args = "
        + _toml_list(
            ["-p", "no:xdist", "-p", "no:randomly", "-p", "tools.mutation_db", "--reuse-db", "-q"]
        )
        + "\nuse_git_change_detection = false\n"
    )
    return work


SHOW_ALL = """
import sys
from mutmut.__main__ import find_mutant
from mutmut.mutation.diff_apply import get_diff_for_mutant
for name in sys.argv[1:]:
    print(f"# {name}: survived")
    print(get_diff_for_mutant(name, path=find_mutant(name).path))
    print()
"""


def results(work):
    """{mutant name: status}: what mutmut last recorded, over what the driver kept.

    A run of named mutants (``--rerun-survivors``) leaves every other mutant "not checked"
    in mutmut's records; the driver keeps each mutant's last result in
    ``var/mutation/<name>/results.json``, with a hash of the module it was measured on, so
    that a rerun does not forget the earlier kills and a changed module starts afresh."""
    out = subprocess.run(
        [MUTMUT, "results", "--all", "true"], cwd=work, capture_output=True, text=True
    ).stdout
    source = hashlib.sha256((work / MODULES[work.name][0]).read_bytes()).hexdigest()
    kept_file = work / "results.json"
    kept = json.loads(kept_file.read_text()) if kept_file.exists() else {}
    found = kept.get("results", {}) if kept.get("source") == source else {}
    for line in out.splitlines():
        if ":" in line:
            mutant, status = (part.strip() for part in line.rsplit(":", 1))
            if status != "not checked" or mutant not in found:
                found[mutant] = status
    if found:
        kept_file.write_text(json.dumps({"source": source, "results": found}, sort_keys=True))
    return found


def survivors(work, statuses=("survived",)):
    if not (work / "mutants").exists():
        return []
    return [mutant for mutant, status in results(work).items() if status in statuses]


def summarise(name, work):
    counts = {}
    for status in results(work).values():
        counts[status] = counts.get(status, 0) + 1
    # One process for all the diffs (`mutmut show NAME` per mutant takes seconds each).
    subprocess.run(
        [sys.executable, "-c", SHOW_ALL, *survivors(work)],
        cwd=work,
        stdout=open(work / "survivors.txt", "w"),
    )
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    tried = killed + counts.get("survived", 0)
    rate = f"{100 * killed / tried:.0f} %" if tried else "-"
    print(f"{name}: {rate} killed ({killed} of {tried}); " + json.dumps(counts, sort_keys=True))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="names (default: all)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per module")
    parser.add_argument(
        "--children", type=int, default=1, help="mutants tried at once (one per free core)"
    )
    parser.add_argument("--summary-only", action="store_true", help="no run, print results")
    parser.add_argument(
        "--rerun-survivors",
        action="store_true",
        help="try the surviving and untested mutants again (after new tests)",
    )
    parser.add_argument(
        "--unchecked", action="store_true", help="try only the mutants without a result yet"
    )
    args = parser.parse_args()
    if args.list:
        for name, (target, tests) in MODULES.items():
            print(f"{name:18} {target:40} {' '.join(tests)}")
        return
    names = args.modules or list(MODULES)
    for name in names:
        if name not in MODULES:
            sys.exit(f"unknown module {name!r}; --list shows them")
    for name in names:
        work = prepare(name)
        if not args.summary_only:
            env = dict(os.environ, MUTATION_TEST_DB=str(work / "mutants" / "test-db.sqlite3"))
            env.pop("DJANGO_DEBUG", None)
            (work / "mutants").mkdir(exist_ok=True)
            again = []  # (naming mutants runs only those: the untried ones are named too)
            if args.rerun_survivors:
                again = survivors(work, ("survived", "no tests", "not checked"))
            elif args.unchecked:
                again = survivors(work, ("not checked",))
            command = [
                "timeout",
                str(args.timeout),
                MUTMUT,
                "run",
                "--max-children",
                str(args.children),
                *again,
            ]
            if name in ON_POSTGRESQL:
                command = [str(ROOT / "tools" / "pg_throwaway.sh"), PG_PORT, *command]
            subprocess.run(command, cwd=work, env=env)
        summarise(name, work)


if __name__ == "__main__":
    main()
