"""Request metrics of a server running several gunicorn workers: one scrape counts them all.

Each worker process keeps its own counters. With ``PROMETHEUS_MULTIPROC_DIR`` set (one
empty folder per server, ops/README.md) prometheus_client writes them to a file per
process there, and the metrics page sums the files, whichever worker answers the scrape.
Without it a scrape reports only the requests of the worker that happened to answer it.
"""

import json
import os
import re
import threading

import pytest
from django.urls import reverse
from prometheus_client.mmap_dict import MmapedDict

from tests.deploy.conftest import Browser
from tests.deploy.test_two_instances import Site, answers, database_url, eventually

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "metrics-workers-ops-token-0123456789abcdefghij"
COUNTER = "django_http_requests_total_by_view_transport_method"
VISITORS, VISITS = 4, 10


def scraped_login_count(text: str) -> float:
    """The login view's requests in a scrape, over every method and transport."""
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(f"{COUNTER}_total{{") and 'view="login"' in line
    )


def login_count_per_worker(folder) -> dict[str, float]:
    """The login view's requests each worker wrote to its own file (``counter_<pid>.db``)."""
    counts = {}
    for path in folder.iterdir():
        match = re.fullmatch(r"counter_(\d+)\.db", path.name)
        if not match:
            continue
        counts[match.group(1)] = sum(
            value
            for key, value, _timestamp, _offset in MmapedDict.read_all_values_from_file(str(path))
            if json.loads(key)[0] == COUNTER and json.loads(key)[2].get("view") == "login"
        )
    return counts


def test_one_scrape_counts_the_requests_of_every_worker(world, tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": database_url(tmp_path),
        "DJANGO_DEBUG": "0",
        "DJANGO_TESTING": "1",
        "DJANGO_SECRET_KEY": "metrics-workers-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_OPS_TOKEN": TOKEN,
        "DJANGO_LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    site = Site(tmp_path, env)
    try:
        # Two workers of one thread each: visitors at once are shared between them.
        port = site.app_server("app", workers=2, threads=1)
        eventually(lambda: answers(port), "the app server answers", site)
        login = reverse("login")
        statuses = []

        def visit():
            for _ in range(VISITS):
                statuses.append(Browser().get(port, login)[0])

        visitors = [threading.Thread(target=visit) for _ in range(VISITORS)]
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join(timeout=120)
        assert statuses == [200] * (VISITORS * VISITS)

        per_worker = login_count_per_worker(folder)
        assert len(per_worker) == 2 and all(per_worker.values()), per_worker
        total = sum(per_worker.values())
        assert total >= VISITORS * VISITS  # and the polls of ``answers`` before them

        for _ in range(4):  # whichever worker answers the scrape, it counts both
            status, _headers, content = Browser().get(
                port, reverse("ops:metrics"), headers={"Authorization": f"Bearer {TOKEN}"}
            )
            assert status == 200
            assert scraped_login_count(content.decode()) == total
    finally:
        site.stop_all()
