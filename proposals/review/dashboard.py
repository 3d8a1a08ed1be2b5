"""The national dashboard: every province's strategic issues and where their Blueprints stand.

One row per strategic issue of a province's 4-year action plan covering the chosen
fiscal year, with that year's Blueprint if there is one (the latest, should an
accepted one have been followed by another). The rows come from a single query over
the issues, which can filter and sort on the Blueprint's status, completeness and
last change (from its :class:`~proposals.review.models.BlueprintDigest`), the
province's cluster at the start of the fiscal year and overdue section assignments;
what a page's rows show of their Blueprints is read in one more query — so a page
costs the same number of queries for 3 provinces or 76.

Filters: fiscal year, cluster (membership on the first day of the fiscal year),
region, status (including "no Blueprint yet"), national strategy, overdue, assigned to
the reviewer looking ("mine": :mod:`proposals.review.assignments`), and a
Thai-aware search (:mod:`proposals.review.search`) over the Blueprint's submitted
text, the province and the issue.
"""

import datetime
import functools
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from proposals.models import Blueprint, BlueprintStatus, Section, SectionStatus, Snapshot
from proposals.review import search
from proposals.review.models import BlueprintDigest, ReviewerAssignment, SubmissionDeadline
from strategies import caching, fiscal, stamps
from strategies.models import (
    ActionPlan,
    AdministrationPlan,
    ClusterMembership,
    NationalStrategy,
    Organisation,
    OrganisationKind,
    Region,
    StrategicIssue,
)

NONE = "none"  # the status of a row whose issue has no Blueprint for the year
STATUS_ORDER = [
    NONE,
    BlueprintStatus.DRAFT,
    BlueprintStatus.CONSULTATION,
    BlueprintStatus.PROVINCIAL_REVIEW,
    BlueprintStatus.APPROVED,
    BlueprintStatus.SUBMITTED,
    BlueprintStatus.RETURNED,
    BlueprintStatus.ACCEPTED,
]
# Still the province's move: overdue once the fiscal year's deadline has passed.
AWAITING_PROVINCE = [
    NONE,
    BlueprintStatus.DRAFT,
    BlueprintStatus.CONSULTATION,
    BlueprintStatus.PROVINCIAL_REVIEW,
    BlueprintStatus.APPROVED,
    BlueprintStatus.RETURNED,
]
PAGE_SIZE = 25
SEARCH_CACHE_SECONDS = 10 * 60

SORTS = {
    "province": ["plan__organisation__name", "number"],
    "-province": ["-plan__organisation__name", "number"],
    "issue": ["title", "plan__organisation__name"],
    "status": ["status_rank", "plan__organisation__name", "number"],
    "-status": ["-status_rank", "plan__organisation__name", "number"],
    "completeness": [F("bp_completeness").asc(nulls_first=True), "plan__organisation__name"],
    "-completeness": [F("bp_completeness").desc(nulls_last=True), "plan__organisation__name"],
    "changed": [F("bp_changed").asc(nulls_first=True), "plan__organisation__name"],
    "-changed": [F("bp_changed").desc(nulls_last=True), "plan__organisation__name"],
}


def status_label(code: str) -> str:
    if code == NONE:
        return str(_("No Blueprint yet"))
    return str(BlueprintStatus(code).label)


def fiscal_years() -> list[int]:
    """Every fiscal year some province's action plan covers, newest first."""
    bounds = ActionPlan.objects.filter(organisation__kind=OrganisationKind.PROVINCE).values_list(
        "start_year", "end_year"
    )
    years = set()
    for start, end in bounds.order_by().distinct():
        years.update(range(start, end + 1))
    return sorted(years, reverse=True)


def latest_blueprint_years() -> tuple[int | None, int | None]:
    """The fiscal year of the newest submission, and the latest year with any Blueprint.

    The newest submission is the one submitted last, whatever its year: a 2548 Blueprint
    submitted today is what a reviewer opens the dashboard for, even when 2549's exist."""
    # One statement: the newest submission's row first, with the latest year of all rows.
    row = (
        Blueprint.objects.annotate(latest_any=Window(Max("fiscal_year")))
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
        .values_list("fiscal_year", "submitted_at", "latest_any")
        .first()
    )
    if row is None:
        return None, None
    year, submitted_at, latest_any = row
    return (year if submitted_at is not None else None), latest_any


def default_fiscal_year(years: list[int], today: datetime.date, latest=latest_blueprint_years):
    """The year of the newest submission, else the current fiscal year if plans cover it,
    else the latest year with any Blueprint, else the newest planned year. ``latest``
    reads those years (:func:`latest_blueprint_years`)."""
    submitted, any_year = latest()
    current = fiscal.fiscal_year_of(today)
    for year in (submitted, current, any_year):
        if year in years:
            return year
    return years[0] if years else current


# What the dashboard's filters and deadlines come from, rarely changed...
REFERENCE_TABLES = [
    ActionPlan,
    Organisation,
    NationalStrategy,
    AdministrationPlan,
    SubmissionDeadline,
]
# ...and the Blueprints and their digests, which change all day.
BLUEPRINT_TABLES = [Blueprint, BlueprintDigest]


@dataclass
class Reference:
    """What every view of the dashboard needs besides its rows: the fiscal years, the
    deadlines, the clusters and national strategies to filter by; and, on PostgreSQL,
    the stamp of the Blueprints and their digests."""

    years: list[int]
    deadlines: dict[int, SubmissionDeadline]
    clusters: list[tuple[int, str]]
    strategies: list[tuple[int, str]]
    blueprints_stamp: str | None = None

    def default_year(self, today: datetime.date) -> int:
        return default_fiscal_year(self.years, today, self._latest)

    def _latest(self):
        if self.blueprints_stamp is None:
            return latest_blueprint_years()
        key = f"review-latest-years:{self.blueprints_stamp}"
        latest = cache.get(key)
        if latest is None:
            latest = latest_blueprint_years()
            cache.set(key, latest, SEARCH_CACHE_SECONDS)
        return latest


def reference() -> Reference:
    """The dashboard's :class:`Reference`: four queries; on PostgreSQL, one.

    There one statement stamps (:mod:`strategies.stamps`) the tables the reference is
    read from, and the Blueprints and their digests apart: the reference is cached
    under the first stamp, which moves only when a plan, an organisation, a strategy or
    a deadline changes; the second keys what is worked out from the Blueprints (a
    search's matches, the latest years for the default), so that a Blueprint saved
    elsewhere never makes the reference be read again.
    """
    tables = REFERENCE_TABLES + BLUEPRINT_TABLES
    found = None
    if caching.on("dashboard"):
        found = stamps.rows([(model, "TRUE") for model in tables], {})
    key = None
    if found is not None:
        split = len(tables) - len(BLUEPRINT_TABLES)
        key = "review-reference:" + stamps.digest(found[:split])
        cached = cache.get(key)
        if cached is not None:
            cached.blueprints_stamp = stamps.digest(found[split:])
            return cached
    reference = Reference(
        years=fiscal_years(),
        deadlines={deadline.fiscal_year: deadline for deadline in SubmissionDeadline.objects.all()},
        clusters=[
            (cluster.pk, cluster.name)
            for cluster in DashboardForm.base_fields["cluster"].queryset.all()
        ],
        strategies=[
            (strategy.pk, str(strategy))
            for strategy in DashboardForm.base_fields["strategy"].queryset.all()
        ],
    )
    if key is not None:
        cache.set(key, reference, SEARCH_CACHE_SECONDS)
        reference.blueprints_stamp = stamps.digest(found[split:])
    return reference


class DashboardForm(forms.Form):
    fy = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    cluster = forms.ModelChoiceField(
        label=_("Provincial cluster"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.CLUSTER).order_by("name"),
        required=False,
        empty_label=_("All clusters"),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    strategy = forms.ModelChoiceField(
        label=_("National strategy"),
        queryset=NationalStrategy.objects.order_by("plan__start_year", "number"),
        required=False,
        empty_label=_("All national strategies"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [(year, year) for year in years]
        self.fields["region"].choices = [("", _("All regions")), *Region.choices]
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (code, status_label(code)) for code in STATUS_ORDER
        ]
        self.fields["sort"].choices = [
            ("province", _("Province")),
            ("-province", _("Province (Z–A)")),
            ("issue", _("Strategic issue")),
            ("status", _("Status")),
            ("-status", _("Status (furthest first)")),
            ("completeness", _("Least complete first")),
            ("-completeness", _("Most complete first")),
            ("-changed", _("Latest change first")),
            ("changed", _("Oldest change first")),
        ]


@dataclass
class Filters:
    fiscal_year: int
    q: str = ""
    cluster: Organisation | None = None
    region: str = ""
    status: str = ""
    strategy: NationalStrategy | None = None
    overdue: bool = False
    mine: bool = False
    sort: str = "province"

    @classmethod
    def from_form(cls, form: DashboardForm, default_year) -> "Filters":
        """The filters of a (bound or unbound) form; ``default_year()`` when none is chosen."""
        data = form.cleaned_data if form.is_valid() else {}
        return cls(
            fiscal_year=data.get("fy") or default_year(),
            q=data.get("q") or "",
            cluster=data.get("cluster"),
            region=data.get("region") or "",
            status=data.get("status") or "",
            strategy=data.get("strategy"),
            overdue=bool(data.get("overdue")),
            mine=bool(data.get("mine")),
            sort=data.get("sort") or "province",
        )


def _blueprints_of_row(fiscal_year: int):
    return Blueprint.objects.filter(issue=OuterRef("pk"), fiscal_year=fiscal_year).order_by(
        "-created_at", "-pk"
    )


def rows(*, fiscal_year: int, today: datetime.date):
    """Every province's strategic issues for ``fiscal_year`` (one query).

    Each row selects the id of the Blueprint it shows (``bp_id``) and its cluster's
    name; what the filters, sorts and exports use of the Blueprint (status, submission,
    completeness, last change, overdue sections) are aliases — :func:`add_details`
    reads what a page's rows show.

    Building the query took longer than running it; it depends only on the year and
    the day, so it is built once per process and each call gets its own copy (the
    built one is never run, so never holds rows).
    """
    return _rows(fiscal_year, today).all()


@functools.lru_cache(maxsize=16)
def _rows(fiscal_year: int, today: datetime.date):
    start, _end = fiscal.fiscal_year_bounds(fiscal_year)
    blueprint = _blueprints_of_row(fiscal_year)
    membership = (
        ClusterMembership.objects.filter(
            province=OuterRef("plan__organisation"), start_date__lte=start
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by("-start_date")
    )
    return (
        StrategicIssue.objects.filter(
            plan__organisation__kind=OrganisationKind.PROVINCE,
            plan__start_year__lte=fiscal_year,
            plan__end_year__gte=fiscal_year,
        )
        .select_related("plan__organisation")
        .annotate(
            bp_id=Subquery(blueprint.values("pk")[:1]),
            cluster_name=Subquery(membership.values("cluster__name")[:1]),
        )
        .alias(
            bp_status=Coalesce(Subquery(blueprint.values("status")[:1]), Value(NONE)),
            bp_submitted_at=Subquery(blueprint.values("submitted_at")[:1]),
            bp_completeness=Subquery(blueprint.values("review_digest__completeness")[:1]),
            bp_changed=Subquery(blueprint.values("review_digest__changed_at")[:1]),
            cluster_id=Subquery(membership.values("cluster_id")[:1]),
            sections_overdue=Coalesce(Subquery(_overdue_sections(today, "bp_id")), Value(0)),
            status_rank=Case(
                *[When(bp_status=code, then=Value(rank)) for rank, code in enumerate(STATUS_ORDER)],
                output_field=IntegerField(),
            ),
        )
    )


def _overdue_sections(today: datetime.date, blueprint="pk"):
    """How many sections of the Blueprint ``OuterRef(blueprint)`` are overdue: assigned
    with a due date before ``today`` and not yet accepted."""
    return (
        Section.objects.filter(blueprint=OuterRef(blueprint), due_date__lt=today)
        .exclude(status=SectionStatus.ACCEPTED)
        .order_by()
        .values("blueprint")
        .annotate(n=Count("pk"))
        .values("n")
    )


def search_condition(query: str, fiscal_year: int, stamp: str | None = None) -> Q | None:
    """Every word of ``query`` in the row's search text (or, for a row without a
    Blueprint yet, its issue title or province name). ``None`` for an empty query.

    The Blueprints whose digest holds every word are found first, in one query over
    the digests; the rows then only compare ids. (Matched inside the rows query, the
    long search texts were scanned once per query of the page — counts, page count,
    page — and took seconds with every province's submissions.)
    """
    words = search.query_words(query)
    if not words:
        return None
    digests = BlueprintDigest.objects.annotate(compact=search.compact("search_text"))
    without_blueprint = Q(bp_id__isnull=True)
    for word in words:
        digests = digests.filter(
            search.word_condition(word, segmented="search_text", compacted="compact")
        )
        if len(word) >= search.WHOLE_WORD_BELOW:
            without_blueprint &= (
                Q(title__icontains=word)
                | Q(plan__organisation__name__icontains=word)
                | Q(plan__organisation__name_en__icontains=word)
            )
        else:
            without_blueprint = Q(pk__in=[])  # short words only match a whole word of a text
    issues = _matching_issues(words, digests, fiscal_year, stamp)
    return Q(pk__in=issues) | without_blueprint


def _issues_showing(blueprints: list[int], fiscal_year: int) -> list[int]:
    """The strategic issues whose row shows one of ``blueprints``: the issue's latest
    Blueprint of the year is among them. (Compared by issue, the rows query matches
    on its primary key instead of working out every row's latest Blueprint first.)"""
    candidates = Blueprint.objects.filter(
        fiscal_year=fiscal_year,
        issue__in=Blueprint.objects.filter(pk__in=blueprints, fiscal_year=fiscal_year).values(
            "issue"
        ),
    ).order_by("issue_id", "-created_at", "-pk")
    latest = {}
    for pk, issue in candidates.values_list("pk", "issue_id"):
        latest.setdefault(issue, pk)
    wanted = set(blueprints)
    return [issue for issue, pk in latest.items() if pk in wanted]


def _matching_issues(words: list[str], digests, fiscal_year: int, stamp: str | None) -> list[int]:
    """The issues whose row shows a Blueprint whose digest holds every word.

    On PostgreSQL they are cached under ``stamp`` (:func:`reference`'s: the ``xmin`` of
    every row of the Blueprints and their digests), so paging and sorting through a
    search does not scan the texts again; elsewhere (no ``xmin``) they are worked out on
    every view.
    """
    if stamp is None or not caching.on("dashboard"):
        found = list(digests.order_by().values_list("blueprint_id", flat=True))
        return _issues_showing(found, fiscal_year)
    key = "review-search:" + stamps.digest((words, fiscal_year, stamp))
    issues = cache.get(key)
    if issues is None:
        found = list(digests.order_by().values_list("blueprint_id", flat=True))
        issues = _issues_showing(found, fiscal_year)
        cache.set(key, issues, SEARCH_CACHE_SECONDS)
    return issues


def apply(
    queryset,
    filters: Filters,
    *,
    deadline_passed: bool,
    with_status: bool = True,
    stamp: str | None = None,
    reviewer=None,
):
    """``queryset`` (from :func:`rows`) narrowed by ``filters`` (the status filter only
    with ``with_status``, so that the counts per status can ignore it); ``stamp``:
    :func:`reference`'s; ``reviewer``: the person whose assignments "mine" means."""
    if filters.mine:
        assigned = ReviewerAssignment.objects.filter(
            reviewer_id=getattr(reviewer, "pk", None)
        ).values("blueprint_id")
        queryset = queryset.filter(bp_id__in=assigned)
    if filters.cluster is not None:
        queryset = queryset.filter(cluster_id=filters.cluster.pk)
    if filters.region:
        queryset = queryset.filter(plan__organisation__region=filters.region)
    if filters.strategy is not None:
        queryset = queryset.filter(national_strategies=filters.strategy)
    condition = search_condition(filters.q, filters.fiscal_year, stamp)
    if condition is not None:
        queryset = queryset.filter(condition)
    if filters.overdue:
        queryset = (
            queryset.filter(bp_status__in=AWAITING_PROVINCE)
            if deadline_passed
            else queryset.filter(sections_overdue__gt=0)
        )
    if with_status:
        queryset = with_status_filter(queryset, filters.status)
    return queryset


def with_status_filter(queryset, status: str):
    return queryset.filter(bp_status=status) if status else queryset


def status_counts(queryset) -> dict[str, int]:
    """How many rows of ``queryset`` are in each status (one query)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for code, count in queryset.order_by().values_list(F("bp_status")).annotate(n=Count("pk")):
        counts[code] = count
    return counts


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, for a list already counted."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def add_details(rows, *, today: datetime.date) -> None:
    """Set what each row of a page shows of its Blueprint (its ``bp_*`` values and
    ``sections_overdue``), read in one query for the page's Blueprints.

    The rows query selects only the issue, its province and cluster and the id of the
    Blueprint it shows; the other values are aliases there, compiled only into the
    filters and sorts that use them. (Selected for every row, the dozen subqueries took
    longer to build and plan than to run.)
    """
    found = (
        Blueprint.objects.filter(pk__in=[row.bp_id for row in rows if row.bp_id])
        .order_by()
        .annotate(overdue=Coalesce(Subquery(_overdue_sections(today)), Value(0)))
        .values_list(
            "pk", "status", "edition", "submitted_at", "review_digest__completeness",
            "review_digest__blockers", "review_digest__changed_at", "overdue",
        )
    )  # fmt: skip
    details = {values[0]: values[1:] for values in found}
    reviewers = ReviewerAssignment.objects.names_by_blueprint(list(details)) if details else {}
    nothing = (NONE, None, None, None, None, None, 0)
    for row in rows:
        (
            row.bp_status, row.bp_edition, row.bp_submitted_at, row.bp_completeness,
            row.bp_blockers, row.bp_changed, row.sections_overdue,
        ) = details.get(row.bp_id, nothing)  # fmt: skip
        row.reviewers = reviewers.get(row.bp_id, [])


def ordered(queryset, sort: str):
    return queryset.order_by(*SORTS.get(sort, SORTS["province"]))


def latest_snapshots(*, user, blueprints):
    """The latest submitted version of each of ``blueprints`` (ids or a queryset of ids)
    that ``user`` may see — what every export is built from."""
    visible = Blueprint.objects.visible_to(user).filter(
        pk__in=blueprints, submitted_at__isnull=False
    )
    latest = Snapshot.objects.filter(blueprint=OuterRef("blueprint")).order_by("-edition")
    return (
        Snapshot.objects.filter(
            blueprint__in=visible, edition=Subquery(latest.values("edition")[:1])
        )
        .select_related("blueprint__province", "blueprint__issue")
        .order_by("blueprint__province__name", "blueprint__issue__number", "blueprint__fiscal_year")
    )


def submitted_versions(*, user, blueprints):
    """Every submitted version of each of ``blueprints`` (ids or a queryset of ids) that
    ``user`` may see, oldest first per Blueprint — what the scores and decisions export
    lists."""
    visible = Blueprint.objects.visible_to(user).filter(
        pk__in=blueprints, submitted_at__isnull=False
    )
    return (
        Snapshot.objects.filter(blueprint__in=visible)
        .select_related("blueprint__province", "blueprint__issue")
        .order_by(
            "blueprint__province__name",
            "blueprint__issue__number",
            "blueprint__fiscal_year",
            "edition",
        )
    )
