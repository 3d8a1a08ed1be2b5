"""Models of the PDF, in the ``proposals`` app (imported by :mod:`proposals.models`):
draft PDFs too large to render in a request, rendered once by the background worker
(logic in :mod:`proposals.pdf.drafts`), and each province's signing certificate (logic
in :mod:`proposals.pdf.signing`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DraftJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DraftPDFJob(models.Model):
    """One draft PDF rendered in the background, shared by everyone who asks for it.

    ``key`` is the draft cache key (the Blueprint, a hash of the draft's content, the
    layout, the numerals and the day: :func:`proposals.pdf.drafts.cache_key`), unique:
    however many people ask for the same draft at once, it is rendered once. ``data``
    is the draft as it was when first asked for (what the key hashes), so the file
    matches the key whatever changes meanwhile; it is emptied once the PDF is stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    blueprint = models.ForeignKey(
        "proposals.Blueprint",
        verbose_name=_("Blueprint for Change"),
        on_delete=models.CASCADE,
        related_name="draft_pdf_jobs",
    )
    key = models.CharField(_("content key"), max_length=300, unique=True)
    data = models.JSONField(_("draft data"), default=dict, blank=True)
    thai_numerals = models.BooleanField(_("Thai numerals"), default=False)
    printed_on = models.DateField(_("printed on"))
    estimated_pages = models.PositiveIntegerField(_("estimated pages"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DraftJobStatus.choices, default=DraftJobStatus.QUEUED
    )
    task_id = models.CharField(_("current task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    content = models.BinaryField(_("PDF"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("draft PDF job")
        verbose_name_plural = _("draft PDF jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="proposals_draftpdfjob_status_valid",
                condition=Q(status__in=DraftJobStatus.values),
            ),
            models.CheckConstraint(
                name="proposals_draftpdfjob_done_has_content",
                condition=~Q(status=DraftJobStatus.DONE) | Q(content__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.blueprint_id} {self.status} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("proposals:pdf_job", args=[self.blueprint_id, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (DraftJobStatus.DONE, DraftJobStatus.FAILED)


class SigningCertificate(models.Model):
    """The certificate a province signs its submission PDFs with (PAdES), and its key.

    Uploaded by a system administrator as a PKCS#12 bundle
    (:func:`proposals.pdf.signing.certificate_install`); the passphrase is not kept. The
    certificate and its chain are public and stored as they are; the private key is
    stored only encrypted (Fernet, with a key derived from ``PDF_SIGNING_SECRET``) and is
    never shown back. The subject and validity are copied out to be listed.
    """

    province = models.OneToOneField(
        "strategies.Organisation",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="signing_certificate",
        limit_choices_to={"kind": "province"},
    )
    subject = models.CharField(_("subject"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial_number = models.CharField(_("serial number"), max_length=100)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    certificate = models.TextField(_("certificate (PEM)"))
    chain = models.TextField(_("other certificates of the bundle (PEM)"), blank=True)
    encrypted_key = models.BinaryField(_("private key (encrypted)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.CheckConstraint(
                name="proposals_signingcertificate_validity_ordered",
                condition=Q(not_before__lt=models.F("not_after")),
            ),
        ]

    def __str__(self):
        return self.subject

    def is_valid_at(self, moment) -> bool:
        return self.not_before <= moment <= self.not_after
