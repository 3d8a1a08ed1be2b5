"""The uploaded workbook, kept between the preview and the confirmation."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("4-year action plan")
    AGENCY_INPUT = "agency_input", _("Agency input to a Blueprint")
    RESULTS = "results", _("Quarterly results")


class ImportBatchQuerySet(models.QuerySet):
    def stale(self, *, hours=24):
        """Uploads never confirmed, older than ``hours``: safe to forget."""
        cutoff = timezone.now() - datetime.timedelta(hours=hours)
        return self.filter(applied_at__isnull=True, created_at__lt=cutoff)


class ImportBatch(models.Model):
    """One uploaded workbook and, once confirmed, when and with what result it was applied.

    The preview is computed from ``content`` each time it is shown (it writes nothing);
    confirming computes it again against the database as it is then and applies it in one
    transaction. Kept after applying, as the record of what was imported.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    target_id = models.PositiveBigIntegerField(_("plan or Blueprint"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    summary = models.JSONField(_("result"), default=dict, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("Excel import")
        verbose_name_plural = _("Excel imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="strategies_importbatch_kind_valid",
                condition=Q(kind__in=ImportKind.values),
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_kind_display()})"
