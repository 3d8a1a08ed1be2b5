"""The health page and the request metrics: operators only, and honest about what fails."""

import datetime
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from ops.heartbeat import heartbeat_beat, heartbeat_start
from ops.models import WorkerHeartbeat
from tests.conftest import ACTORS
from tests.deploy.test_caches import manage

HEALTH = reverse("ops:health")
METRICS = reverse("ops:metrics")
TOKEN = "ops-token-for-tests-0123456789abcdefghijklmnop"


@pytest.fixture
def worker_alive(db):
    heartbeat_beat(worker="app1:4242")


@pytest.mark.parametrize("url", [HEALTH, METRICS])
@pytest.mark.parametrize("actor", ACTORS)
def test_only_operators_reach_health_and_metrics(client, world, worker_alive, actor, url):
    user = world.actor(actor)
    if user is not None:
        client.force_login(user)
    operator = actor == "admin"  # a staff member
    assert client.get(url).status_code == (200 if operator else 404)
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("url", [HEALTH, METRICS])
def test_a_client_with_the_ops_token_gets_in(client, settings, worker_alive, url):
    settings.OPS_TOKEN = TOKEN
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {TOKEN[:-1]}x").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=TOKEN).status_code == 404
    assert client.get(url).status_code == 404
    settings.OPS_TOKEN = ""  # no token configured: no bearer gets in, however empty
    assert client.get(url, HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_a_short_ops_token_refuses_to_start():
    result = manage("check", DJANGO_OPS_TOKEN="short")
    assert result.returncode != 0
    assert "DJANGO_OPS_TOKEN" in result.stderr


def test_health_passes_when_database_cache_and_worker_do(admin_client, worker_alive):
    response = admin_client.get(HEALTH)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "worker": True,
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_fails_on_a_stale_worker_heartbeat(admin_client, settings, db):
    settings.WORKER_HEARTBEAT_STALE = 60
    heartbeat_beat(worker="app1:4242", now=timezone.now() - datetime.timedelta(seconds=95))
    response = admin_client.get(HEALTH)
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert "last heartbeat 95 s ago" in body["checks"]["worker"]["detail"]
    heartbeat_beat(worker="app2:77")  # another worker, alive
    assert admin_client.get(HEALTH).status_code == 200


def test_health_fails_when_no_worker_ever_reported(admin_client, db):
    response = admin_client.get(HEALTH)
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


def test_health_names_a_stopped_redis(admin_client, settings, worker_alive, redis_server):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    response = admin_client.get(HEALTH)
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["detail"] == "RedisCache"
    redis_server.stop()
    response = admin_client.get(HEALTH)
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert "ConnectionError" in body["checks"]["cache"]["detail"]


def test_metrics_count_requests_by_view(client, world):
    client.force_login(world.editor)
    assert client.get(reverse("home")).status_code == 200
    client.force_login(world.admin)
    response = client.get(METRICS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    home = [
        line
        for line in text.splitlines()
        if line.startswith("django_http_requests_total_by_view_transport_method_total{")
        and 'view="home"' in line
    ]
    assert home and float(home[0].rsplit(" ", 1)[1]) >= 1
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text


@pytest.mark.django_db(transaction=True)
def test_the_worker_heartbeat_beats_while_it_runs(settings):
    settings.WORKER_HEARTBEAT_SECONDS = 0.05
    heartbeat_stop = heartbeat_start()
    try:
        deadline = time.monotonic() + 10
        beats = set()
        while len(beats) < 2:
            assert time.monotonic() < deadline, "no heartbeat written"
            beats |= set(WorkerHeartbeat.objects.values_list("beat_at", flat=True))
            time.sleep(0.02)
    finally:
        heartbeat_stop()
    assert not [thread for thread in threading.enumerate() if thread.name == "heartbeat"]
    assert WorkerHeartbeat.objects.count() == 1  # one row per worker, refreshed


def test_rows_of_long_gone_workers_are_forgotten(db):
    now = timezone.now()
    heartbeat_beat(worker="old:1", now=now - datetime.timedelta(days=2))
    heartbeat_beat(worker="new:2", now=now)
    workers = set(WorkerHeartbeat.objects.values_list("worker", flat=True))
    assert "new:2" in workers and "old:1" not in workers
