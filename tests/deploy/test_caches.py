"""The cache from the environment: per-process memory by default, one Redis server shared
by every process when ``DJANGO_CACHE_URL`` is set, and a bad address refused at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW_CACHES = (
    "from django.core.cache import caches; from django.conf import settings; "
    "print(*(f'{name}={caches[name].__class__.__name__}' for name in settings.CACHES))"
)


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def shell(code: str, **env):
    return manage("shell", "--no-imports", "-c", code, **env)


def test_without_a_cache_url_each_process_keeps_its_own_memory():
    result = shell(SHOW_CACHES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "default=LocMemCache",
        "pdf=FileBasedCache",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "localhost:6379",
        "http://127.0.0.1:6379/0",
        "redis://",
        "redis://127.0.0.1:port/0",
        "memcached://127.0.0.1:11211",
    ],
)
def test_a_bad_cache_url_refuses_to_start(value):
    result = manage("check", DJANGO_CACHE_URL=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_CACHE_URL" in result.stderr


def test_processes_given_one_cache_url_share_what_they_cache(redis_server):
    """What one process puts in the cache, another reads: page bodies, and the counters
    of the password-reset limit."""
    write = (
        "from django.core.cache import caches; "
        "caches['default'].set('shared-page', 'หน้าเดียวกัน'); "
        "from blueprint_site.accounts import _over; print(_over('reset-address', '10.0.0.7', 1))"
    )
    read = (
        SHOW_CACHES + "; "
        "print(caches['default'].get('shared-page')); "
        "from blueprint_site.accounts import _over; print(_over('reset-address', '10.0.0.7', 1))"
    )
    first = shell(write, DJANGO_CACHE_URL=redis_server.url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["False"]  # the first reset request from that address
    second = shell(read, DJANGO_CACHE_URL=redis_server.url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == [
        "default=RedisCache",
        "pdf=FileBasedCache",  # rendered PDFs stay on each machine's disk
        "หน้าเดียวกัน",
        "True",  # the second, counted in another process: over the limit of one
    ]
