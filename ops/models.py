from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (``manage.py review_worker``).

    In the database, so every app server reads the same rows whatever the cache is."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)  # host:pid
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    beat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.worker} {self.beat_at:%Y-%m-%d %H:%M:%S}"
