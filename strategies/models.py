"""The planning cascade, organisations and people's roles.

Cabinet policy statement → policy headings → Government Administration Plan
(national strategies → goals → indicators) → 4-year action plans of
organisations (strategic issues → goals → indicators with yearly targets →
strategies → projects with yearly budgets).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strategies import fiscal
from strategies.choices import OrganisationKind, Role
from strategies.visibility import issues_q, plans_q

# --------------------------------------------------------------------------
# Organisations and people
# --------------------------------------------------------------------------


# Kinds that can own a province's rows besides the province and its line agencies.
PARTNER_KINDS = (
    OrganisationKind.REGIONAL_OFFICE,
    OrganisationKind.LOCAL_GOVERNMENT,
    OrganisationKind.PRIVATE,
)


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    EAST = "east", _("East")
    WEST = "west", _("West")
    SOUTH = "south", _("South")


class OrganisationQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(kind=OrganisationKind.PROVINCE)

    def line_agencies_of(self, province):
        return self.filter(kind=OrganisationKind.LINE_AGENCY, province=province)

    def cluster_members(self, cluster, fiscal_year: int):
        """The provinces in ``cluster`` on the first day of ``fiscal_year`` (membership
        carries dates), by name."""
        start, _end = fiscal.fiscal_year_bounds(fiscal_year)
        return (
            self.filter(cluster_history__cluster=cluster, cluster_history__start_date__lte=start)
            .filter(
                Q(cluster_history__end_date__isnull=True) | Q(cluster_history__end_date__gte=start)
            )
            .distinct()
            .order_by("name")
        )

    def owners_for(self, province):
        """Who can own a row of ``province``'s plan or Blueprints: the province, its line
        agencies, its local government and private-sector partners, and the regional
        offices of central agencies serving its region."""
        return self.filter(
            Q(pk=province.pk)
            | Q(kind__in=[OrganisationKind.LINE_AGENCY, *PARTNER_KINDS], province_id=province.pk)
            | Q(kind=OrganisationKind.REGIONAL_OFFICE, province__isnull=True)
            & ~Q(region="")
            & Q(region=province.region)
        )


class Organisation(models.Model):
    """A node of the typed organisation tree.

    A department's parent is its ministry; a line agency's parent is its
    department and ``province`` is the province it serves in.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="line_agencies",
        limit_choices_to={"kind": OrganisationKind.PROVINCE},
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    # A province's record of its governor: approving a Blueprint reads them from here
    # (and keeps a copy with the approval), never from text typed at each approval.
    governor_name = models.CharField(
        _("governor's name"),
        max_length=255,
        blank=True,
        help_text=_("For a province: the governor in office, as written on official documents."),
    )
    governor_position = models.CharField(
        _("governor's position"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a province, as written on official documents; left empty, it is formed "
            "from the province's name (“Governor of …”)."
        ),
    )
    # A province's office as its letters print it (the covering letter of a submission).
    # The emblem (Garuda) is the office's own image, never fetched.
    office_name = models.CharField(
        _("office"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a province: the office that issues its letters, e.g. the provincial hall."
        ),
    )
    office_address = models.CharField(_("office address"), max_length=500, blank=True)
    office_unit = models.CharField(
        _("issuing unit"),
        max_length=255,
        blank=True,
        help_text=_("The unit that owns the matter, printed at the foot of a letter."),
    )
    office_phone = models.CharField(_("telephone"), max_length=100, blank=True)
    emblem = models.BinaryField(_("emblem (Garuda) image"), blank=True, default=b"")
    emblem_type = models.CharField(_("emblem image type"), max_length=20, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="strategies_org_line_agency_has_province",
                condition=~Q(kind="line_agency") | Q(province__isnull=False),
            ),
            models.CheckConstraint(
                name="strategies_org_not_own_parent",
                condition=~Q(parent=F("pk")),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def governor_title(self) -> str:
        """The governor's position as written in Thai documents ("ผู้ว่าราชการจังหวัดชุมพร")."""
        if self.governor_position:
            return self.governor_position
        name = self.name if self.name.startswith("จังหวัด") else f"จังหวัด{self.name}"
        return f"ผู้ว่าราชการ{name}"

    @property
    def home_province_id(self):
        """The province this organisation belongs to, if any (no query)."""
        if self.kind == OrganisationKind.PROVINCE:
            return self.pk
        return self.province_id


class ClusterMembership(models.Model):
    """A province's membership of a provincial cluster, which changes over time."""

    cluster = models.ForeignKey(
        Organisation,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="cluster_memberships",
        limit_choices_to={"kind": OrganisationKind.CLUSTER},
    )
    province = models.ForeignKey(
        Organisation,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="cluster_history",
        limit_choices_to={"kind": OrganisationKind.PROVINCE},
    )
    start_date = models.DateField(_("member from"))
    end_date = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["cluster", "start_date"]
        constraints = [
            models.CheckConstraint(
                name="strategies_cluster_membership_dates",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["cluster", "province", "start_date"],
                name="strategies_cluster_membership_unique",
            ),
        ]

    def __str__(self):
        return f"{self.province} ∈ {self.cluster}"


class Membership(models.Model):
    """A person's role in an organisation. Access is derived from these rows only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="strategies_membership_unique",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class Profile(models.Model):
    """Per-person preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="th"
    )
    thai_numerals = models.BooleanField(_("Thai numerals in documents"), default=False)
    name_title = models.CharField(
        _("title before the name"),
        max_length=40,
        blank=True,
        help_text=_(
            "As written before the name in official documents: นาย, นาง, นางสาว, ว่าที่ร้อยตรี…"
        ),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


# The titles written straight before the name ("นายสมชาย"); others take a space
# ("ว่าที่ร้อยตรี สมชาย").
TITLES_WITHOUT_SPACE = frozenset({"นาย", "นาง", "นางสาว"})


def official_name(user) -> str:
    """A person's name as an official document writes it: the title before the name (from
    their profile, read if not loaded) and the full name."""
    try:
        title = user.profile.name_title.strip()
    except (AttributeError, ObjectDoesNotExist):
        title = ""
    name = user.get_full_name().strip() or user.get_username()
    if not title:
        return name
    return f"{title}{'' if title in TITLES_WITHOUT_SPACE else ' '}{name}"


# --------------------------------------------------------------------------
# National level
# --------------------------------------------------------------------------


class PolicyStatement(models.Model):
    """The Cabinet policy statement delivered to Parliament."""

    title = models.CharField(_("title"), max_length=255)
    delivered_on = models.DateField(_("delivered on"))
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("policy statement")
        verbose_name_plural = _("policy statements")
        ordering = ["-delivered_on"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:policy_detail", args=[self.pk])


class PolicyHeading(models.Model):
    statement = models.ForeignKey(
        PolicyStatement,
        verbose_name=_("policy statement"),
        on_delete=models.CASCADE,
        related_name="headings",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("policy heading")
        verbose_name_plural = _("policy headings")
        ordering = ["statement_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="strategies_heading_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:heading_detail", args=[self.pk])


class AdministrationPlan(models.Model):
    """แผนการบริหารราชการแผ่นดิน — the Government Administration Plan."""

    title = models.CharField(_("title"), max_length=255)
    statement = models.ForeignKey(
        PolicyStatement,
        verbose_name=_("policy statement"),
        on_delete=models.PROTECT,
        related_name="administration_plans",
    )
    start_year = models.PositiveSmallIntegerField(_("first fiscal year (B.E.)"))
    end_year = models.PositiveSmallIntegerField(_("last fiscal year (B.E.)"))

    class Meta:
        verbose_name = _("administration plan")
        verbose_name_plural = _("administration plans")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                name="strategies_adminplan_years",
                condition=Q(end_year__gte=F("start_year")),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:adminplan_detail", args=[self.pk])


class NationalStrategy(models.Model):
    plan = models.ForeignKey(
        AdministrationPlan,
        verbose_name=_("administration plan"),
        on_delete=models.CASCADE,
        related_name="strategies",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    policy_headings = models.ManyToManyField(
        PolicyHeading,
        verbose_name=_("policy headings served"),
        related_name="national_strategies",
        blank=True,
    )

    class Meta:
        verbose_name = _("national strategy")
        verbose_name_plural = _("national strategies")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="strategies_natstrategy_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:natstrategy_detail", args=[self.pk])


class NationalGoal(models.Model):
    strategy = models.ForeignKey(
        NationalStrategy,
        verbose_name=_("national strategy"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("national goal")
        verbose_name_plural = _("national goals")
        ordering = ["strategy_id", "number"]

    def __str__(self):
        return self.title


class NationalIndicator(models.Model):
    goal = models.ForeignKey(
        NationalGoal,
        verbose_name=_("national goal"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("national indicator")
        verbose_name_plural = _("national indicators")
        ordering = ["goal_id", "pk"]

    def __str__(self):
        return self.name


# --------------------------------------------------------------------------
# 4-year action plans
# --------------------------------------------------------------------------


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans this person may open: see :func:`strategies.access.plans_q`."""
        condition = plans_q(user, StrategicIssue.objects)
        return self if condition is None else self.filter(condition)


class ActionPlan(models.Model):
    """แผนปฏิบัติราชการ 4 ปี of one organisation (usually a province)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    administration_plan = models.ForeignKey(
        AdministrationPlan,
        verbose_name=_("administration plan"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first fiscal year (B.E.)"))
    end_year = models.PositiveSmallIntegerField(_("last fiscal year (B.E.)"))
    vision = models.TextField(
        _("vision"),
        blank=True,
        help_text=_("Where the province wants to be when the plan ends, in one or two sentences."),
    )
    missions = models.TextField(_("missions"), blank=True, help_text=_("One mission per line."))
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("4-year action plan")
        verbose_name_plural = _("4-year action plans")
        ordering = ["organisation__name", "-start_year"]
        constraints = [
            models.CheckConstraint(
                name="strategies_actionplan_four_years",
                condition=Q(end_year=F("start_year") + (fiscal.PLAN_SPAN - 1)),
            ),
            models.CheckConstraint(
                name="strategies_actionplan_year_range",
                condition=Q(start_year__gte=fiscal.MIN_FISCAL_YEAR)
                & Q(start_year__lte=fiscal.MAX_FISCAL_YEAR),
            ),
            models.UniqueConstraint(
                fields=["organisation", "start_year"],
                name="strategies_actionplan_one_per_org_period",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:plan_detail", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return fiscal.fiscal_years(self.start_year, self.end_year)

    @property
    def mission_list(self) -> list[str]:
        return [line.strip() for line in self.missions.splitlines() if line.strip()]


class StrategicIssueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Issues this person may read: see :func:`strategies.access.issues_q`."""
        condition = issues_q(user)
        return self if condition is None else self.filter(condition)


class StrategicIssue(models.Model):
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_(
            "A strategic issue is one of the few big themes of the plan, e.g. economic "
            "development and poverty alleviation. Each issue gets at least one Blueprint."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    national_strategies = models.ManyToManyField(
        NationalStrategy,
        verbose_name=_("aligned national strategies"),
        related_name="provincial_issues",
        blank=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = StrategicIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategic issue")
        verbose_name_plural = _("strategic issues")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="strategies_issue_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:issue_detail", args=[self.pk])


class Perspective(models.TextChoices):
    EFFECTIVENESS = "effectiveness", _("Effectiveness")
    SERVICE_QUALITY = "service_quality", _("Service quality")
    EFFICIENCY = "efficiency", _("Efficiency")
    ORGANISATIONAL_DEVELOPMENT = "org_development", _("Organisational development")


class Goal(models.Model):
    """เป้าประสงค์ of a strategic issue."""

    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("The result the issue should achieve; its indicators measure it."),
    )
    perspective = models.CharField(
        _("perspective"),
        max_length=20,
        choices=Perspective.choices,
        default=Perspective.EFFECTIVENESS,
        help_text=_(
            "OPDC's four viewpoints: effectiveness (results for people), service quality, "
            "efficiency (cost and time), organisational development."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["issue_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"], name="strategies_goal_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:goal_detail", args=[self.pk])


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Accumulation(models.TextChoices):
    LEVEL = "level", _("Per period (each quarter's value stands alone)")
    CUMULATIVE = "cumulative", _("Cumulative (the quarters add up to the year)")


class Indicator(models.Model):
    """ตัวชี้วัด with a baseline and a target for each fiscal year of the plan.

    ``direction``, ``accumulation`` and ``tolerance`` are the rules the quarterly status of
    its actual values is computed from (``proposals.monitoring.status``)."""

    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(
        _("unit"),
        max_length=100,
        help_text=_("What the number counts: per cent, baht, households, tonnes…"),
    )
    formula = models.TextField(
        _("formula"),
        blank=True,
        help_text=_("How the value is worked out, so anyone can check it."),
    )
    data_source = models.CharField(
        _("data source"),
        max_length=255,
        blank=True,
        help_text=_("Where the figure comes from: a survey, an agency's records…"),
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "The value measured before the plan starts: where you are now. Targets are where "
            "you want to be."
        ),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline fiscal year (B.E.)"),
        null=True,
        blank=True,
        help_text=_("The fiscal year in which the baseline was measured, e.g. 2547."),
    )
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Share of this indicator in the strategic issue's score, 0–100; the weights "
            "of an issue's indicators add up to 100."
        ),
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_indicators",
        help_text=_("The agency that collects the figure and answers for the indicator."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.HIGHER,
        help_text=_("Whether a higher or a lower value is the better result."),
    )
    accumulation = models.CharField(
        _("how quarters count"),
        max_length=10,
        choices=Accumulation.choices,
        default=Accumulation.LEVEL,
        help_text=_(
            "Cumulative: each quarter reports what it added and the year's result is their "
            "sum (households helped, baht earned). Per period: each quarter reports the level "
            "reached (a rate, a share) and the year's result is the last quarter's."
        ),
    )
    tolerance = models.DecimalField(
        _("tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_(
            "How far short of the expected value, in per cent of it, still counts as "
            "“at risk” rather than “off track”."
        ),
    )
    national_indicators = models.ManyToManyField(
        NationalIndicator,
        verbose_name=_("national indicators served"),
        related_name="provincial_indicators",
        blank=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "number"], name="strategies_indicator_number_unique"
            ),
            models.CheckConstraint(
                name="strategies_indicator_weight_range",
                condition=Q(weight__isnull=True) | (Q(weight__gte=0) & Q(weight__lte=100)),
            ),
            models.CheckConstraint(
                name="strategies_indicator_tolerance_range",
                condition=Q(tolerance__gte=0) & Q(tolerance__lte=100),
            ),
            models.CheckConstraint(
                name="strategies_indicator_direction_valid",
                condition=Q(direction__in=["higher", "lower"]),
            ),
            models.CheckConstraint(
                name="strategies_indicator_accumulation_valid",
                condition=Q(accumulation__in=["level", "cumulative"]),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("strategies:indicator_detail", args=[self.pk])


class IndicatorTarget(models.Model):
    """ค่าเป้าหมาย of one indicator for one fiscal year.

    That the year lies inside the plan's years is enforced by a database
    trigger (migration ``0002``), named ``strategies_target_year_in_plan``.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    value = models.DecimalField(
        _("target"),
        max_digits=16,
        decimal_places=2,
        help_text=_(
            "What the indicator should reach by the end of this fiscal year (the baseline is "
            "where it started)."
        ),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator_id", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="strategies_target_one_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.fiscal_year}: {self.value}"


class Strategy(models.Model):
    """กลยุทธ์ of a strategic issue, serving one or more of its goals."""

    issue = models.ForeignKey(
        StrategicIssue,
        verbose_name=_("strategic issue"),
        on_delete=models.CASCADE,
        related_name="strategies",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_("A way of reaching the issue's goals; projects carry it out."),
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=_("goals served"),
        related_name="strategies",
        blank=True,
        help_text=_("The goals of this strategic issue that the strategy helps to reach."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["issue_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"], name="strategies_strategy_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:strategy_detail", args=[self.pk])


class Project(models.Model):
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    objective = models.TextField(
        _("objective"),
        blank=True,
        help_text=_("What the project should change, in one or two sentences."),
    )
    lead_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("lead agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        help_text=_("The one agency that answers for the project."),
    )
    supporting_agencies = models.ManyToManyField(
        Organisation,
        verbose_name=_("supporting agencies"),
        related_name="supported_projects",
        blank=True,
        help_text=_("Agencies that contribute staff, budget or data."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["strategy_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="strategies_project_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:project_detail", args=[self.pk])


class BudgetSource(models.TextChoices):
    REGULAR = "regular", _("Regular budget")
    CEO_GOVERNOR = "ceo_governor", _("CEO-governor budget")
    LOCAL = "local", _("Local government")
    OTHER = "other", _("Other")


class ProjectBudget(models.Model):
    """A project's budget for one fiscal year from one source, in baht.

    The year lying inside the plan's years is enforced by the database trigger
    ``strategies_budget_year_in_plan`` (migration ``0002``).
    """

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=BudgetSource.choices,
        default=BudgetSource.REGULAR,
        help_text=_(
            "Regular: the ministries' and departments' own budget. CEO-governor: the "
            "province's integrated budget. Local government: provincial or local "
            "administrations. Other: any other source."
        ),
    )
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["project_id", "fiscal_year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "fiscal_year", "source"],
                name="strategies_budget_one_per_year_source",
            ),
            models.CheckConstraint(
                name="strategies_budget_non_negative", condition=Q(amount__gte=0)
            ),
        ]

    def __str__(self):
        return f"{self.project_id} {self.fiscal_year} {self.source}: {self.amount}"


class AuditAction(models.TextChoices):
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_CHANGED = "role_changed", _("Role changed")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    ACCOUNT_CHANGED = "account_changed", _("Account rights changed")
    LOGIN_LOCKED = "login_locked", _("Login locked after failed attempts")
    WORKFLOW = "workflow", _("Blueprint workflow step")
    SUBMITTED = "submitted", _("Blueprint submitted to OPDC")
    DECIDED = "decided", _("Review decision")
    EXPORTED = "exported", _("Export or download")
    IMPORTED = "imported", _("Import applied")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
    BACKUP = "backup", _("Backup or restore")
    ADMIN_ADDED = "admin_added", _("Added in the admin")
    ADMIN_CHANGED = "admin_changed", _("Changed in the admin")
    ADMIN_DELETED = "admin_deleted", _("Deleted in the admin")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail")
    SIGNING_CERTIFICATE = "signing_certificate", _("Signing certificate installed or removed")


class AuditEvent(models.Model):
    """One sensitive action: who did what to what, and when.

    Rows are only ever inserted (``strategies.audit.audit_record``). The database refuses
    UPDATE on both engines, and DELETE on PostgreSQL (SQLite's test flush deletes rows, so
    there the rule is kept by the application: no view or admin action deletes).
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        # The log never changes, not even when an account is deleted: no cascade, no FK check.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=500, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="strategies_audit_target"),
        ]

    def __str__(self):
        return f"{self.actor_name} {self.action} {self.target_label}"


# The uploaded Excel workbooks (strategies/excel/) are models of this app.
from strategies.excel.models import ImportBatch  # noqa: E402, F401
