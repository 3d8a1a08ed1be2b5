"""OPDC's review workspace: what the dashboard reads, review comments, the rubric, exports.

These models belong to the ``proposals`` app (imported at the end of
``proposals/models.py``) so that they migrate with the Blueprints they describe.

- :class:`BlueprintDigest` — per Blueprint, what the national dashboard shows without
  loading the document: completeness and the word-segmented search text. Refreshed
  by :mod:`proposals.review.digest` after every change (on commit), never per request.
- :class:`SubmissionDeadline` — OPDC's deadline for submitting a fiscal year's Blueprints.
- :class:`ReviewNote` — a reviewer's comment on one section of one submitted version;
  the province sees it. (General comments on drafts are a different feature.)
- :class:`ReviewerAssignment` — the named OPDC reviewers in charge of a submitted Blueprint.
- :class:`NoteAnswer` — the province's answer to a review comment, written before it
  submits the revised version again.
- :class:`Rubric`, :class:`Criterion`, :class:`CriterionLevel`, :class:`Score` — OPDC's
  scoring rubric (criteria with weights, levels 1–5 with descriptors) and the scores
  given to a submitted version.
- :class:`ExportJob` — a batch export of archived submission PDFs, built in the background.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models import SectionKey

LEVELS = range(1, 6)


class BlueprintDigest(models.Model):
    """What the dashboard shows of one Blueprint, kept up to date by the services."""

    blueprint = models.OneToOneField(
        "proposals.Blueprint",
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review_digest",
    )
    blockers = models.PositiveIntegerField(_("blockers"), default=0)
    parts_complete = models.PositiveSmallIntegerField(_("complete parts"), default=0)
    parts_total = models.PositiveSmallIntegerField(_("parts"), default=len(SectionKey.values))
    completeness = models.PositiveSmallIntegerField(_("completeness (%)"), default=0)
    # Word-segmented (PyThaiNLP newmm), lower-cased, single spaces, padded with a space at
    # both ends so that " word " matches a whole word.
    search_text = models.TextField(_("search text"), blank=True)
    changed_at = models.DateTimeField(_("last change"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("dashboard digest")
        verbose_name_plural = _("dashboard digests")
        constraints = [
            models.CheckConstraint(
                name="proposals_review_digest_completeness_range",
                condition=Q(completeness__lte=100),
            ),
            models.CheckConstraint(
                name="proposals_review_digest_parts",
                condition=Q(parts_complete__lte=F("parts_total")),
            ),
        ]

    def __str__(self):
        return f"{self.blueprint_id}: {self.completeness}%"


class SubmissionDeadline(models.Model):
    """The date by which provinces must submit the Blueprints of a fiscal year to OPDC."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)
    submit_by = models.DateField(_("submit by"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("submission deadline")
        verbose_name_plural = _("submission deadlines")
        ordering = ["-fiscal_year"]

    def __str__(self):
        return f"{self.fiscal_year}: {self.submit_by}"


# Where a review comment belongs: a section of the Blueprint, or the whole of it.
GENERAL = "general"
NOTE_SECTIONS = [(GENERAL, _("The Blueprint as a whole")), *SectionKey.choices]


class ReviewNoteQuerySet(models.QuerySet):
    def for_snapshots(self, snapshots):
        """The notes on any of ``snapshots`` (versions), oldest first, with their authors."""
        return (
            self.filter(snapshot__in=snapshots)
            .select_related("author")
            .order_by("created_at", "pk")
        )


class ReviewNote(models.Model):
    """A reviewer's comment on one section of a submitted version. The province sees it."""

    snapshot = models.ForeignKey(
        "proposals.Snapshot",
        verbose_name=_("submitted version"),
        on_delete=models.CASCADE,
        related_name="review_notes",
    )
    section = models.CharField(_("section"), max_length=20, choices=NOTE_SECTIONS)
    text = models.TextField(_("review comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = ReviewNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["snapshot_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(name="proposals_review_note_not_empty", condition=~Q(text="")),
            models.CheckConstraint(
                name="proposals_review_note_section_valid",
                condition=Q(section__in=[GENERAL, *SectionKey.values]),
            ),
        ]

    def __str__(self):
        return f"{self.snapshot_id} {self.section}: {self.text[:60]}"


class ReviewerAssignmentQuerySet(models.QuerySet):
    def names_by_blueprint(self, blueprint_ids) -> dict[int, list[str]]:
        """The reviewers' names of each of ``blueprint_ids``, in order of assignment (one query)."""
        names: dict[int, list[str]] = {}
        rows = (
            self.filter(blueprint_id__in=blueprint_ids)
            .order_by("assigned_at", "pk")
            .values_list(
                "blueprint_id", "reviewer__first_name", "reviewer__last_name", "reviewer__username"
            )
        )
        for blueprint_id, first, last, username in rows:
            name = f"{first} {last}".strip() or username
            names.setdefault(blueprint_id, []).append(name)
        return names


class ReviewerAssignment(models.Model):
    """A named OPDC reviewer put in charge of reviewing a submitted Blueprint.

    Several reviewers may share a Blueprint; each assignment is its own row, so two
    reviewers assigning people at the same time add to each other's choice instead of
    overwriting it."""

    blueprint = models.ForeignKey(
        "proposals.Blueprint",
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="reviewer_assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    objects = ReviewerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        ordering = ["blueprint_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "reviewer"], name="proposals_review_assignment_once"
            ),
        ]

    def __str__(self):
        return f"{self.blueprint_id} → {self.reviewer_id}"


class NoteAnswerQuerySet(models.QuerySet):
    def for_notes(self, notes):
        return self.filter(note__in=notes).select_related("updated_by")


class NoteAnswer(models.Model):
    """The province's answer to one of OPDC's review comments on a returned version:
    what it changed and where. Written by the strategy office while the Blueprint is back
    in the province (see :mod:`proposals.review.answers`); the resubmitted version carries
    the answers (``answers_to_review`` in its snapshot).

    ``edition`` is the version the comment was written on (its snapshot's edition), kept
    here so that the answers of a round are read without a join."""

    note = models.OneToOneField(
        ReviewNote,
        verbose_name=_("review comment"),
        on_delete=models.CASCADE,
        related_name="answer",
    )
    blueprint = models.ForeignKey(
        "proposals.Blueprint",
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="note_answers",
    )
    edition = models.PositiveIntegerField(_("version answered"))
    section = models.CharField(_("where it was changed"), max_length=20, choices=NOTE_SECTIONS)
    text = models.TextField(_("what was changed"))
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = NoteAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer to a review comment")
        verbose_name_plural = _("answers to review comments")
        ordering = ["blueprint_id", "edition", "note"]
        constraints = [
            models.CheckConstraint(name="proposals_note_answer_not_empty", condition=~Q(text="")),
            models.CheckConstraint(
                name="proposals_note_answer_section_valid",
                condition=Q(section__in=[GENERAL, *SectionKey.values]),
            ),
        ]

    def __str__(self):
        return f"{self.note_id} → {self.section}: {self.text[:60]}"


# --------------------------------------------------------------------------
# The rubric
# --------------------------------------------------------------------------


class RubricQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Rubric(models.Model):
    """OPDC's scoring rubric. One is active: new reviews are scored against it."""

    name = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-is_active", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="proposals_review_one_active_rubric",
            ),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """One criterion of a rubric, with its weight (relative; they need not add up to 100)."""

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description = models.TextField(_("what is judged"), blank=True)
    section = models.CharField(
        _("section of the Blueprint"),
        max_length=20,
        choices=SectionKey.choices,
        blank=True,
        help_text=_("Where in the Blueprint the reviewer finds what this criterion judges."),
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=10)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="proposals_review_criterion_weight_positive", condition=Q(weight__gt=0)
            ),
        ]

    def __str__(self):
        return self.title


class CriterionLevel(models.Model):
    """What a level (1 = weakest … 5 = exemplary) of a criterion looks like."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    descriptor = models.TextField(_("descriptor"))

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["criterion_id", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "level"], name="proposals_review_level_unique"
            ),
            models.CheckConstraint(
                name="proposals_review_level_range", condition=Q(level__gte=1, level__lte=5)
            ),
        ]

    def __str__(self):
        return f"{self.level}: {self.descriptor[:60]}"


class Score(models.Model):
    """The level a submitted version reached on one criterion.

    ``weight`` is the criterion's weight when the score was given, so that editing the
    rubric later does not change the result of a review already done.
    """

    snapshot = models.ForeignKey(
        "proposals.Snapshot",
        verbose_name=_("submitted version"),
        on_delete=models.CASCADE,
        related_name="review_scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    weight = models.PositiveSmallIntegerField(_("weight"))
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["snapshot_id", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "criterion"], name="proposals_review_score_one_per_criterion"
            ),
            models.CheckConstraint(
                name="proposals_review_score_level_range", condition=Q(level__gte=1, level__lte=5)
            ),
            models.CheckConstraint(
                name="proposals_review_score_weight_positive", condition=Q(weight__gt=0)
            ),
        ]

    def __str__(self):
        return f"{self.snapshot_id} {self.criterion_id}: {self.level}"


# --------------------------------------------------------------------------
# Batch export of archived PDFs
# --------------------------------------------------------------------------


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jobs this person may follow and download: their own (a superuser: all)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(created_by=user)

    def unfinished(self):
        return self.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])


class ExportJob(models.Model):
    """One ZIP of archived submission PDFs with a manifest, built by a background task.

    ``snapshot_ids`` is the selection, frozen when the job is created (the visibility of
    each item is checked again when the job runs). Work is written to a directory of its
    own under ``MEDIA_ROOT`` item by item, so a worker that stops half-way loses at most
    the PDF it was on; :func:`proposals.review.exports.export_jobs_recover` hands an
    orphaned job to a new task.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    title = models.CharField(_("selection"), max_length=500, blank=True)
    snapshot_ids = models.JSONField(_("submitted versions"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("items"), default=0)
    done = models.PositiveIntegerField(_("items done"), default=0)
    step_size = models.PositiveSmallIntegerField(_("items per task"), default=10)
    task_id = models.CharField(_("current task"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("restarts"), default=0)
    worker = models.CharField(_("worker"), max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    archive = models.CharField(_("archive file"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="proposals_review_export_done_le_total", condition=Q(done__lte=F("total"))
            ),
            models.CheckConstraint(
                name="proposals_review_export_status_valid",
                condition=Q(status__in=ExportStatus.values),
            ),
            models.CheckConstraint(
                name="proposals_review_export_step_positive", condition=Q(step_size__gt=0)
            ),
        ]

    def __str__(self):
        return f"{self.pk} ({self.status} {self.done}/{self.total})"

    def get_absolute_url(self):
        return reverse("proposals:review:export_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == ExportStatus.DONE else 0
        return int(100 * self.done / self.total)
