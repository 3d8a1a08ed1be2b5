"""Documents that go with a Blueprint: minutes, photos, the signed approval page, others.

Models of the ``proposals`` app (imported by :mod:`proposals.models`); the rules are in
:mod:`proposals.attachments.services`.

The bytes are stored in the database row, like the archived submission PDFs: a file and
its row are saved (or refused) in one transaction — never a file without a row or a row
without its file — and the database backup carries them. A file is never replaced: the
database refuses a change of its bytes, size or SHA-256 (migration 0010); a new version is
a new upload.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models import Blueprint
from proposals.participation.models import Workshop


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    PHOTO = "photo", _("Photo")
    SIGNED_APPROVAL = "signed_approval", _("Signed approval page")
    SUPPORTING = "supporting", _("Supporting document")


# What someone taking part in a workshop (not the strategy office) may upload to it.
WORKSHOP_KINDS = frozenset({AttachmentKind.MINUTES, AttachmentKind.PHOTO})


class Attachment(models.Model):
    """One uploaded file of a Blueprint, optionally of one of its workshops."""

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["blueprint_id", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(name="proposals_attachment_not_empty", condition=Q(size__gt=0)),
            models.CheckConstraint(
                name="proposals_attachment_title_not_empty", condition=~Q(title="")
            ),
            models.CheckConstraint(
                name="proposals_attachment_known_type",
                condition=Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:attachment", args=[self.blueprint_id, self.pk])
