"""The background worker's heartbeat: a row in the database, refreshed while it runs.

django-tasks-db's worker loop has no hook of its own, so :func:`heartbeat_start` runs a
daemon thread beside it that writes the worker's row every ``WORKER_HEARTBEAT_SECONDS``
for as long as the process's main thread (the loop) is alive. The health page
(:mod:`ops.views`) takes the worker for dead when the newest row is older than
``WORKER_HEARTBEAT_STALE`` seconds: the process stopped, or cannot reach the database.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from ops.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Rows of workers gone this long are removed (a worker restarted gets a new pid).
FORGET_AFTER = datetime.timedelta(days=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def heartbeat_beat(*, worker: str, now=None) -> None:
    """Record that ``worker`` is alive now."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker=worker).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker=worker, defaults={"beat_at": now, "started_at": now}
        )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()


def latest_heartbeat():
    """When any worker last beat, or ``None`` if none ever did."""
    return WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()


def _beat_forever(worker: str, stop: threading.Event) -> None:
    main = threading.main_thread()
    try:
        while main.is_alive() and not stop.is_set():
            close_old_connections()
            try:
                heartbeat_beat(worker=worker)
            except Exception:  # the database is away: the page will say so; try again
                logger.exception("Worker heartbeat not written")
            stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
    finally:
        connection.close()


def heartbeat_start():
    """Start beating for this process. Call the returned function to stop: it waits for
    the thread, so no beat it was writing commits after the caller has gone on (a worker
    run inside a test would otherwise leave its row to the next test)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat_forever, args=(worker_name(), stop), name="heartbeat", daemon=True
    )
    thread.start()

    def heartbeat_stop(timeout: float = 10) -> None:
        stop.set()
        thread.join(timeout)

    return heartbeat_stop
