"""Benchmark the main pages at national scale: server time, queries, throughput, PDF.

    make bench                                   # on a throwaway PostgreSQL cluster
    .venv/bin/python bench/run.py [--quick]      # DATABASE_URL, or a temporary SQLite file
    .venv/bin/python bench/run.py --page traceability --no-http --no-pdf   # one page's figures

1. Seeds the national dataset (``proposals.demo.national``) with the first ``--small``
   provinces (default 10) and measures every main page as each role that uses it
   (strategy editor, agency contributor, OPDC reviewer): ``--requests`` requests
   (default 60) after a warm-up, in-process through ``django.test.Client``, taken
   round-robin over the pages; server time p50/p95 and the number of queries
   (``CaptureQueriesContext``).
2. Seeds up to ``--large`` provinces (default 75, the country of B.E. 2548; the goals
   are stated at 76) and measures again; prints the ratio
   of the p95s (large ÷ small). The pages measured are the same objects (province 1's)
   in both runs (``bench/pages.py``).
   At both sizes each page is also timed **cold**: every cache (each Django cache and
   each in-process memo of the site's modules) emptied before each request. With the
   large dataset, each page cache of ``strategies.caching.NAMES`` is then turned off in
   turn (the others warm) to show what it earns, and an **edit-then-view** mix runs:
   the editor and an agency contributor each save a row through its edit page (the
   form's POST) and open the Blueprint page right after.
3. Throughput of the Blueprint page under gunicorn (2 workers, gthread) with
   concurrent clients on loopback (threads of ``http.client`` with a signed-in session
   cookie), next to a trivial Django view (``/bench/ping/``, routed with
   ``DJANGO_BENCH=1``) in the same run; reports the ratio.
4. The PDF figures (``bench/pdf.py``, in its own process and SQLite database).

Prints a table and writes it to ``bench/results/<timestamp>.md`` and ``latest.md``.
Exit status 1 when a goal is missed (p95 < 100 ms on every page with the large
dataset, warm and cold, and for the save and the page after it; Blueprint-page
throughput ≥ 1/4 of the trivial view's, large p95 ≤ 1.5 × small).
``--quick`` is a smoke run: tiny datasets, few requests, short load, one PDF render.

The database must be empty (a fresh one, as ``make bench`` provides) or hold only a
dataset this script seeded: provinces already present are kept.
"""

import argparse
import datetime
import http.client
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

GOAL_P95_MS = 100.0
GOAL_THROUGHPUT_RATIO = 0.25
GOAL_SCALE_RATIO = 1.5

# Everything the web processes and this one need, production-like (DEBUG off, cached
# templates, manifest static files) but over plain HTTP on loopback.
BENCH_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_TESTING": "0",
    "DJANGO_BENCH": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "blueprint_site.settings",
}


def setup_django(sqlite_dir: str | None) -> None:
    os.environ.update(BENCH_ENV)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_dir}/bench.sqlite3"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --------------------------------------------------------------------------
# The pages
# --------------------------------------------------------------------------


@dataclass
class Measure:
    page: str
    role: str
    status: int
    queries: int
    p50: float
    p95: float
    times: list = field(default_factory=list, repr=False)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def clear_caches() -> None:
    """Empty every cache a request can be served from: each Django cache, and each
    in-process memo (``functools.cache``/``lru_cache``) of the site's own modules."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("proposals", "strategies", "blueprint_site"):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def clients_for(people: dict) -> dict:
    from django.test import Client

    clients = {}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def measure_pages(
    people: dict, pages: list, requests: int, warmup: int, *, cold: bool = False
) -> list[Measure]:
    """Each page's server time over ``requests`` requests. ``cold``: every cache is
    emptied before each request (outside the timing), as after a restart or a change
    to everything the page is made of; otherwise the caches are warm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clients = clients_for(people)
    if not cold:
        for page in pages:
            for _ in range(warmup):
                clients[page.role].get(page.url)
    # Round-robin over the pages, as a server sees mixed traffic: a burst of noise from
    # the machine's neighbours lands on a request of every page, not on one page's run.
    times = {index: [] for index in range(len(pages))}
    for _ in range(requests):
        for index, page in enumerate(pages):
            if cold:
                clear_caches()
            started = time.perf_counter()
            clients[page.role].get(page.url)
            times[index].append((time.perf_counter() - started) * 1000)
    results = []
    for index, page in enumerate(pages):
        client = clients[page.role]
        if cold:
            clear_caches()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.url)
        results.append(
            Measure(
                page=page.name,
                role=page.role,
                status=response.status_code,
                queries=len(ctx.captured_queries),
                p50=statistics.median(times[index]),
                p95=percentile(times[index], 0.95),
                times=times[index],
            )
        )
    return results


def dataset_counts() -> dict:
    from django.contrib.auth import get_user_model

    from proposals.models import Blueprint, Revision
    from proposals.participation.models import Comment, Workshop
    from strategies.models import Organisation, OrganisationKind

    return {
        "provinces": Organisation.objects.filter(kind=OrganisationKind.PROVINCE).count(),
        "line agencies": Organisation.objects.filter(kind=OrganisationKind.LINE_AGENCY).count(),
        "users": get_user_model().objects.count(),
        "Blueprints": Blueprint.objects.count(),
        "comments": Comment.objects.count(),
        "revisions": Revision.objects.count(),
        "workshops": Workshop.objects.count(),
    }


def main_pages(names: str | None = None):
    """The people and pages of :func:`bench.pages.main_pages`; only those called one of
    ``names`` (comma-separated) when given."""
    from bench.pages import main_pages

    people, pages = main_pages()
    if names:
        wanted = {name.strip() for name in names.split(",")}
        unknown = wanted - {page.name for page in pages}
        if unknown:
            raise SystemExit(f"no such page: {', '.join(sorted(unknown))}")
        pages = [page for page in pages if page.name in wanted]
    return people, pages


@dataclass
class Mix:
    """An edit-then-view round as one role: the save (POST through the row's edit page)
    and the Blueprint page right after it."""

    role: str
    save: Measure
    view: Measure


def edit_then_view(people: dict, rounds: int) -> list[Mix]:
    """``rounds`` times, round-robin: each role of :func:`bench.pages.edits` opens the
    row's edit page, changes a text and saves it through the view (as a browser posts
    the form), then opens the Blueprint page — which has just changed under every cache
    key of that Blueprint. The other caches stay as they are (warm)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.html_forms import changed, find_form
    from bench.pages import edits

    clients = clients_for(people)
    mixes = edits()
    saves = {edit.role: [] for edit in mixes}
    views = {edit.role: [] for edit in mixes}
    queries, statuses = {}, {}
    for number in range(1, rounds + 1):
        for edit in mixes:
            client = clients[edit.role]
            form = find_form(client.get(edit.url).content.decode(), field="version")
            if form is None:
                raise RuntimeError(f"no edit form at {edit.url} for the {edit.role}")
            fields, done = [], False
            for name, value in form["fields"]:
                if not done and name in edit.fields:
                    value, done = changed(value, f"แก้ไข {number}"), True
                fields.append((name, value))
            data = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            started = time.perf_counter()
            response = client.post(edit.url, data)
            saves[edit.role].append((time.perf_counter() - started) * 1000)
            if response.status_code != 302:
                raise RuntimeError(f"the {edit.role}'s save was refused: {response.status_code}")
            last = number == rounds
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(edit.then)
                views[edit.role].append((time.perf_counter() - started) * 1000)
            if last:
                queries[edit.role] = len(ctx.captured_queries)
                statuses[edit.role] = response.status_code
    results = []
    for edit in mixes:
        role = edit.role
        save, view = saves[role], views[role]
        results.append(
            Mix(
                role=role,
                save=Measure("save", role, 302, 0, statistics.median(save), percentile(save, 0.95)),
                view=Measure(
                    "Blueprint page after the save",
                    role,
                    statuses[role],
                    queries[role],
                    statistics.median(view),
                    percentile(view, 0.95),
                ),
            )
        )
    return results


def without_each_cache(
    people: dict, pages: list, requests: int, warmup: int, groups: list[str] | None = None
) -> dict:
    """The pages (warm) with one cache of :data:`strategies.caching.NAMES` off at a
    time: what each cache earns. ``groups``: which to turn off instead, each a name or
    several joined by ``+`` (turned off together)."""
    from django.test import override_settings

    from strategies.caching import NAMES

    found = {}
    for group in groups or list(NAMES):
        clear_caches()
        with override_settings(CACHES_OFF=frozenset(group.split("+"))):
            found[group] = measure_pages(people, pages, requests, warmup)
    clear_caches()
    return found


def seed(provinces: int, scale: float) -> float:
    from proposals.demo import national

    started = time.perf_counter()
    national.seed(provinces=provinces, scale=scale)
    # What seeding left in this process is not a web process's: set it aside so the
    # collector does not walk it during the timed requests (more of it after the large
    # seed than after the small one), with what a web process sets aside when it starts
    # (the Thai dictionary: blueprint_site/startup.py).
    from blueprint_site.startup import prepare_process

    prepare_process()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


# --------------------------------------------------------------------------
# Throughput under gunicorn
# --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {path} on port {port}")


def load(port: int, path: str, cookie: str, clients: int, seconds: float) -> dict:
    """``clients`` threads requesting ``path`` for ``seconds``; completed 200s per second."""
    stop = time.monotonic() + seconds
    counts, errors, latencies = [0] * clients, [0] * clients, [[] for _ in range(clients)]
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}

    def worker(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if response.status == 200:
                counts[index] += 1
                latencies[index].append((time.perf_counter() - started) * 1000)
            else:
                errors[index] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    flat = [ms for per in latencies for ms in per]
    return {
        "rps": sum(counts) / elapsed,
        "errors": sum(errors),
        "p50": statistics.median(flat) if flat else float("nan"),
    }


def throughput(people: dict, pages: list, args) -> dict:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(people["editor"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    blueprint = next(p for p in pages if p.name == "Blueprint page" and p.role == "editor")
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "blueprint_site.wsgi",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    try:
        wait_for(port, "/bench/ping/")
        results = {}
        for name, path in (("trivial view", "/bench/ping/"), ("Blueprint page", blueprint.url)):
            load(port, path, cookie, args.clients, min(2.0, args.seconds))  # warm-up
            results[name] = load(port, path, cookie, args.clients, args.seconds)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    results["ratio"] = results["Blueprint page"]["rps"] / results["trivial view"]["rps"]
    return results


# --------------------------------------------------------------------------
# The PDF (bench/pdf.py, its own process and database)
# --------------------------------------------------------------------------


def pdf_figures(repeat: int) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    child = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pdf.py"), "--repeat", str(repeat)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = child.stdout.strip()
    if child.returncode not in (0, 1):
        output += "\n" + child.stderr.strip()[-2000:]
    return child.returncode, output


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def cold_section(lines, missed, small_cold, large_cold, large) -> None:
    lines.append("## Cold path (every cache emptied before each request)")
    lines.append("")
    lines.append(
        "Each request finds every Django cache and in-process memo empty (`clear_caches`), "
        "as after a restart or an edit of everything the page is made of."
    )
    lines.append("")
    lines.append(
        "| page | role | queries large | p50 small | p95 small | p50 large | p95 large "
        "| warm p95 large | cold ÷ warm |"
    )
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s, g, w in zip(small_cold, large_cold, large, strict=True):
        flags = []
        if g.status != 200 or s.status != 200:
            flags.append(f"HTTP {s.status}/{g.status}")
        if g.p95 >= GOAL_P95_MS:
            flags.append(f"cold p95 {g.p95:.0f} ms ≥ 100 ms (+{g.p95 - GOAL_P95_MS:.0f} ms)")
        if flags:
            missed.append(f"{g.page} ({g.role}), cold: {', '.join(flags)}")
        ratio = g.p95 / w.p95 if w.p95 else float("nan")
        lines.append(
            f"| {g.page} | {g.role} | {g.queries} | {s.p50:.1f} | {s.p95:.1f} | {g.p50:.1f} "
            f"| {g.p95:.1f} | {w.p95:.1f} | {ratio:.2f}{' ⚠' if flags else ''} |"
        )
    lines.append("")


def mix_section(lines, missed, mixes, rounds) -> None:
    lines.append("## Edit then view (large)")
    lines.append("")
    lines.append(
        f"{rounds} rounds: the editor saves the diagnosis, the agency contributor a change "
        "of its section, each through the row's edit page (a browser's POST of the form), "
        "then opens the Blueprint page, whose rows have just changed; the other caches warm."
    )
    lines.append("")
    lines.append("| role | save p50 | save p95 | page p50 | page p95 | page queries |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for mix in mixes:
        flags = []
        if mix.view.status != 200:
            flags.append(f"HTTP {mix.view.status}")
        for what, m in (("save", mix.save), ("page after save", mix.view)):
            if m.p95 >= GOAL_P95_MS:
                flags.append(f"{what} p95 {m.p95:.0f} ms ≥ 100 ms")
        if flags:
            missed.append(f"edit then view ({mix.role}): {', '.join(flags)}")
        lines.append(
            f"| {mix.role} | {mix.save.p50:.1f} | {mix.save.p95:.1f} | {mix.view.p50:.1f} "
            f"| {mix.view.p95:.1f} | {mix.view.queries}{' ⚠' if flags else ''} |"
        )
    lines.append("")


def without_section(lines, without, large) -> None:
    from strategies.caching import NAMES

    lines.append("## Without each cache (large, warm, that one cache off)")
    lines.append("")
    lines.append(
        "| cache | pages it speeds up (p95 with → without) | worst p95 without | "
        "pages ≥ 100 ms without |"
    )
    lines.append("| --- | --- | ---: | --- |")
    for group, measures in without.items():
        label = " + ".join(f"`{name}`" for name in group.split("+"))
        if "+" not in group:
            label += f" — {NAMES[group]}"
        slower = [
            f"{m.page} ({m.role}) {w.p95:.0f} → {m.p95:.0f}"
            for m, w in zip(measures, large, strict=True)
            if m.p95 > 1.25 * w.p95 and m.p95 - w.p95 > 3
        ]
        worst = max(measures, key=lambda m: m.p95)
        over = [f"{m.page} ({m.role})" for m in measures if m.p95 >= GOAL_P95_MS]
        lines.append(
            f"| {label} | {'; '.join(slower) or '—'} "
            f"| {worst.p95:.1f} ({worst.page}, {worst.role}) | {', '.join(over) or 'none'} |"
        )
    lines.append("")


def report(args, small, large, counts, seeding, http_results, pdf, extra) -> tuple[str, list[str]]:
    lines, missed = [], []
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines.append(f"# Benchmark — {now}{' (quick)' if args.quick else ''}")
    lines.append("")
    lines.append(
        f"{database_label()}, Python {platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"DEBUG off; in-process `django.test.Client`, {args.requests} requests per page after "
        f"{args.warmup} warm-up; times in ms. Load average (1, 5, 15 min) at the end: "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg())
        + " — on a machine shared with other work, every figure grows with it."
    )
    lines.append("")
    lines.append("## Datasets")
    lines.append("")
    lines.append("| | " + " | ".join(counts["small"]) + " | seeded in |")
    lines.append("| --- |" + " ---: |" * (len(counts["small"]) + 1))
    for label in ("small", "large"):
        row = " | ".join(f"{v:,}" for v in counts[label].values())
        lines.append(f"| {label} | {row} | {seeding[label]:.0f} s |")
    lines.append("")
    lines.append("## Pages")
    lines.append("")
    lines.append(
        "| page | role | queries small | queries large | p50 small | p95 small "
        "| p50 large | p95 large | p95 large ÷ small |"
    )
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s, g in zip(small, large, strict=True):
        ratio = g.p95 / s.p95 if s.p95 else float("nan")
        flags = []
        if g.status != 200 or s.status != 200:
            flags.append(f"HTTP {s.status}/{g.status}")
        if g.p95 >= GOAL_P95_MS:
            flags.append("p95 ≥ 100 ms")
        if ratio > GOAL_SCALE_RATIO:
            flags.append(f"scale > {GOAL_SCALE_RATIO}×")
        if s.queries != g.queries:
            flags.append("queries grow")
        if flags:
            missed.append(f"{g.page} ({g.role}): {', '.join(flags)}")
        lines.append(
            f"| {g.page} | {g.role} | {s.queries} | {g.queries} | {s.p50:.1f} | {s.p95:.1f} "
            f"| {g.p50:.1f} | {g.p95:.1f} | {ratio:.2f}{' ⚠' if flags else ''} |"
        )
    lines.append("")
    if extra.get("large_cold"):
        cold_section(lines, missed, extra["small_cold"], extra["large_cold"], large)
    if extra.get("mix"):
        mix_section(lines, missed, extra["mix"], args.rounds)
    if extra.get("without"):
        without_section(lines, extra["without"], large)
    if http_results:
        lines.append("## Throughput under gunicorn")
        lines.append("")
        lines.append(
            f"gunicorn {args.workers} workers × {args.threads} threads (gthread), "
            f"{args.clients} concurrent clients on loopback, {args.seconds:.0f} s each, "
            "large dataset, signed in as the strategy editor."
        )
        lines.append("")
        lines.append("| endpoint | requests/s | p50 ms | errors |")
        lines.append("| --- | ---: | ---: | ---: |")
        for name in ("trivial view", "Blueprint page"):
            r = http_results[name]
            lines.append(f"| {name} | {r['rps']:.1f} | {r['p50']:.1f} | {r['errors']} |")
        ratio = http_results["ratio"]
        lines.append("")
        lines.append(
            f"Blueprint page ÷ trivial view: **{ratio:.2f}** (goal ≥ {GOAL_THROUGHPUT_RATIO})"
        )
        if ratio < GOAL_THROUGHPUT_RATIO:
            missed.append(f"throughput ratio {ratio:.2f} < {GOAL_THROUGHPUT_RATIO}")
        lines.append("")
    if pdf is not None:
        code, output = pdf
        lines.append("## PDF (`bench/pdf.py`)")
        lines.append("")
        lines.append("```")
        lines.append(output)
        lines.append("```")
        lines.append("")
        if code != 0:
            missed.append("PDF over its budget (see bench/pdf.py)")
    worst = max(large, key=lambda m: m.p95)
    worst_ratio = max(g.p95 / s.p95 for s, g in zip(small, large, strict=True) if s.p95)
    lines.append("## Goals")
    lines.append("")
    lines.append(
        f"- p95 < {GOAL_P95_MS:.0f} ms on every page (large): worst {worst.p95:.1f} ms "
        f"({worst.page}, {worst.role})"
    )
    if extra.get("large_cold"):
        cold = max(extra["large_cold"], key=lambda m: m.p95)
        lines.append(
            f"- p95 < {GOAL_P95_MS:.0f} ms on the cold path (large): worst {cold.p95:.1f} ms "
            f"({cold.page}, {cold.role})"
        )
    if extra.get("mix"):
        view = max((m.view for m in extra["mix"]), key=lambda m: m.p95)
        lines.append(
            f"- p95 < {GOAL_P95_MS:.0f} ms for the Blueprint page after a save: worst "
            f"{view.p95:.1f} ms ({view.role})"
        )
    lines.append(f"- p95 large ÷ small ≤ {GOAL_SCALE_RATIO}: worst {worst_ratio:.2f}")
    same = all(s.queries == g.queries for s, g in zip(small, large, strict=True))
    lines.append(f"- queries the same at both sizes: {'yes' if same else 'no'}")
    lines.append("")
    lines.append("Missed: " + ("; ".join(missed) if missed else "none") + ".")
    return "\n".join(lines) + "\n", missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="A fast smoke run.")
    parser.add_argument("--small", type=int, help="Provinces of the small dataset (10).")
    parser.add_argument(
        "--large", type=int, help="Provinces of the large dataset (75: the country of B.E. 2548)."
    )
    parser.add_argument("--scale", type=float, help="Volumes per province (1.0).")
    parser.add_argument("--requests", type=int, help="Timed requests per page (60).")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, help="Load per endpoint in seconds (10).")
    parser.add_argument("--no-http", action="store_true", help="Skip the gunicorn throughput.")
    parser.add_argument("--no-pdf", action="store_true", help="Skip the PDF figures.")
    parser.add_argument("--no-cold", action="store_true", help="Skip the cold path.")
    parser.add_argument("--rounds", type=int, help="Edit-then-view rounds per role (30).")
    parser.add_argument(
        "--without-requests", type=int, help="Requests per page with each cache off (15; 0 skips)."
    )
    parser.add_argument(
        "--pages", help="Only the pages of these names, comma-separated (e.g. 'search,workshop')."
    )
    parser.add_argument(
        "--without",
        help="The caches to turn off in turn, comma-separated; '+' turns several off together "
        "(e.g. 'page,page+dashboard'; default: each of strategies.caching.NAMES).",
    )
    parser.add_argument("--output", help="Write the report here instead of bench/results/.")
    args = parser.parse_args()
    quick = args.quick
    args.small = args.small or (2 if quick else 10)
    args.large = args.large or (6 if quick else 75)  # national.PROVINCES: the 75 of 2548
    args.scale = args.scale or (0.2 if quick else 1.0)
    args.requests = args.requests or (5 if quick else 60)
    args.seconds = args.seconds or (2.0 if quick else 10.0)
    args.rounds = args.rounds if args.rounds is not None else (3 if quick else 30)
    if args.without_requests is None:
        args.without_requests = 2 if quick else 15
    if quick:
        args.warmup = min(args.warmup, 1)

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        # Rendered PDFs are cached on disk: here, so that emptying it empties ours only.
        os.environ.setdefault("DJANGO_PDF_CACHE_DIR", str(Path(tmp) / "pdf-cache"))
        setup_django(tmp)
        from django.core.management import call_command

        print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        counts, seeding = {}, {}
        print(f"seeding {args.small} provinces (scale {args.scale})…", flush=True)
        seeding["small"] = seed(args.small, args.scale)
        counts["small"] = dataset_counts()
        people, pages = main_pages(args.pages)
        print(f"measuring {len(pages)} pages…", flush=True)
        small = measure_pages(people, pages, args.requests, args.warmup)
        extra = {}
        if not args.no_cold:
            print("… and cold…", flush=True)
            extra["small_cold"] = measure_pages(people, pages, args.requests, 0, cold=True)
        print(f"seeding up to {args.large} provinces…", flush=True)
        seeding["large"] = seed(args.large, args.scale)
        counts["large"] = dataset_counts()
        people, pages = main_pages(args.pages)
        print(f"measuring {len(pages)} pages…", flush=True)
        large = measure_pages(people, pages, args.requests, args.warmup)
        if not args.no_cold:
            print("… and cold…", flush=True)
            extra["large_cold"] = measure_pages(people, pages, args.requests, 0, cold=True)
        if args.without_requests:
            print("… with each cache off in turn…", flush=True)
            extra["without"] = without_each_cache(
                people,
                pages,
                args.without_requests,
                min(args.warmup, 2),
                args.without.split(",") if args.without else None,
            )
        if args.rounds:
            print(f"edit then view ({args.rounds} rounds)…", flush=True)
            extra["mix"] = edit_then_view(people, args.rounds)
        http_results = None
        if not args.no_http:
            print("throughput under gunicorn…", flush=True)
            http_results = throughput(people, pages, args)
        pdf = None
        if not args.no_pdf:
            print("PDF figures (bench/pdf.py)…", flush=True)
            pdf = pdf_figures(1 if quick else 3)
        text, missed = report(args, small, large, counts, seeding, http_results, pdf, extra)
    print()
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        suffix = "-quick" if quick else ""
        (RESULTS / f"{stamp}{suffix}.md").write_text(text, encoding="utf-8")
        (RESULTS / f"latest{suffix}.md").write_text(text, encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
