"""Do large draft PDFs starve ordinary requests? Login and the Blueprint page timed
while four people download a large draft at once.

    .venv/bin/python bench/pdf_load.py [--seconds 20] [--timeout 420] [--code DIR]

Builds a throwaway SQLite database (or uses ``DATABASE_URL``): the demo plus the large
Blueprint of ``bench/pdf.py`` (~90 pages). Starts gunicorn on 127.0.0.1 (2 workers × 2
threads, like ``bench/run.py``) and the background worker (``manage.py review_worker``),
then:

1. *before*: for ``--seconds``, two clients request the login page and the demo
   Blueprint page back to back (p50/p95, ms);
2. *during*: four signed-in people ask for the large draft's PDF at the same moment
   (each follows the progress page to the download when there is one) while the same
   two clients keep timing both pages, until every PDF has arrived or ``--timeout``.

``--code DIR`` serves another copy of the code (e.g. ``git archive <commit> | tar -x -C
DIR``) against the same database, to measure the code before a change; ``--no-worker``
starts no background worker. Everything stays on loopback; nothing is written to the
project's own database.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pdf as pdf_bench  # noqa: E402 — bench/pdf.py builds the large Blueprint
from run import BENCH_ENV, percentile, wait_for  # noqa: E402

PDF_READERS = ["chumphon.strategy", "chumphon.viewer", "chumphon.agriculture", "admin"]


def build(tmp: Path) -> dict:
    """The database, static files and who asks for what."""
    os.environ.update(BENCH_ENV)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
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
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from proposals.models import Blueprint

    pdf_bench.build_database()
    users = get_user_model().objects
    cookies = {}
    for username in PDF_READERS:
        client = Client()
        client.force_login(users.get(username=username))
        cookies[username] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    large = Blueprint.objects.get(issue__number=pdf_bench.LARGE_ISSUE_NUMBER)
    demo = Blueprint.objects.exclude(pk=large.pk).order_by("pk").first()
    return {
        "cookies": cookies,
        "pdf": f"/blueprints/{large.pk}/pdf/",
        "page": f"/blueprints/{demo.pk}/",
        "login": "/accounts/login/",
    }


def get(port: int, path: str, cookie: str = "", timeout: float = 600):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": "127.0.0.1"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def sample(port: int, plan: dict, stop: threading.Event, deadline: float) -> dict:
    """Time the login page and the Blueprint page back to back until ``stop``."""
    times = {"login": [], "Blueprint page": []}
    errors = []
    cookie = plan["cookies"]["chumphon.strategy"]

    def loop(name, path, cookie):
        while not stop.is_set() and time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _headers, _body = get(port, path, cookie, timeout=300)
            except OSError as error:
                errors.append(f"{name}: {error}")
                continue
            if status != 200:
                errors.append(f"{name}: HTTP {status}")
            times[name].append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)

    threads = [
        threading.Thread(target=loop, args=("login", plan["login"], "")),
        threading.Thread(target=loop, args=("Blueprint page", plan["page"], cookie)),
    ]
    for thread in threads:
        thread.start()
    return {"times": times, "errors": errors, "threads": threads}


def fetch_pdf(port: int, path: str, cookie: str, deadline: float) -> dict:
    """Ask for the draft PDF; follow the progress page to the download if sent there."""
    started = time.perf_counter()
    status, headers, body = get(port, path, cookie)
    via = "request"
    if status == 302:
        via = "worker"
        job = headers["Location"]
        while time.monotonic() < deadline:
            status, _headers, page = get(port, job, cookie)
            match = re.search(rb'href="([^"]+/download/)"', page)
            if match:
                status, headers, body = get(port, match.group(1).decode(), cookie)
                break
            time.sleep(1)
    ok = status == 200 and body.startswith(b"%PDF-")
    return {"seconds": time.perf_counter() - started, "ok": ok, "via": via, "size": len(body)}


def figures(times: list[float]) -> str:
    if not times:
        return "no answer"
    return (
        f"n={len(times):4d}  p50 {statistics.median(times):8.0f} ms  "
        f"p95 {percentile(times, 0.95):8.0f} ms  max {max(times):8.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="Baseline timing (20 s).")
    parser.add_argument("--timeout", type=float, default=420, help="Give up after (420 s).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=18504, help="Loopback port (18504).")
    parser.add_argument("--code", help="Serve this copy of the code instead of this one.")
    parser.add_argument("--no-worker", action="store_true", help="Start no background worker.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="pdf-load-"))
    code = Path(args.code).resolve() if args.code else ROOT
    processes = []
    try:
        print(f"Building the database in {tmp} …", flush=True)
        plan = build(tmp)
        env = os.environ.copy()
        env["PYTHONPATH"] = str(code)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=code, env=env, check=True,
        )  # fmt: skip
        port = args.port
        gunicorn = [
            str(Path(sys.executable).parent / "gunicorn"), "blueprint_site.wsgi",
            "--workers", str(args.workers), "--worker-class", "gthread",
            "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
            "--timeout", "600", "--log-level", "warning",
        ]  # fmt: skip
        processes.append(subprocess.Popen(gunicorn, cwd=code, env=env))
        if not args.no_worker:
            worker = [sys.executable, "manage.py", "review_worker", "--interval", "0.5"]
            processes.append(subprocess.Popen(worker, cwd=code, env=env))
        wait_for(port, "/bench/ping/")
        for path in (plan["login"], plan["page"]):  # warm-up
            get(port, path, plan["cookies"]["chumphon.strategy"])

        print(f"\nBefore: {args.seconds:.0f} s of login and Blueprint page, no PDF", flush=True)
        stop = threading.Event()
        before = sample(port, plan, stop, time.monotonic() + args.seconds)
        for thread in before["threads"]:
            thread.join()

        print("During: four people ask for the large draft's PDF at once", flush=True)
        deadline = time.monotonic() + args.timeout
        stop = threading.Event()
        during = sample(port, plan, stop, deadline)
        results = {}

        def ask(username):
            try:
                results[username] = fetch_pdf(
                    port, plan["pdf"], plan["cookies"][username], deadline
                )
            except OSError as error:
                results[username] = {"seconds": float("nan"), "ok": False, "via": str(error)}

        askers = [threading.Thread(target=ask, args=(name,)) for name in PDF_READERS]
        started = time.perf_counter()
        for thread in askers:
            thread.start()
        for thread in askers:
            thread.join()
        pdf_seconds = time.perf_counter() - started
        stop.set()
        for thread in during["threads"]:
            thread.join()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nServed by: {code} ({args.workers} workers × {args.threads} threads)")
    print(f"{socket.gethostname()}, {os.cpu_count()} CPUs\n")
    for name in ("login", "Blueprint page"):
        print(f"{name:15s} before  {figures(before['times'][name])}")
        print(f"{'':15s} during  {figures(during['times'][name])}")
    print(f"\nFour PDFs of the large draft, all done after {pdf_seconds:.1f} s:")
    for username, result in results.items():
        print(
            f"  {username:22s} {result['seconds']:7.1f} s  via {result['via']:8s} "
            f"{'ok' if result['ok'] else 'FAILED'}"
        )
    errors = before["errors"] + during["errors"]
    if errors:
        print(f"\n{len(errors)} errors, e.g. {errors[:3]}")
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
