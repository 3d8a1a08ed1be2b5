"""The covering letter (หนังสือนำส่ง) of a submission: what the office enters, and the
letter as it was sent — its frozen data and the archived PDF (see :mod:`.archive`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CoveringLetter(models.Model):
    """The details the province's office enters for the letter that goes with its
    Blueprint to OPDC (one per Blueprint, changed until submission; each submission
    freezes a copy in :class:`SubmissionLetter`)."""

    blueprint = models.OneToOneField(
        "proposals.Blueprint",
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="covering_letter",
    )
    document_number = models.CharField(
        _("document number"),
        max_length=100,
        help_text=_("As the office's registry gives it, e.g. ชพ ๐๐๑๗/๑๒๓๔."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=500,
        blank=True,
        help_text=_("A letter this one answers, if any (อ้างถึง)."),
    )
    enclosures = models.TextField(
        _("other enclosures"),
        blank=True,
        help_text=_("One per line; the Blueprint itself is always the first enclosure."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=255)
    signer_position = models.CharField(_("signer's position"), max_length=255)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("covering letter")
        verbose_name_plural = _("covering letters")
        constraints = [
            models.CheckConstraint(
                name="proposals_coveringletter_has_number",
                condition=~Q(document_number=""),
            ),
        ]

    def __str__(self):
        return self.document_number


class SubmissionLetter(models.Model):
    """The covering letter of one submission: ``data`` is frozen when the Blueprint is
    submitted (everything printed, the emblem included); the PDF is rendered from it
    once — right after the submission commits, or at the first download — and then
    served byte for byte (``sha256``). Until then ``sha256`` is empty."""

    snapshot = models.OneToOneField(
        "proposals.Snapshot",
        verbose_name=_("submitted snapshot"),
        on_delete=models.PROTECT,
        related_name="letter",
    )
    data = models.JSONField(_("letter data"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    content = models.BinaryField(_("PDF file"), blank=True, default=b"")
    created_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("covering letter of a submission")
        verbose_name_plural = _("covering letters of submissions")
        constraints = [
            models.CheckConstraint(
                name="proposals_submissionletter_rendered_whole",
                condition=Q(sha256="", size=0) | (~Q(sha256="") & Q(size__gt=0)),
            ),
        ]

    def __str__(self):
        return f"{self.snapshot} {self.data.get('document_number', '')}"

    @property
    def archived(self) -> bool:
        return bool(self.sha256)
