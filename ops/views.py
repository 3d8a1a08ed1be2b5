"""The health page and the request metrics, for operators (:mod:`ops.access`)."""

import datetime
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView

from ops.access import operators_only
from ops.heartbeat import latest_heartbeat


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    cache = caches["default"]
    key, value = f"ops:health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    found = cache.get(key)
    cache.delete(key)
    if found != value:
        raise RuntimeError("the value written was not read back")
    return type(cache).__name__


def _worker() -> str:
    beat = latest_heartbeat()
    if beat is None:
        raise RuntimeError("no worker has ever reported")
    age = (timezone.now() - beat).total_seconds()
    if age > settings.WORKER_HEARTBEAT_STALE:
        raise RuntimeError(f"last heartbeat {age:.0f} s ago")
    return f"last heartbeat {age:.0f} s ago"


CHECKS = {"database": _database, "cache": _cache, "worker": _worker}


@require_GET
@never_cache
@operators_only
def health(request):
    """Each check's outcome as JSON; 200 when all pass, else 503 naming the failing ones."""
    results, failing = {}, []
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail, ok = check(), True
        except Exception as error:  # what broke, said in the answer
            detail, ok = f"{type(error).__name__}: {error}"[:300], False
            failing.append(name)
        results[name] = {
            "ok": ok,
            "detail": detail,
            "ms": round((time.monotonic() - started) * 1000, 1),
        }
    return JsonResponse(
        {
            "status": "failing" if failing else "ok",
            "failing": failing,
            "checks": results,
            "time": timezone.now().astimezone(datetime.UTC).isoformat(),
        },
        status=503 if failing else 200,
    )


@require_GET
@never_cache
@operators_only
def metrics(request):
    """Request counts and latencies in Prometheus's text format (django-prometheus)."""
    return ExportToDjangoView(request)
