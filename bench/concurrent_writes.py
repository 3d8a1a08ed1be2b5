"""Concurrent writes under gunicorn: do comments and input accepts all land, without errors?

    make bench-writes                              # SQLite, then a throwaway PostgreSQL
    .venv/bin/python bench/concurrent_writes.py    # DATABASE_URL, or a temporary SQLite file

Bounded (a few hundred requests on loopback), not run in CI. Steps:

1. A fresh database (a temporary SQLite file unless ``DATABASE_URL`` is set): migrations,
   the Chumphon demo, ``--users`` extra people of the province (viewers, who may comment)
   and, from the agriculture office, one submitted input on each of ``--accepts``
   sections (a change to one row each), ready for the strategy office to accept.
2. gunicorn with ``--workers`` processes × ``--threads`` threads (gthread), production-like
   settings (DEBUG off), on 127.0.0.1.
3. Everyone logs in through the login form (CSRF cookie and token, as a browser does).
4. ``--comments`` comment posts (each mentioning the strategy office, so mentions and
   notifications are written too), spread over the users and fired at once from one
   thread per user; then the ``--accepts`` accepts in parallel, one session each; then
   one more person fires the per-minute comment limit plus ``--over`` posts at once.
5. Prints the requests, the answers by status, and the rows actually stored against the
   rows expected. Exit status 1 when any request failed, anything was lost, or the burst
   stored more than the limit.

The rate limit on comments (``comments.COMMENT_LIMITS``) is kept: the 300 posts are spread
so that no person exceeds it (``--comments`` ÷ ``--users`` per person, default 10).
"""

import argparse
import collections
import contextlib
import http.client
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

BENCH_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_TESTING": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "blueprint_site.settings",
}

# One row per section, changed by the agriculture office's input: (section, kind, field).
INPUT_TARGETS = [
    ("risks", "risk", "mitigation"),
    ("success_factors", "factor", "text"),
    ("readiness", "readiness", "action"),
    ("changes", "change", "expected_result"),
    ("diagnosis", "diagnosis", "gap"),
]


def setup_django(tmp: str) -> None:
    os.environ.update(BENCH_ENV)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/writes.sqlite3"
    os.environ.setdefault("DJANGO_PDF_CACHE_DIR", f"{tmp}/pdf-cache")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------


def seed(users: int, accepts: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from proposals import history, workflow
    from proposals.models import Blueprint, Section
    from proposals.participation import inputs
    from proposals.rows import KINDS, serialize
    from strategies.demo.cascade import DEMO_PASSWORD
    from strategies.models import Membership, Organisation, Role

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    User = get_user_model()
    office = User.objects.get(username="chumphon.strategy")
    agriculture = User.objects.get(username="chumphon.agriculture")
    agency = Membership.objects.get(user=agriculture).organisation
    blueprint = Blueprint.objects.get(pk=Blueprint.objects.order_by("pk").values("pk")[:1])
    province = Organisation.objects.get(pk=blueprint.province_id)

    password = make_password(DEMO_PASSWORD)  # one hash for everyone: seeding stays quick
    people = User.objects.bulk_create(
        [
            User(username=f"bench.writer{index:03d}", password=password, first_name="ผู้ทดสอบ")
            for index in range(users)
        ]
        + [User(username="bench.burst", password=password, first_name="ผู้ทดสอบ")]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=province, role=Role.VIEWER) for user in people]
    )

    targets = []
    for key, kind_key, field in INPUT_TARGETS[:accepts]:
        section = Section.objects.select_related("blueprint").get(blueprint=blueprint, key=key)
        section = workflow.section_assign(
            user=office, section=section, assignee=agency, due_date=None,
            status=section.status, instructions="", version=section.version,
        )  # fmt: skip
        section = Section.objects.select_related("blueprint", "assignee").get(pk=section.pk)
        kind = KINDS[kind_key]
        row = kind.model.objects.filter(**{kind.blueprint_field: blueprint}).order_by("pk").first()
        draft = inputs.input_start(user=agriculture, section=section)
        data, display = serialize(kind, row)
        base = dict(display)
        data[field] = display[field] = f"{getattr(row, field)} (ปรับโดยสำนักงานเกษตร)"
        inputs.input_item_add(
            user=agriculture, agency_input=draft, kind=kind, data=data, display=display,
            target=row, target_version=row.version, base_display=base,
        )  # fmt: skip
        inputs.input_submit(user=agriculture, agency_input=draft)
        targets.append((draft.pk, history.latest_number(blueprint, key)))
    return {
        "blueprint": blueprint.pk,
        "office": office.username,
        "writers": [user.username for user in people[:-1]],
        "burst": people[-1].username,
        "inputs": targets,
    }


def stored(marker: str, input_ids: list[int]) -> tuple[int, int]:
    from django.db import close_old_connections

    from proposals.participation.models import AgencyInput, Comment, InputStatus

    close_old_connections()
    comments = Comment.objects.filter(body__contains=marker).count()
    accepted = AgencyInput.objects.filter(pk__in=input_ids, status=InputStatus.ACCEPTED).count()
    return comments, accepted


# --------------------------------------------------------------------------
# HTTP, as a browser does it
# --------------------------------------------------------------------------


class Session:
    """One person's cookies over plain HTTP on loopback."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def _headers(self, extra=None) -> dict:
        headers = {"Host": "127.0.0.1", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, data: dict | None = None):
        body = None
        extra = {}
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(data).encode()
            extra["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=self._headers(extra))
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), text
        finally:
            conn.close()

    def login(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _location, _text = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: {status}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def fire(jobs: list) -> tuple[list, float]:
    """Run ``jobs`` (callables returning ``(status, location)``) at once; their answers."""
    answers = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def run(index):
        barrier.wait()
        try:
            answers[index] = jobs[index]()
        except OSError as error:
            answers[index] = (f"connection: {type(error).__name__}", "")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - started


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        options = connection.settings_dict["OPTIONS"]
        begin = options.get("transaction_mode") or "DEFERRED"
        return (
            f"SQLite {connection.Database.sqlite_version} "
            f"(journal {mode}, busy timeout {timeout} ms, BEGIN {begin})"
        )
    return f"PostgreSQL {connection.pg_version // 10000}"


def run(args, data: dict, port: int) -> dict:
    from strategies.demo.cascade import DEMO_PASSWORD

    marker = f"bench-{uuid.uuid4().hex[:8]}"
    writers = data["writers"]
    sessions = {}
    for username in writers:
        session = Session(port)
        session.login(username, DEMO_PASSWORD)
        sessions[username] = session
    accept_sessions = []
    for _input in data["inputs"]:
        session = Session(port)
        session.login(data["office"], DEMO_PASSWORD)
        accept_sessions.append(session)

    comments_url = f"/blueprints/{data['blueprint']}/comments/?section=diagnosis"
    per_person = collections.Counter(i % len(writers) for i in range(args.comments))

    def writer_job(index):
        username = writers[index]

        def job():
            answers = []
            for number in range(per_person[index]):
                body = f"{marker} ความเห็นที่ {number + 1} จาก {username} @{data['office']}"
                status, location, _text = sessions[username].request(
                    "POST", comments_url, {"body": body, "row": ""}
                )
                answers.append((status, location))
            return answers

        return job

    answers, seconds = fire([writer_job(i) for i in range(len(writers))])
    comment_answers = [answer for group in answers for answer in group]

    def accept_job(session, input_pk, head):
        def job():
            path = f"/blueprints/{data['blueprint']}/inputs/{input_pk}/accept/"
            status, location, _text = session.request("POST", path, {"head": str(head)})
            return status, location

        return job

    accept_answers, accept_seconds = fire(
        [
            accept_job(session, input_pk, head)
            for session, (input_pk, head) in zip(accept_sessions, data["inputs"], strict=True)
        ]
    )
    # One person posting more than the limit at once, spread over every worker process.
    from proposals.participation.comments import COMMENT_LIMITS

    limit = COMMENT_LIMITS[0][0]
    burst_marker = f"{marker}-burst"
    burst = Session(port)
    burst.login(data["burst"], DEMO_PASSWORD)

    def burst_job(number):
        def job():
            body = f"{burst_marker} ความเห็นที่ {number + 1}"
            status, location, _text = burst.request("POST", comments_url, {"body": body})
            return status, location

        return job

    burst_answers, burst_seconds = fire([burst_job(n) for n in range(limit + args.over)])
    comments, accepted = stored(marker, [pk for pk, _head in data["inputs"]])
    burst_stored, _accepted = stored(burst_marker, [])
    comments -= burst_stored  # the burst's bodies carry the run's marker too
    return {
        "comment_answers": comment_answers,
        "comment_seconds": seconds,
        "accept_answers": accept_answers,
        "accept_seconds": accept_seconds,
        "comments_stored": comments,
        "accepted_stored": accepted,
        "burst_answers": burst_answers,
        "burst_seconds": burst_seconds,
        "burst_stored": burst_stored,
        "limit": limit,
    }


def by_status(answers) -> str:
    counts = collections.Counter(str(status) for status, _location in answers)
    return ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=300)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--accepts", type=int, default=4, choices=range(1, len(INPUT_TARGETS) + 1))
    parser.add_argument(
        "--over", type=int, default=5, help="Posts beyond the rate limit in the one-person burst."
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="Loopback port (default: a free one).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="blueprint-writes-") as tmp:
        setup_django(tmp)
        print(f"seeding ({os.environ['DATABASE_URL'].split(':')[0]})…", flush=True)
        with contextlib.redirect_stdout(io.StringIO()):  # the e-mails, on the console
            data = seed(args.users, args.accepts)
        label = database_label()
        from django.db import connections

        connections.close_all()
        port = args.port or free_port()
        log_path = Path(tmp) / "gunicorn.log"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "blueprint_site.wsgi",
            "--workers", str(args.workers), "--worker-class", "gthread",
            "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
            "--timeout", "120", "--log-level", "warning",
        ]  # fmt: skip
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=log
            )
            try:
                wait_for(port)
                result = run(args, data, port)
            except Exception:
                print(log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
                raise
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
        locked = len(re.findall("database is locked", log_path.read_text(errors="replace")))

    comment_ok = sum(1 for status, _ in result["comment_answers"] if status == 302)
    accept_ok = sum(
        1
        for status, location in result["accept_answers"]
        if status == 302 and "#section-" in location
    )
    expected_comments, expected_accepts = args.comments, args.accepts
    errors = (len(result["comment_answers"]) - comment_ok) + (
        len(result["accept_answers"]) - accept_ok
    )
    lost = (expected_comments - result["comments_stored"]) + (
        expected_accepts - result["accepted_stored"]
    )
    print(f"\nDatabase: {label}")
    print(f"gunicorn: {args.workers} workers × {args.threads} threads (gthread), 127.0.0.1:{port}")
    print(
        f"Comment posts: {len(result['comment_answers'])} requests from {args.users} people "
        f"at once in {result['comment_seconds']:.1f} s — {by_status(result['comment_answers'])}; "
        f"stored {result['comments_stored']} of {expected_comments}"
    )
    print(
        f"Input accepts: {len(result['accept_answers'])} requests in parallel in "
        f"{result['accept_seconds']:.1f} s — {by_status(result['accept_answers'])} "
        f"({accept_ok} merged); stored {result['accepted_stored']} of {expected_accepts}"
    )
    burst_answers, limit = result["burst_answers"], result["limit"]
    burst_bad = sum(1 for status, _ in burst_answers if status not in (302, 429))
    over = result["burst_stored"] - limit
    print(
        f"Rate limit: {len(burst_answers)} posts at once by one person (limit {limit} a minute) "
        f"in {result['burst_seconds']:.1f} s — {by_status(burst_answers)}; "
        f"stored {result['burst_stored']} of {limit} allowed"
    )
    print(f"'database is locked' in the server log: {locked}")
    errors += burst_bad
    print(f"Errors: {errors}; rows lost: {lost}; stored beyond the limit: {max(over, 0)}")
    return 1 if errors or lost or over else 0


if __name__ == "__main__":
    sys.exit(main())
