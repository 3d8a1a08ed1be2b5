"""Two app servers, one database, one Redis, one worker — as separate machines would be.

Two real gunicorn processes on two loopback ports, Debian's ``redis-server`` as the
shared cache (``DJANGO_CACHE_URL``), ``manage.py review_worker`` as its own process, one
``DJANGO_MEDIA_ROOT`` for all (the shared volume of the export archives), and one
browser whose requests go now to one server, now to the other, as behind a proxy. It
shows that a save on one is seen at once on the other, that a log-in on one holds on the
other, that an export asked for on one is built by the worker and downloaded from the
other, that the password-reset limit is counted across both, and that the health page
of either reads the worker's heartbeat and names what stops.

The children must see the test's data: it is committed (``transaction=True``); on
PostgreSQL they connect to the test database itself; on SQLite (in memory in the test
process) it is copied into a file they all open (WAL: two servers and the worker on one
file work, slowly — the README's production layout is PostgreSQL).
"""

import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from proposals import services
from tests.deploy.conftest import Browser, free_port
from tests.factories import PASSWORD
from tests.review.conftest import make_chain

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
TOKEN = "two-instances-ops-token-0123456789abcdefghij"
OPS = {"Authorization": f"Bearer {TOKEN}"}
WAIT = 45  # seconds any one step may take on a busy machine


def database_url(tmp_path) -> str:
    """The test database as another process reaches it (a file copy on SQLite)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        return f"sqlite:///{path}"
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class Site:
    """The processes of one deployment; every one stopped at the end, whatever happened."""

    def __init__(self, tmp_path, env):
        self.tmp_path, self.env, self.processes = tmp_path, env, {}

    def start(self, name, command):
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 — closed with the process
        self.processes[name] = (
            subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log),
            log,
        )

    def app_server(self, name, *, workers=1, threads=4) -> int:
        port = free_port()
        self.start(
            name,
            [
                sys.executable, "-m", "gunicorn", "blueprint_site.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--worker-class", "gthread", "--threads", str(threads), "--timeout", "120",
            ],
        )  # fmt: skip
        return port

    def stop(self, name):
        process, log = self.processes.pop(name)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.tmp_path.glob("*.log"))
        )

    def stop_all(self):
        for name in list(self.processes):
            self.stop(name)


def eventually(check, what: str, site: Site):
    """Poll ``check`` until it returns something true; fail naming ``what``."""
    deadline = time.monotonic() + WAIT
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {WAIT} s\n{site.logs()}")
        time.sleep(0.2)


def answers(port) -> bool:
    try:
        return Browser().get(port, "/accounts/login/")[0] == 200
    except OSError:
        return False


def health(port) -> tuple[int, dict]:
    status, _headers, content = Browser().get(port, reverse("ops:health"), headers=OPS)
    return status, json.loads(content)


def test_two_app_servers_share_database_sessions_cache_and_files(
    world, submitted_blueprint, tmp_path, redis_server
):
    draft_chain = make_chain(world.plan, world.agency, number=2, title="การท่องเที่ยวเชิงคุณภาพ")
    draft = services.blueprint_create(
        user=world.editor, issue=draft_chain["issue"], fiscal_year=2548
    )
    media = tmp_path / "media"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": database_url(tmp_path),
        "DJANGO_CACHE_URL": redis_server.url,
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_DEBUG": "0",
        "DJANGO_TESTING": "1",  # the test's password hasher; no HTTPS redirect on loopback
        "DJANGO_SECRET_KEY": "two-instances-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_OPS_TOKEN": TOKEN,
        "DJANGO_PASSWORD_RESET_ADDRESS_LIMIT": "2",
        "DJANGO_WORKER_HEARTBEAT_SECONDS": "1",
        "DJANGO_WORKER_STALE_SECONDS": "4",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    site = Site(tmp_path, env)
    try:
        a, b = site.app_server("a"), site.app_server("b")
        site.start(
            "worker",
            [
                sys.executable, "manage.py", "review_worker",
                "--no-startup-delay", "--interval", "0.2", "--nice", "0",
            ],
        )  # fmt: skip
        eventually(lambda: answers(a) and answers(b), "both app servers answer", site)
        run(site, a, b, world, draft, submitted_blueprint, redis_server)
    finally:
        site.stop_all()


def run(site, a, b, world, draft, submitted, redis_server):
    # 1. Logged in on A, the same session cookie holds on B.
    editor = Browser()
    editor.login(a, world.editor.username, PASSWORD)
    page = reverse("proposals:detail", args=[draft.pk])
    status, headers, _content = editor.get(b, page)
    assert status == 200, f"B did not know A's session: {status} {headers.get('Location')}"

    # 2. A save on A is seen at once on B, whose page cache was warm with the old page.
    edit = reverse("proposals:edit", args=[draft.pk])
    _status, _headers, form = editor.get(a, edit)
    version = re.search(rb'name="version" value="(\d+)"', form).group(1).decode()
    title = "ชื่อใหม่ที่บันทึกบนเครื่อง A"
    assert title.encode() not in editor.get(b, page)[2]
    status, _headers, content = editor.post(
        a,
        edit,
        {"title": title, "fiscal_year": 2548, "version": version, "cluster": "",
         "cluster_reference": "", "cluster_url": ""},
    )  # fmt: skip
    assert status == 302, content[-2000:]
    assert title.encode() in editor.get(b, page)[2]

    # 3. An export asked for on A is built by the worker and downloaded from B.
    reviewer = Browser()
    reviewer.login(a, world.reviewer.username, PASSWORD)
    status, headers, _content = reviewer.post(
        a, reverse("proposals:review:exports"), {"scope": "selected", "blueprint": submitted.pk}
    )
    assert status == 302 and "/exports/" in headers["Location"], headers
    download = headers["Location"] + "download/"
    archive = eventually(
        lambda: (lambda r: r[2] if r[0] == 200 else None)(reviewer.get(b, download)),
        "the export's ZIP downloadable from B",
        site,
    )
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        manifest = bundle.read("manifest.csv").decode("utf-8-sig")
        pdfs = [name for name in bundle.namelist() if name.endswith(".pdf")]
    assert f"_bp{submitted.pk}.pdf" in manifest and len(pdfs) == 1
    assert bundle.namelist() and pdfs[0].startswith("pdf/chumphon")

    # 4. The password-reset limit (2 an hour per address) counts requests on both servers.
    stranger = Browser()
    reset = reverse("password_reset")
    stranger.get(a, reset)
    for port in (a, b):
        assert stranger.post(port, reset, {"email": "nobody@example.go.th"})[0] == 302
    assert stranger.post(b, reset, {"email": "nobody@example.go.th"})[0] == 429
    assert stranger.post(a, reset, {"email": "nobody@example.go.th"})[0] == 429

    # 5. Each server's health page reads the worker's heartbeat and the shared cache...
    for port in (a, b):
        status, body = health(port)
        assert status == 200, body
        assert body["checks"]["cache"]["detail"] == "RedisCache"
    assert Browser().get(a, reverse("ops:health"))[0] == 404  # not without the token

    # ... and names the worker when it stops, then the cache when Redis stops.
    site.stop("worker")
    eventually(
        lambda: health(b)[1]["failing"] == ["worker"],
        "B's health page naming the stopped worker",
        site,
    )
    assert health(b)[0] == 503
    redis_server.stop()
    status, body = health(a)
    assert status == 503 and body["failing"] == ["cache", "worker"], body
