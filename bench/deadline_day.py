"""Deadline day under load: how many people at once does each database serve?

    make bench-load                                  # SQLite, then a throwaway PostgreSQL
    .venv/bin/python bench/deadline_day.py           # DATABASE_URL, or a temporary SQLite file
    .venv/bin/python bench/deadline_day.py --quick   # a smoke run (2 provinces, short steps)

Bounded (at most ``len(--steps)`` × (``--ramp-seconds`` + ``--step-seconds``) of load,
under 6 minutes by default, after seeding), on loopback only, not run in CI. Steps:

1. A fresh database (a temporary SQLite file unless ``DATABASE_URL`` is set) with the
   national dataset (``proposals.demo.national``, what ``manage.py seed_national`` builds:
   75 provinces, ~5,000 people, ~390 Blueprints, ~100,000 comments).
2. From it, who plays whom (``plan.json``): each province's strategy editors with
   their working Blueprint and the rows each changes (no two virtual people share a
   row), the contributors of the agencies its sections are assigned to with theirs, the
   Blueprints waiting for the governor's approval, twenty OPDC reviewers and the
   dashboard's filters.
3. gunicorn (``--workers`` processes × ``--threads`` threads, gthread, DEBUG off) and
   the background worker (``manage.py review_worker``: the PDFs the requests hand over).
4. Locust, as a library in a process of its own (``bench/deadline_users.py``): a rising
   number of virtual people (``--steps``), each logging in through the login form and
   following the script of its role with 1–3 s of think time between clicks; the run
   stops after the first step whose interactive p95 passes ``--p95-ms`` (500).
5. The report — per kind of request, requests/s, p50/p95/p99 and failures for every
   step, the machine's load average, the server log's errors — printed and written to
   ``bench/results/deadline-day-<db>-<timestamp>.md`` and ``deadline-day-latest.md``.

The figures depend on the machine: record what else was running (the load average is
in the report). Exit status 1 when no step was served with p95 < ``--p95-ms`` and no
failures.
"""

import argparse
import collections
import contextlib
import datetime
import gc
import io
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))

import deadline_costs  # noqa: E402
from run import BENCH_ENV, database_label, free_port, wait_for  # noqa: E402

# Kinds of rows the strategy office changes (no agency is assigned these sections, so
# nobody else edits them); contributors change rows of the sections assigned to them.
EDITOR_KINDS = ("risk", "factor")
CONTRIBUTOR_KINDS = ("change", "readiness")
PDF_KINDS = {"draft PDF"}


def setup_django(tmp: Path) -> None:
    os.environ.update(BENCH_ENV)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'deadline.sqlite3'}")
    os.environ.update(
        {
            "DJANGO_PDF_CACHE_DIR": str(tmp / "pdf-cache"),
            "DJANGO_PDF_LOCK_DIR": str(tmp / "pdf-locks"),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --------------------------------------------------------------------------
# The data, and who plays whom
# --------------------------------------------------------------------------


def seed(provinces: int, scale: float) -> tuple[float, dict]:
    from django.core.management import call_command

    from proposals.demo import national

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    summary = national.seed(provinces=provinces, scale=scale)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    gc.collect()
    return time.perf_counter() - started, dict(summary.counts)


def text_fields(kind) -> list[str]:
    return [
        name
        for name in kind.fields
        if kind.model._meta.get_field(name).get_internal_type() == "TextField"
    ]


def rows_of(kind, blueprint) -> list[int]:
    return list(
        kind.model.objects.filter(**{kind.blueprint_field: blueprint})
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def build_plan() -> dict:
    """Who plays whom, from the seeded database."""
    from proposals import excel_sheets
    from proposals.demo import national
    from proposals.models import Blueprint, BlueprintStatus, Section
    from proposals.rows import KINDS
    from strategies.models import Membership, Organisation, OrganisationKind, Role

    editors, contributors = [], []
    provinces = Organisation.objects.filter(
        kind=OrganisationKind.PROVINCE, code__startswith=national.PREFIX
    ).order_by("pk")
    by_round = collections.defaultdict(list)  # editor number → entries (one per province)
    contributor_rounds = collections.defaultdict(list)
    for province in provinces:
        blueprints = Blueprint.objects.filter(province=province).order_by("issue__number")
        working = blueprints.filter(status=BlueprintStatus.CONSULTATION).first()
        if working is None:
            continue
        to_submit = list(
            blueprints.filter(status=BlueprintStatus.PROVINCIAL_REVIEW).values_list("pk", flat=True)
        )
        people = list(
            Membership.objects.filter(organisation=province, role=Role.EDITOR)
            .order_by("user__username")
            .values_list("user__username", flat=True)
        )
        rows = [(key, pk) for key in EDITOR_KINDS for pk in rows_of(KINDS[key], working)]
        for number, username in enumerate(people):
            mine = rows[number :: len(people)]
            if not mine:
                continue
            by_round[number].append(
                {
                    "username": username,
                    "province": province.code,
                    "blueprint": working.pk,
                    "section": "risks",
                    "rows": mine,
                    "text_fields": sorted({f for k in EDITOR_KINDS for f in text_fields(KINDS[k])}),
                    "to_submit": to_submit if number == 0 else [],
                }
            )
        sections = Section.objects.filter(
            blueprint=working,
            assignee__isnull=False,
            key__in=[KINDS[k].section for k in CONTRIBUTOR_KINDS],
        ).order_by("key")
        taken = 0
        for section in sections:
            kinds = [k for k in CONTRIBUTOR_KINDS if KINDS[k].section == section.key]
            rows = [(k, pk) for k in kinds for pk in rows_of(KINDS[k], working)]
            members = list(
                Membership.objects.filter(organisation=section.assignee_id, role=Role.CONTRIBUTOR)
                .order_by("user__username")
                .values_list("user__username", flat=True)
            )
            for number, username in enumerate(members):
                mine = rows[number :: len(members)]
                if not mine:
                    continue
                contributor_rounds[taken].append(
                    {
                        "username": username,
                        "province": province.code,
                        "blueprint": working.pk,
                        "section": section.key,
                        "rows": mine,
                        "text_fields": sorted(
                            {f for k in CONTRIBUTOR_KINDS for f in text_fields(KINDS[k])}
                        ),
                    }
                )
                taken += 1
    # Province after province first: the tenth virtual editor is province 10's.
    for number in sorted(by_round):
        editors.extend(by_round[number])
    for number in sorted(contributor_rounds):
        contributors.extend(contributor_rounds[number])
    # Nobody changes the same row twice over in one run: a contributor's rows are his.
    seen = set()
    for entry in contributors:
        entry["rows"] = [r for r in entry["rows"] if tuple(r) not in seen]
        seen.update(tuple(r) for r in entry["rows"])
    contributors = [c for c in contributors if c["rows"]]

    reviewers = list(
        Membership.objects.filter(organisation__kind=OrganisationKind.OPDC, role=Role.REVIEWER)
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
    clusters = list(
        Organisation.objects.filter(kind=OrganisationKind.CLUSTER).values_list("pk", flat=True)[:5]
    )
    regions = sorted(set(provinces.exclude(region="").values_list("region", flat=True).distinct()))[
        :4
    ]
    filters = (
        [["status", s] for s in ("submitted", "returned", "accepted", "approved")]
        + [["region", r] for r in regions]
        + [["cluster", str(c)] for c in clusters]
        + [["q", q] for q in ("เกษตรกร", "ท่องเที่ยว", "ตลาด")]
        + [["sort", s] for s in ("province", "-submitted", "status")]
        + [["page", "2"], ["overdue", "1"]]
    )
    submitted = list(
        Blueprint.objects.filter(submitted_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return {
        "password": national.PASSWORD,
        "editors": editors,
        "contributors": contributors,
        "reviewers": [{"username": name} for name in reviewers],
        "filters": filters,
        "submitted": submitted,
        # Where a contributor's row is in the agency workbook (proposals/excel_sheets.py):
        # (sheet title, text column, 1-based). The workbook holds the sheets of the
        # sections assigned to the agency only.
        "workbook_cells": {
            spec.key: [spec.title, column]
            for spec, column in ((excel_sheets.CHANGES, 5), (excel_sheets.READINESS, 6))
        },
    }


# --------------------------------------------------------------------------
# The servers and the load
# --------------------------------------------------------------------------


def start_servers(args, tmp: Path, port: int) -> tuple[list, Path]:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=os.environ.copy(), check=True,
    )  # fmt: skip
    log_path = tmp / "gunicorn.log"
    log = open(log_path, "w")  # noqa: SIM115 — open while the servers run
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"), "blueprint_site.wsgi",
        "--workers", str(args.workers), "--worker-class", "gthread",
        "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
        "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    worker = [sys.executable, "manage.py", "review_worker", "--interval", "0.5"]
    processes = [
        subprocess.Popen(gunicorn, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log),
        subprocess.Popen(worker, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log),
    ]
    wait_for(port, "/bench/ping/")
    return processes, log_path


# Where the web processes' CPU time goes: each sampled stack is put in the category of
# its deepest frame that matches (file path fragments).
CATEGORIES = [
    ("PDF rendering (WeasyPrint)", ("weasyprint", "pydyf", "fontTools", "pyphen", "tinycss2")),
    ("password hashing (PBKDF2, login)", ("hashers.py", "hashlib")),
    ("Excel (openpyxl)", ("openpyxl", "xlsx")),
    ("Thai word segmentation (PyThaiNLP)", ("pythainlp",)),
    ("database driver (psycopg / sqlite3)", ("psycopg", "sqlite3")),
    ("templates (Django)", ("django/template", "crispy_forms")),
    ("ORM: building queries, rows to objects", ("django/db",)),
]


def spy_start(pid: int, path: Path):
    """py-spy sampling the gunicorn processes (CPU only), if installed; else None."""
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.exists():
        return None
    command = [str(spy), "record", "--pid", str(pid), "--subprocesses", "--rate", "40",
               "--format", "raw", "--output", str(path), "--nonblocking"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def spy_stop(spy, path: Path) -> dict | None:
    if spy is None:
        return None
    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(timeout=60)
    except subprocess.TimeoutExpired:
        spy.kill()
    if not path.exists():
        return None
    categories, functions, total = collections.Counter(), collections.Counter(), 0
    root = str(ROOT)
    packages = {d.name for d in ROOT.iterdir() if (d / "__init__.py").exists()}
    for line in path.read_text(errors="replace").splitlines():
        stack, _sep, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count = int(count)
        frames = stack.split(";")
        total += count
        category = "other (Python, Django's request handling, our code)"
        for frame in reversed(frames):
            found = next((c for c, parts in CATEGORIES if any(p in frame for p in parts)), None)
            if found:
                category = found
                break
        categories[category] += count
        ours = {f for f in frames if f.split("(", 1)[-1].split("/", 1)[0] in packages
                and "middleware.py" not in f}  # fmt: skip
        for frame in ours:
            functions[re.sub(r":\d+\)$", ")", frame.replace(root + "/", ""))] += count
    return {"total": total, "categories": categories, "functions": functions}


def stop(processes: list) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def run_load(args, plan_path: Path, port: int, out: Path) -> list[dict]:
    command = [
        sys.executable, str(ROOT / "bench" / "deadline_users.py"),
        "--host", f"http://127.0.0.1:{port}", "--plan", str(plan_path),
        "--steps", args.steps, "--step-seconds", str(args.step_seconds),
        "--ramp-seconds", str(args.ramp_seconds), "--p95-ms", str(args.p95_ms),
        "--out", str(out),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    return json.loads((out / "steps.json").read_text())


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def server_errors(log_path: Path) -> dict:
    text = log_path.read_text(errors="replace")
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database is locked": len(re.findall("database is locked", text)),
        "deadlock": len(re.findall("deadlock detected", text)),
        "worker timeout": len(re.findall("WORKER TIMEOUT", text)),
        "tail": text[-4000:],
    }


def held(steps: list[dict], p95_ms: float) -> int:
    """The largest number of people served with interactive p95 < p95_ms and no failures."""
    good = [
        s["users"]
        for s in steps
        if s["interactive"]["p95"] < p95_ms and s["interactive"]["failures"] == 0
        and not any(k.get("failures") for k in s["kinds"].values())
    ]  # fmt: skip
    return max(good, default=0)


def report(args, label, counts, seeding, plan, steps, errors, profile, costs, load_before) -> str:
    now = datetime.datetime.now(datetime.UTC)
    lines = [f"# Deadline day under load — {label} — {now:%Y-%m-%d %H:%M} UTC", ""]
    holds = held(steps, args.p95_ms)
    lines += [
        f"**{label} holds {holds} concurrent people** with p95 < {args.p95_ms:.0f} ms over the "
        "interactive requests (every kind but the draft PDF render) and no failed request.",
        "",
        f"- Machine: {platform.node()}, {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}; load average before seeding {load_before}: the load "
        "average at the start and end of each step is in the table (above the bench's own "
        "processes, it is other work on the machine).",
        f"- Server: gunicorn {args.workers} workers × {args.threads} threads (gthread), DEBUG "
        "off, on 127.0.0.1, with the background worker (`review_worker`) for the PDFs the "
        "requests hand over. Load: Locust (`bench/deadline_users.py`), in its own process on "
        "the same machine.",
        f"- Data: {', '.join(f'{v:,} {k}' for k, v in counts.items() if k in KEEP_COUNTS)} "
        f"(seeded in {seeding:.0f} s).",
        f"- People: {len(plan['editors'])} strategy editors, {len(plan['contributors'])} agency "
        f"contributors, {len(plan['reviewers'])} OPDC reviewers available; virtual people are "
        "4 editors : 4 contributors : 2 reviewers, each logs in through the login form (CSRF) "
        "and clicks every 1–3 s (think time). What a click does is drawn by weight — "
        "editors: edit a row and reload the Blueprint 16, open the Blueprint 10, the desk 6, "
        "a comment 6, a draft PDF 2, approve and submit a Blueprint 1 (once), log out and in "
        "again 1; contributors: edit and reload 12, Blueprint 10, desk 6, comment 6, the "
        "workbook (download, upload, preview, confirm) 2, log in again 1; reviewers: the "
        "dashboard filtered 10, unfiltered 6, a review page 6, log in again 1.",
        f"- Steps: {args.ramp_seconds:.0f} s ramp (not counted), then {args.step_seconds:.0f} s "
        f"measured; the run stops after the first step over {args.p95_ms:.0f} ms (at the "
        "earliest after the third).",
        "",
        "## Steps",
        "",
        "| people | load avg (1 min) | requests/s | p50 ms | p95 ms | p99 ms | failures | "
        "draft PDF p95 ms | PDFs handed to the worker |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in steps:
        i = s["interactive"]
        pdf = s["kinds"].get("draft PDF", {})
        handed = s["kinds"].get("draft PDF handed to the worker", {}).get("count", 0)
        lines.append(
            f"| {s['users']} | {s['loadavg_before'][0]:.1f} → {s['loadavg_after'][0]:.1f} "
            f"| {i['rps']:.1f} | {i['p50']:.0f} | {i['p95']:.0f} | {i['p99']:.0f} "
            f"| {i['failures']} | {pdf.get('p95', 0):.0f} | {handed} |"
        )
    lines += [
        "",
        "## What each kind of request costs the server",
        "",
        "In-process (`bench/deadline_costs.py`, `django.test.Client`, DEBUG off, before the "
        "load): median CPU time of the request's own thread (little disturbed by the "
        "machine's other work, unlike the latencies below) and the number of queries.",
        "",
        "| request | CPU ms | queries | answers |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, cost in sorted(costs.items(), key=lambda item: -item[1]["cpu_ms"]):
        lines.append(
            f"| {name} | {cost['cpu_ms']:.0f} | {cost['queries']:.0f} "
            f"| {', '.join(map(str, cost['statuses']))} |"
        )
    demand = cpu_demand(steps, costs)
    if demand:
        with_pdf, without_pdf = demand
        cores = os.cpu_count() or 1
        lines += [
            "",
            f"CPU the virtual people ask of the server, from these costs and the mix they made: "
            f"about {with_pdf:.0f} ms of CPU per person per second with the draft PDFs, "
            f"{without_pdf:.0f} ms without. {cores} cores give {1000 * cores:,} ms a second: "
            f"with the machine to itself, the server would be saturated at about "
            f"**{1000 * cores / with_pdf:.0f} people** (about {1000 * cores / without_pdf:.0f} "
            "if PDFs were rendered elsewhere) — an estimate that ignores the database "
            "server's and Locust's own CPU, counts only the kinds measured above, and takes "
            "the clicks per person of this run (people who wait less click more).",
        ]
    lines += ["", "## Per kind of request", ""]
    for s in steps:
        lines += [
            f"### {s['users']} people",
            "",
            "| request | count | req/s | p50 ms | p95 ms | p99 ms | max ms | failures |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, k in sorted(s["kinds"].items(), key=lambda item: -item[1].get("p95", 0)):
            if k.get("note"):
                continue
            lines.append(
                f"| {name} | {k['count']} | {k['rps']:.2f} | {k['p50']:.0f} | {k['p95']:.0f} "
                f"| {k['p99']:.0f} | {k['max']:.0f} | {k['failures']} |"
            )
        if s["errors"]:
            lines += ["", "Failures:", ""]
            lines += [f"- {what}: {n}" for what, n in s["errors"].items()]
        lines.append("")
    lines += [
        "## Server log",
        "",
        f"Tracebacks: {errors['tracebacks']}; 'database is locked': "
        f"{errors['database is locked']}; deadlocks: {errors['deadlock']}; gunicorn worker "
        f"timeouts: {errors['worker timeout']}.",
        "",
    ]
    if errors["tracebacks"] or errors["worker timeout"]:
        lines += ["```", errors["tail"][-2500:], "```", ""]
    if profile and profile["total"]:
        total = profile["total"]
        lines += [
            "## Where the web processes' CPU goes",
            "",
            f"py-spy, sampling the gunicorn workers' running threads over all the steps "
            f"({total:,} samples at 40 Hz; waiting on the database or the network is not "
            "counted). Each sample goes to the category of its deepest matching frame.",
            "",
            "| category | share |",
            "| --- | ---: |",
        ]
        for name, count in profile["categories"].most_common():
            lines.append(f"| {name} | {100 * count / total:.1f} % |")
        lines += ["", "Our functions on the stack (inclusive share, top 20):", ""]
        lines += ["| function | share |", "| --- | ---: |"]
        for name, count in profile["functions"].most_common(20):
            lines.append(f"| `{name}` | {100 * count / total:.1f} % |")
        lines.append("")
    return "\n".join(lines)


def cpu_demand(steps: list[dict], costs: dict) -> tuple[float, float] | None:
    """CPU ms per virtual person per second (with and without the PDFs), over the steps."""
    with_pdf = without_pdf = person_seconds = 0.0
    for step in steps:
        person_seconds += step["users"] * step["seconds"]
        for name, kind in step["kinds"].items():
            cost = costs.get(name)
            if cost is None or kind.get("note"):
                continue
            cpu = kind["count"] * cost["cpu_ms"]
            with_pdf += cpu
            if name not in PDF_KINDS:
                without_pdf += cpu
    if not person_seconds or not with_pdf:
        return None
    return with_pdf / person_seconds, without_pdf / person_seconds


KEEP_COUNTS = ("Organisation", "User", "Blueprint", "Comment", "Revision")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--provinces", type=int, help="Provinces of the national dataset (all 75 of 2548)."
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--steps", default="1,2,5,10,20,40,80,160")
    parser.add_argument("--step-seconds", type=float, default=35)
    parser.add_argument("--ramp-seconds", type=float, default=8)
    parser.add_argument("--p95-ms", type=float, default=500)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (2).")
    parser.add_argument("--threads", type=int, default=4, help="Threads per process (4).")
    parser.add_argument("--quick", action="store_true", help="Smoke run: tiny data, short steps.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    parser.add_argument("--no-spy", action="store_true", help="Do not sample with py-spy.")
    args = parser.parse_args()
    if args.quick:
        args.provinces, args.scale, args.steps = 3, 0.3, "2,4"
        args.step_seconds, args.ramp_seconds = 10, 3

    tmp = Path(tempfile.mkdtemp(prefix="deadline-day-"))
    processes = []
    try:
        load_before = " ".join(f"{value:.1f}" for value in os.getloadavg())
        setup_django(tmp)
        if args.provinces is None:
            from proposals.demo.national import PROVINCES

            args.provinces = len(PROVINCES)
        print(f"Seeding {args.provinces} provinces in {tmp} …", flush=True)
        seeding, counts = seed(args.provinces, args.scale)
        label = database_label()
        plan = build_plan()
        plan_path = tmp / "plan.json"
        plan_path.write_text(json.dumps(plan, ensure_ascii=False))
        print("Measuring each kind of request in-process (CPU time, queries) …", flush=True)
        with contextlib.redirect_stdout(io.StringIO()):  # e-mails on the console backend
            costs = deadline_costs.measure(plan, rounds=1 if args.quick else 3)
        from django.db import connections

        connections.close_all()
        port = free_port()
        processes, log_path = start_servers(args, tmp, port)
        print(f"{label}: gunicorn on 127.0.0.1:{port}; steps {args.steps}", flush=True)
        spy = spy_start(processes[0].pid, tmp / "py-spy.txt") if not args.no_spy else None
        steps = run_load(args, plan_path, port, tmp / "locust")
        profile = spy_stop(spy, tmp / "py-spy.txt")
        stop(processes)
        processes = []
        errors = server_errors(log_path)
        text = report(
            args, label, counts, seeding, plan, steps, errors, profile, costs, load_before
        )
        db = "postgresql" if label.startswith("PostgreSQL") else "sqlite"
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        name = f"deadline-day-{db}{'-quick' if args.quick else ''}"
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{name}-{stamp}.md").write_text(text + "\n")
        (RESULTS / f"{name}-latest.md").write_text(text + "\n")
        if not args.quick:  # both databases' latest runs, side by side
            both = [RESULTS / f"deadline-day-{d}-latest.md" for d in ("sqlite", "postgresql")]
            (RESULTS / "deadline-day-latest.md").write_text(
                "\n".join(path.read_text() for path in both if path.exists())
            )
        csv_dir = RESULTS / f"{name}-{stamp}-csv"
        csv_dir.mkdir()
        for path in sorted((tmp / "locust").glob("step-*.csv")):
            shutil.copy(path, csv_dir / path.name)
        print("\n" + text)
        print(f"\nWritten to bench/results/{name}-{stamp}.md")
        return 0 if held(steps, args.p95_ms) else 1
    finally:
        stop(processes)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
