"""Blueprints for Change: one per strategic issue and fiscal year, drafted section by section.

The goals/indicators/targets section and the projects/budgets of the action-plan
section are *not* stored here: they are the cascade's own rows
(:mod:`strategies.models`), read and written through the Blueprint. What is
stored here is what only a Blueprint has: its header, the diagnosis, change
proposals, the readiness assessment, project activities and milestones, risks,
key success factors, section assignments, the history of every save
(:class:`Revision`), the workflow log (:class:`Transition`) and the frozen
submissions (:class:`Snapshot`).

Every editable row carries an integer ``version``; services update it with a
conditional ``UPDATE … WHERE pk = %s AND version = %s`` so that a save based on
a stale copy is refused instead of overwriting someone else's work.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.visibility import visible_blueprints_q
from strategies import fiscal
from strategies.models import Indicator, Organisation, Project, StrategicIssue

# Long free text (diagnosis, proposals…) is capped in forms at this many characters:
# about ten pages of Thai, far beyond any real section, well below what would hurt.
MAX_TEXT_LENGTH = 20_000

# The phrase nearly every Blueprint's title starts with ("ข้อเสนอการเปลี่ยนแปลง (Blueprint for
# Change) ประเด็นยุทธศาสตร์ที่ 1 …"): shown in a list, it makes every line look the same.
_SHARED_TITLE_START = re.compile(
    r"^(?:\s|[:·–-]|ข้อเสนอการเปลี่ยนแปลง|\(?Blueprint for Change\)?)*"
    r"(?:ประเด็นยุทธศาสตร์(?:ที่)?\s*[0-9๐-๙]*)?[\s:·–-]*",
    re.IGNORECASE,
)
SHORT_TITLE_LENGTH = 60


def blueprint_label(*, province: str, number, year, title: str) -> str:
    """How a Blueprint is named wherever several are listed: province, issue number,
    fiscal year and a short title, in the active language."""
    short = title if len(title) <= SHORT_TITLE_LENGTH else title[: SHORT_TITLE_LENGTH - 1] + "…"
    return _("%(province)s · issue %(number)s · FY %(year)s · %(title)s") % {
        "province": province,
        "number": number,
        "year": year,
        "title": short,
    }


class BlueprintStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("Consultation with agencies")
    PROVINCIAL_REVIEW = "provincial_review", _("Provincial review")
    APPROVED = "approved", _("Approved by the governor")
    SUBMITTED = "submitted", _("Submitted to OPDC")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted by OPDC")


# The content may be changed only in these states; later states are frozen.
EDITABLE_STATUSES = frozenset(
    {BlueprintStatus.DRAFT, BlueprintStatus.CONSULTATION, BlueprintStatus.PROVINCIAL_REVIEW}
)
# A Blueprint stops being "open" once OPDC accepts it.
CLOSED_STATUSES = frozenset({BlueprintStatus.ACCEPTED})


class SectionKey(models.TextChoices):
    """The parts of a Blueprint, in document order. ``header`` has history but no assignment."""

    HEADER = "header", _("Header")
    GOALS = "goals", _("Goals, indicators and targets")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    CHANGES = "changes", _("Change proposals")
    READINESS = "readiness", _("Strategic readiness")
    ACTION_PLAN = "action_plan", _("Action plan")
    RISKS = "risks", _("Risks and mitigation")
    SUCCESS_FACTORS = "success_factors", _("Key success factors")


# Sections that exist as Section rows (can be assigned, have a status).
CONTENT_SECTIONS = [key for key in SectionKey if key != SectionKey.HEADER]


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for merge")
    ACCEPTED = "accepted", _("Accepted")


class ChangeCategory(models.TextChoices):
    EFFICIENCY = "efficiency", _("Efficiency improvement")
    QUALITY = "quality", _("Quality improvement")
    CAPACITY = "capacity", _("Capacity building")


class Capital(models.TextChoices):
    HUMAN = "human", _("Human capital")
    INFORMATION = "information", _("Information capital")
    ORGANISATION = "organisation", _("Organisation capital")


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


# --------------------------------------------------------------------------
# The Blueprint and its sections
# --------------------------------------------------------------------------


class BlueprintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Blueprints this person may open: see :mod:`proposals.access` for the rules."""
        condition = visible_blueprints_q(user)
        if condition is None:
            return self
        return self.filter(condition)

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def with_progress(self):
        """Annotate ``sections_total``, ``sections_accepted`` and ``sections_assigned``."""
        return self.annotate(
            sections_total=models.Count("sections", distinct=True),
            sections_accepted=models.Count(
                "sections",
                filter=Q(sections__status=SectionStatus.ACCEPTED),
                distinct=True,
            ),
            sections_assigned=models.Count(
                "sections", filter=Q(sections__assignee__isnull=False), distinct=True
            ),
        )


class Blueprint(models.Model):
    """ข้อเสนอการเปลี่ยนแปลง for one strategic issue of a province's 4-year action plan."""

    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.PROTECT,
        related_name="blueprints",
    )
    # Denormalised from issue.plan.organisation so access checks need no join.
    province = models.ForeignKey(
        Organisation,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="blueprints",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    title = models.CharField(_("title"), max_length=500)
    cluster = models.ForeignKey(
        Organisation,
        verbose_name=_("provincial cluster"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_blueprints",
        limit_choices_to={"kind": "cluster"},
    )
    cluster_reference = models.CharField(
        _("cluster Blueprint"),
        max_length=500,
        blank=True,
        help_text=_("Title or reference of the cluster's Blueprint this one aligns with."),
    )
    cluster_url = models.URLField(_("link to the cluster Blueprint"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BlueprintStatus.choices, default=BlueprintStatus.DRAFT
    )
    edition = models.PositiveIntegerField(
        _("version number"),
        default=1,
        help_text=_("The document's version: goes up each time a returned Blueprint is revised."),
    )
    approver_name = models.CharField(_("approved by"), max_length=255, blank=True)
    approver_position = models.CharField(_("approver's position"), max_length=255, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    # The Blueprint of the previous fiscal year this one was started from, if any.
    previous = models.ForeignKey(
        "self",
        verbose_name=_("started from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic lock of the header; the counter numbers the Blueprint's revisions.
    version = models.PositiveIntegerField(default=1, editable=False)
    revision_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BlueprintQuerySet.as_manager()

    class Meta:
        verbose_name = _("Blueprint for Change")
        verbose_name_plural = _("Blueprints for Change")
        ordering = ["province__name", "-fiscal_year", "issue__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "fiscal_year"],
                condition=~Q(status="accepted"),
                name="proposals_one_open_blueprint_per_issue_year",
            ),
            models.CheckConstraint(
                name="proposals_blueprint_title_not_empty", condition=~Q(title="")
            ),
            models.CheckConstraint(
                name="proposals_blueprint_year_range",
                condition=Q(fiscal_year__gte=fiscal.MIN_FISCAL_YEAR)
                & Q(fiscal_year__lte=fiscal.MAX_FISCAL_YEAR),
            ),
            models.CheckConstraint(
                name="proposals_blueprint_status_valid",
                condition=Q(status__in=BlueprintStatus.values),
            ),
        ]
        indexes = [
            # The latest Blueprint of an issue and year (the OPDC dashboard's subqueries,
            # one per issue of the country): read from the index, no sort.
            models.Index(
                fields=["issue", "fiscal_year", "-created_at", "-id"],
                name="proposals_bp_issue_year_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def short_title(self) -> str:
        """The title without the phrase every Blueprint's title starts with; the issue's
        title when nothing else is left (reads the issue then)."""
        return _SHARED_TITLE_START.sub("", self.title).strip() or self.issue.title

    def label_parts(self) -> dict:
        """What :func:`blueprint_label` needs, as plain values to keep (in a notification)
        and name the Blueprint later in the reader's language. Reads the province and the
        issue: select them with the Blueprint."""
        return {
            "province": self.province.name,
            "number": self.issue.number,
            "year": self.fiscal_year,
            "title": self.short_title,
        }

    @property
    def label(self) -> str:
        """Province · issue number · fiscal year · short title (see :meth:`label_parts`)."""
        return blueprint_label(**self.label_parts())

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class SectionQuerySet(models.QuerySet):
    def in_document_order(self):
        order = models.Case(
            *[models.When(key=key, then=index) for index, key in enumerate(SectionKey.values)],
            output_field=models.IntegerField(),
        )
        return self.order_by(order)


class Section(models.Model):
    """A part of a Blueprint, optionally assigned to a line agency with a due date."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    assignee = models.ForeignKey(
        Organisation,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_sections",
        limit_choices_to={"kind": "line_agency"},
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SectionStatus.choices, default=SectionStatus.NOT_STARTED
    )
    instructions = models.TextField(_("instructions to the agency"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "key"], name="proposals_section_one_per_key"
            ),
            models.CheckConstraint(name="proposals_section_not_header", condition=~Q(key="header")),
        ]

    def __str__(self):
        return f"{self.blueprint_id} {self.get_key_display()}"

    @property
    def is_unresolved_assignment(self) -> bool:
        return self.assignee_id is not None and self.status != SectionStatus.ACCEPTED


# --------------------------------------------------------------------------
# Rows that belong to the Blueprint only
# --------------------------------------------------------------------------


class OrderedRow(models.Model):
    """A row of a section: ordered by ``position``, versioned for safe concurrent editing."""

    position = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class Diagnosis(models.Model):
    """สภาพปัจจุบัน สภาพที่พึงประสงค์ ช่องว่าง สาเหตุ และ SWOT — one per Blueprint."""

    blueprint = models.OneToOneField(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="diagnosis"
    )
    current_situation = models.TextField(_("current situation"), blank=True)
    desired_state = models.TextField(_("desired state"), blank=True)
    gap = models.TextField(_("gap"), blank=True)
    root_causes = models.TextField(_("root causes"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self):
        return str(_("Diagnosis"))


class ChangeProposal(OrderedRow):
    """ประเด็นการเปลี่ยนแปลง: one change, in one category, closing one gap."""

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="change_proposals",
    )
    category = models.CharField(_("category"), max_length=20, choices=ChangeCategory.choices)
    title = models.CharField(_("change"), max_length=500)
    gap = models.TextField(_("gap it closes"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("linked indicator"),
        on_delete=models.PROTECT,  # not unlinked behind the Blueprint's history
        null=True,
        blank=True,
        related_name="change_proposals",
    )
    responsible_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_changes",
    )
    start_year = models.PositiveSmallIntegerField(_("from fiscal year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to fiscal year"), null=True, blank=True)

    class Meta(OrderedRow.Meta):
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        constraints = [
            models.CheckConstraint(name="proposals_change_title_not_empty", condition=~Q(title="")),
            models.CheckConstraint(
                name="proposals_change_category_valid",
                condition=Q(category__in=ChangeCategory.values),
            ),
            models.CheckConstraint(
                name="proposals_change_years_ordered",
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
            ),
        ]

    def __str__(self):
        return self.title


class ReadinessItem(OrderedRow):
    """One line of the strategic-readiness assessment in one of the three capitals."""

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="readiness_items",
    )
    capital = models.CharField(_("capital"), max_length=20, choices=Capital.choices)
    requirement = models.TextField(_("requirement"))
    current_level = models.TextField(_("current level"), blank=True)
    gap = models.TextField(_("gap"), blank=True)
    action = models.TextField(_("action"), blank=True)

    class Meta(OrderedRow.Meta):
        verbose_name = _("readiness item")
        verbose_name_plural = _("readiness items")
        constraints = [
            models.CheckConstraint(
                name="proposals_readiness_capital_valid",
                condition=Q(capital__in=Capital.values),
            ),
        ]

    def __str__(self):
        return self.requirement[:80]


class ProjectActivity(OrderedRow):
    """An activity of a cascade project, as planned in this Blueprint, with its timeline."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="activities"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        # A project is a row of the action plan, shared by every Blueprint of the issue:
        # it cannot be deleted from under a Blueprint's rows (its own are removed first,
        # in its history; those of other Blueprints refuse the deletion).
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=500)
    start_date = models.DateField(_("starts"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    responsible_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blueprint_activities",
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                name="proposals_activity_title_not_empty", condition=~Q(title="")
            ),
            models.CheckConstraint(
                name="proposals_activity_dates_ordered",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self):
        return self.title


class ProjectMilestone(OrderedRow):
    """A milestone of a cascade project in this Blueprint."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="milestones"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        # A project is a row of the action plan, shared by every Blueprint of the issue:
        # it cannot be deleted from under a Blueprint's rows (its own are removed first,
        # in its history; those of other Blueprints refuse the deletion).
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=500)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Optional: the value of one of the issue's indicators the milestone reaches, checked
    # against that indicator's target for the milestone's fiscal year.
    indicator = models.ForeignKey(
        "strategies.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    value = models.DecimalField(
        _("value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "The indicator's value this milestone reaches; the last milestone of a fiscal "
            "year should reach that year's target."
        ),
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                name="proposals_milestone_title_not_empty", condition=~Q(title="")
            ),
        ]

    def __str__(self):
        return self.title


class Risk(OrderedRow):
    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("risk"))
    likelihood = models.CharField(
        _("likelihood"), max_length=10, choices=Level.choices, default=Level.MEDIUM
    )
    impact = models.CharField(
        _("impact"), max_length=10, choices=Level.choices, default=Level.MEDIUM
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("risk owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blueprint_risks",
    )

    class Meta(OrderedRow.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                name="proposals_risk_levels_valid",
                condition=Q(likelihood__in=Level.values) & Q(impact__in=Level.values),
            ),
        ]

    def __str__(self):
        return self.description[:80]


class SuccessFactor(OrderedRow):
    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="success_factors",
    )
    text = models.TextField(_("key success factor"))

    class Meta(OrderedRow.Meta):
        verbose_name = _("key success factor")
        verbose_name_plural = _("key success factors")

    def __str__(self):
        return self.text[:80]


# --------------------------------------------------------------------------
# History, workflow, submissions
# --------------------------------------------------------------------------


class RevisionAction(models.TextChoices):
    BASELINE = "baseline", _("Taken from the action plan")
    CREATED = "created", _("Added")
    UPDATED = "updated", _("Edited")
    MOVED = "moved", _("Moved")
    DELETED = "deleted", _("Removed")
    RESTORED = "restored", _("Restored")
    EXTERNAL = "external", _("Changed outside the Blueprint")


class Revision(models.Model):
    """One saved state of one row (or of the header/diagnosis), kept for ever.

    ``number`` counts the Blueprint's saves (1, 2, 3…); the versions of a section are
    its revisions in number order, and the section's content at revision *n* is the
    latest revision ≤ *n* of every row that was not deleted by then.
    ``data`` holds raw values (to restore from), ``display`` the readable text of each
    field at the time (to compare, immune to later renames).
    """

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    section = models.CharField(_("section"), max_length=20, choices=SectionKey.choices)
    kind = models.CharField(_("kind of row"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("row"))
    object_version = models.PositiveIntegerField(_("row version"))
    action = models.CharField(_("action"), max_length=20, choices=RevisionAction.choices)
    label = models.CharField(_("row"), max_length=500)
    data = models.JSONField(_("data"), default=dict)
    display = models.JSONField(_("readable data"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["blueprint_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "number"], name="proposals_revision_number_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["blueprint", "section", "number"], name="proposals_rev_section_idx"
            ),
            models.Index(fields=["blueprint", "kind", "object_id"], name="proposals_rev_row_idx"),
        ]

    def __str__(self):
        return f"#{self.number} {self.kind} {self.object_id} ({self.action})"


class Transition(models.Model):
    """One step of the workflow: who moved the Blueprint from which state to which, and why."""

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    edition = models.PositiveIntegerField(_("version number"))
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=20, choices=BlueprintStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=BlueprintStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("done at"), default=timezone.now)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["blueprint_id", "created_at", "pk"]

    def __str__(self):
        return f"{self.blueprint_id}: {self.from_status} → {self.to_status}"


class Snapshot(models.Model):
    """The whole Blueprint frozen at submission (schema in :mod:`proposals.snapshot`).

    Immutable: there is no update path, and a database trigger
    (``proposals_snapshot_immutable``, migration 0002) refuses any UPDATE.
    """

    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("Blueprint"), on_delete=models.PROTECT, related_name="snapshots"
    )
    edition = models.PositiveIntegerField(_("version number"))
    schema_version = models.PositiveSmallIntegerField(_("schema version"))
    data = models.JSONField(_("data"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("submitted snapshot")
        verbose_name_plural = _("submitted snapshots")
        ordering = ["blueprint_id", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "edition"], name="proposals_snapshot_one_per_edition"
            ),
        ]

    def __str__(self):
        return f"{self.blueprint_id} v{self.edition}"

    def get_absolute_url(self):
        return reverse("proposals:snapshot", args=[self.blueprint_id, self.edition])


class ApprovedEdition(models.Model):
    """What the governor approved: the whole Blueprint frozen at approval.

    ``content`` is the snapshot (schema of :mod:`proposals.snapshot`) without the
    submission's own facts (status, when and by whom submitted), serialised canonically
    (:func:`proposals.edition.canonical`); ``sha256`` is the hash of those bytes. Submitting
    sends exactly this content, never a rebuild from the live rows: the cascade rows it
    reads are shared with other Blueprints and years and may change after approval (the
    Blueprint page then shows the drift). Immutable: a database trigger
    (``proposals_approvededition_immutable``) refuses any UPDATE. A withdrawn approval
    keeps its row; the Blueprint's current one is its latest for its current edition.
    """

    blueprint = models.ForeignKey(
        Blueprint,
        verbose_name=_("Blueprint"),
        on_delete=models.PROTECT,
        related_name="approved_editions",
    )
    edition = models.PositiveIntegerField(_("version number"))
    content = models.TextField(_("approved content (canonical JSON)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("approved edition")
        verbose_name_plural = _("approved editions")
        ordering = ["blueprint_id", "-pk"]

    def __str__(self):
        return f"{self.blueprint_id} v{self.edition} {self.sha256[:12]}"


class SubmissionPDF(models.Model):
    """The PDF of a submission, archived byte for byte (see :mod:`proposals.pdf.archive`).

    Rendered once from the frozen snapshot and served unchanged ever after, so the
    reviewer's copy and the province's copy are the same file; ``sha256`` identifies
    it (the verify page looks uploads up by it). Kept in the database, not on disk:
    the archive then lives and is backed up with the snapshot it belongs to, in one
    transaction and one dump. Immutable like the snapshot: a database trigger
    (``proposals_submissionpdf_immutable``) refuses any UPDATE.
    """

    snapshot = models.OneToOneField(
        Snapshot,
        verbose_name=_("submitted snapshot"),
        on_delete=models.PROTECT,
        related_name="pdf",
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    pages = models.PositiveIntegerField(_("pages"))
    content = models.BinaryField(_("PDF file"))
    created_at = models.DateTimeField(_("archived at"), default=timezone.now)

    class Meta:
        verbose_name = _("archived submission PDF")
        verbose_name_plural = _("archived submission PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"], name="proposals_submissionpdf_sha256_unique"
            ),
            models.CheckConstraint(
                name="proposals_submissionpdf_not_empty", condition=Q(size__gt=0)
            ),
        ]

    def __str__(self):
        return f"{self.snapshot} {self.sha256[:12]}"


# Models that live in sub-packages but belong to this app: participation (agencies, inputs,
# workshops, comments, notifications) in proposals/participation/, OPDC's review workspace
# in proposals/review/, draft PDFs rendered in the background in proposals/pdf/, the covering
# letter of a submission in proposals/letters/, uploaded documents in proposals/attachments/,
# quarterly results against the targets in proposals/monitoring/.
from proposals.attachments import models as attachment_models  # noqa: E402, F401
from proposals.letters import models as letter_models  # noqa: E402, F401
from proposals.monitoring import models as monitoring_models  # noqa: E402, F401
from proposals.participation import models as participation_models  # noqa: E402, F401
from proposals.pdf import models as pdf_models  # noqa: E402, F401
from proposals.review import models as review_models  # noqa: E402, F401
