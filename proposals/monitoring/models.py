"""Monitoring: what happened, quarter by quarter, against the yearly targets.

Models of the ``proposals`` app (imported by :mod:`proposals.models`); the rules are in
:mod:`proposals.monitoring.services`, who may do what in :mod:`proposals.monitoring.access`,
the computed status in :mod:`proposals.monitoring.status`.

- A :class:`ReportingPeriod` is one quarter of one fiscal year of one province, opened by
  its strategy office with a due date and a grace period. Entries are taken from its opening
  until the due date plus the grace period ("it locks"), and after that only while the office
  has reopened it (:class:`PeriodReopening`, who, when, why and until when).
- An :class:`IndicatorActual` is the value of one indicator in one period, with a short note
  and its :class:`Evidence` (files, stored in the row with their SHA-256 like the Blueprint's
  attachments, or links). Every save writes an :class:`ActualRevision`: a correction never
  loses what was there before.
- A :class:`ProjectProgress` is a project's progress in one period — per cent complete,
  milestones reached — with its :class:`ProjectSpend` by budget source; every save writes a
  :class:`ProgressRevision`.
- A :class:`TargetChange` is a request to change a yearly target once the plan was approved:
  a reason, then the office's decision; approved, it is the history of the target.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategies import fiscal
from strategies.models import BudgetSource, Indicator, Organisation, Project

NOTE_MAX_LENGTH = 500


class ReportingPeriod(models.Model):
    province = models.ForeignKey(
        Organisation,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="reporting_periods",
        limit_choices_to={"kind": "province"},
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    due_date = models.DateField(
        _("due date"), help_text=_("The day by which every agency should have reported.")
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=7,
        help_text=_("Late entries are still taken for this many days after the due date."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["province_id", "fiscal_year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year", "quarter"],
                name="proposals_period_one_per_quarter",
            ),
            models.CheckConstraint(
                name="proposals_period_quarter_range",
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
            ),
            models.CheckConstraint(
                name="proposals_period_year_range",
                condition=Q(fiscal_year__gte=fiscal.MIN_FISCAL_YEAR)
                & Q(fiscal_year__lte=fiscal.MAX_FISCAL_YEAR),
            ),
            models.CheckConstraint(
                name="proposals_period_grace_range", condition=Q(grace_days__lte=90)
            ),
        ]

    def __str__(self):
        return f"Q{self.quarter}/{self.fiscal_year}"

    @property
    def starts_on(self):
        return fiscal.quarter_bounds(self.fiscal_year, self.quarter)[0]

    @property
    def ends_on(self):
        return fiscal.quarter_bounds(self.fiscal_year, self.quarter)[1]

    @property
    def locks_after(self):
        """The last day entries are taken without a reopening: due date + grace."""
        import datetime

        return self.due_date + datetime.timedelta(days=self.grace_days)

    def is_open(self, today) -> bool:
        """Whether entries are taken on ``today``."""
        if today <= self.locks_after:
            return True
        return self.reopened_until is not None and today <= self.reopened_until

    def is_locked(self, today) -> bool:
        return not self.is_open(today)

    def is_overdue(self, today) -> bool:
        """Past the due date (entries still missing are overdue)."""
        return today > self.due_date


class PeriodReopening(models.Model):
    """The office let late entries in after a period locked: who, when, why, until when."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="reopenings",
    )
    reason = models.CharField(_("reason"), max_length=500)
    until = models.DateField(_("open until"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["period_id", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_reopening_reason_not_empty", condition=~Q(reason="")
            ),
        ]

    def __str__(self):
        return f"{self.period} → {self.until}"


class IndicatorActual(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="actuals",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="actuals",
    )
    value = models.DecimalField(_("actual value"), max_digits=16, decimal_places=2)
    note = models.CharField(
        _("note"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("One or two sentences: what the figure means, why it moved."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["indicator_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="proposals_actual_one_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period}: {self.value}"


class ActualRevision(models.Model):
    """One saved state of an actual value (append-only): the first entry and each correction."""

    actual = models.ForeignKey(
        IndicatorActual,
        verbose_name=_("actual value"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("number"))
    value = models.DecimalField(_("actual value"), max_digits=16, decimal_places=2)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    source = models.CharField(_("entered through"), max_length=20, default="web")

    class Meta:
        verbose_name = _("actual value revision")
        verbose_name_plural = _("actual value revisions")
        ordering = ["actual_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["actual", "number"], name="proposals_actualrevision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.actual_id} #{self.number}"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")


class Evidence(models.Model):
    """A file (PDF, PNG, JPEG; bytes in the row with their SHA-256) or a link backing an
    actual value."""

    actual = models.ForeignKey(
        IndicatorActual,
        verbose_name=_("actual value"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=50, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["actual_id", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_evidence_file_or_link",
                condition=(
                    Q(kind="file", size__gt=0, url="")
                    & Q(content_type__in=["application/pdf", "image/png", "image/jpeg"])
                )
                | (Q(kind="link", size=0) & ~Q(url="")),
            ),
            models.CheckConstraint(
                name="proposals_evidence_title_not_empty", condition=~Q(title="")
            ),
        ]

    def __str__(self):
        return self.title


class ProjectProgress(models.Model):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="progress",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    percent_complete = models.DecimalField(_("per cent complete"), max_digits=5, decimal_places=2)
    milestones = models.CharField(
        _("milestones reached"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("The milestones reached by the end of the quarter, one per line."),
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        ordering = ["project_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"], name="proposals_progress_one_per_period"
            ),
            models.CheckConstraint(
                name="proposals_progress_percent_range",
                condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100),
            ),
        ]

    def __str__(self):
        return f"{self.project_id} {self.period}: {self.percent_complete}%"


class ProjectSpend(models.Model):
    """Money committed and disbursed for a project by the end of a period, from one source
    (amounts to date within the fiscal year, in baht)."""

    progress = models.ForeignKey(
        ProjectProgress,
        verbose_name=_("project progress"),
        on_delete=models.CASCADE,
        related_name="spending",
    )
    source = models.CharField(_("source"), max_length=20, choices=BudgetSource.choices)
    committed = models.DecimalField(_("committed (baht)"), max_digits=16, decimal_places=2)
    disbursed = models.DecimalField(_("disbursed (baht)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["progress_id", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "source"], name="proposals_spend_one_per_source"
            ),
            models.CheckConstraint(
                name="proposals_spend_amounts",
                condition=Q(disbursed__gte=0) & Q(committed__gte=F("disbursed")),
            ),
        ]

    def __str__(self):
        return f"{self.progress_id} {self.source}"


class ProgressRevision(models.Model):
    """One saved state of a project's progress (append-only), values as entered."""

    progress = models.ForeignKey(
        ProjectProgress,
        verbose_name=_("project progress"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveIntegerField(_("number"))
    data = models.JSONField(_("values"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress revision")
        verbose_name_plural = _("progress revisions")
        ordering = ["progress_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "number"], name="proposals_progressrevision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.progress_id} #{self.number}"


class TargetChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the office's decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class TargetChange(models.Model):
    """A yearly target changed (or asked to be) after the plan was approved."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="target_changes",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    old_value = models.DecimalField(
        _("target before"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    new_value = models.DecimalField(_("new target"), max_digits=16, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=1000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TargetChangeStatus.choices,
        default=TargetChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("target change")
        verbose_name_plural = _("target changes")
        ordering = ["indicator_id", "fiscal_year", "requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_targetchange_reason_not_empty", condition=~Q(reason="")
            ),
            models.CheckConstraint(
                name="proposals_targetchange_decided",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"],
                condition=Q(status="pending"),
                name="proposals_targetchange_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.fiscal_year}: {self.old_value} → {self.new_value}"
