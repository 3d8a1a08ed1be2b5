"""Results across provinces: a provincial cluster's roll-up, and the trace from one national
strategy down to every province's indicators, projects and money (and back up).

Both read only what a province has *reported*: the quarters that have locked (past the due
date and the grace period), each province at its own latest locked quarter, as OPDC's
national view does. Which strategic issues each reader sees is decided by
:mod:`proposals.monitoring.access` (:func:`~proposals.monitoring.access.cluster_rights`,
:func:`~proposals.monitoring.access.national_issue_filter`). A fixed number of queries,
however many provinces, indicators or projects.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Q, Subquery

from proposals.monitoring import status
from proposals.monitoring.models import IndicatorActual, ProjectSpend, ReportingPeriod
from strategies import fiscal
from strategies.models import (
    BudgetSource,
    ClusterMembership,
    Goal,
    Indicator,
    IndicatorTarget,
    NationalGoal,
    NationalIndicator,
    Organisation,
    Project,
    ProjectBudget,
    StrategicIssue,
    Strategy,
)

ZERO = Decimal(0)


# --------------------------------------------------------------------------
# What was reported: the latest locked quarter of each province
# --------------------------------------------------------------------------


@dataclass
class Reported:
    """The quarters of ``fiscal_year`` that have locked, by province, and the values in them."""

    fiscal_year: int
    latest: dict[int, ReportingPeriod]  # province id → its latest locked period
    values: dict[int, dict[int, Decimal]]  # indicator id → {quarter: value}

    def quarter_of(self, province_id) -> int | None:
        period = self.latest.get(province_id)
        return period.quarter if period else None

    def verdict(self, indicator, province_id, *, targets=None) -> status.Verdict | None:
        """The indicator's status at its province's latest locked quarter (None: none locked);
        ``targets`` (year → value) as :func:`proposals.monitoring.status.evaluate_indicator`."""
        quarter = self.quarter_of(province_id)
        if quarter is None:
            return None
        return status.evaluate_indicator(
            indicator,
            fiscal_year=self.fiscal_year,
            quarter=quarter,
            values=self.values.get(indicator.pk, {}),
            targets=targets,
        )

    def result(self, indicator) -> Decimal | None:
        """The year's result so far (sum or last reported quarter) from the locked quarters."""
        return status.year_result(
            accumulation=indicator.accumulation, values=self.values.get(indicator.pk, {})
        )


def reported(*, province_ids, indicators, fiscal_year: int, today) -> Reported:
    """Two queries: the periods of the provinces, the values of the locked ones."""
    locked: dict[int, list[ReportingPeriod]] = defaultdict(list)
    # Unordered, here and below: the models' default orders chain up to the province's name
    # (joins for nothing: the rows are gathered into dicts).
    for period in ReportingPeriod.objects.filter(
        province_id__in=province_ids, fiscal_year=fiscal_year
    ).order_by():
        if today > period.locks_after:
            locked[period.province_id].append(period)
    latest = {pid: max(periods, key=lambda p: p.quarter) for pid, periods in locked.items()}
    values: dict[int, dict[int, Decimal]] = {}
    all_locked = [p for periods in locked.values() for p in periods]
    if all_locked and indicators:
        for indicator_id, quarter, value in (
            IndicatorActual.objects.filter(period__in=all_locked, indicator__in=indicators)
            .order_by()
            .values_list("indicator_id", "period__quarter", "value")
        ):
            values.setdefault(indicator_id, {})[quarter] = value
    return Reported(fiscal_year=fiscal_year, latest=latest, values=values)


def spending(projects, reported_: Reported) -> dict[int, tuple[Decimal, Decimal]]:
    """Project id → (committed, disbursed) to date in the fiscal year, as reported at its
    province's latest locked quarter (the amounts are year-to-date). One query."""
    result: dict[int, tuple[Decimal, Decimal]] = {}
    if not reported_.latest or not projects:
        return result
    for project_id, committed, disbursed in (
        ProjectSpend.objects.filter(
            progress__period__in=list(reported_.latest.values()), progress__project__in=projects
        )
        .order_by()
        .values_list("progress__project_id", "committed", "disbursed")
    ):
        c, d = result.get(project_id, (ZERO, ZERO))
        result[project_id] = (c + committed, d + disbursed)
    return result


def _targets_prefetch(fiscal_year):
    return Prefetch(
        "targets",
        queryset=IndicatorTarget.objects.filter(fiscal_year__in=[fiscal_year - 1, fiscal_year]),
    )


def _in_year(fiscal_year, path=""):
    return {
        f"{path}plan__start_year__lte": fiscal_year,
        f"{path}plan__end_year__gte": fiscal_year,
    }


# --------------------------------------------------------------------------
# A provincial cluster's roll-up
# --------------------------------------------------------------------------


@dataclass
class MemberColumn:
    province: Organisation
    full: bool  # the reader reads all of the province (else what it reported to OPDC)
    quarter: int | None = None
    indicators: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(status.LABELS, 0))
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO


@dataclass
class SharedCell:
    indicator: Indicator
    code: str
    target: Decimal | None
    result: Decimal | None
    verdict: status.Verdict | None


@dataclass
class SharedRow:
    national: NationalIndicator
    cells: list[list[SharedCell]]  # one list per member, in member order


@dataclass
class ClusterResults:
    cluster: Organisation
    fiscal_year: int
    members: list[MemberColumn]
    shared: list[SharedRow]
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO


def _code(indicator) -> str:
    return f"{indicator.goal.issue.number}.{indicator.goal.number}.{indicator.number}"


def cluster_results(*, cluster, members, rights, fiscal_year: int, today) -> ClusterResults:
    """Each member province's indicator statuses at its latest locked quarter, the
    indicators serving the same national indicator in two or more members side by side, and
    the members' project budgets of ``fiscal_year`` with what was committed and disbursed.

    ``members`` are the provinces in the cluster on the first day of the fiscal year;
    ``rights`` (province id → reads everything) comes from
    :func:`proposals.monitoring.access.cluster_rights`."""
    from proposals.monitoring.access import cluster_issue_filter

    columns = [MemberColumn(province=p, full=rights[p.pk]) for p in members]
    column = {c.province.pk: i for i, c in enumerate(columns)}
    issues = StrategicIssue.objects.filter(
        cluster_issue_filter(rights), plan__organisation_id__in=column, **_in_year(fiscal_year)
    )
    indicators = list(
        Indicator.objects.filter(goal__issue__in=issues)
        .select_related("goal__issue__plan")
        .prefetch_related(_targets_prefetch(fiscal_year), "national_indicators")
        .order_by("goal__issue__number", "goal__number", "number")
    )
    projects = list(
        Project.objects.filter(strategy__issue__in=issues)
        .select_related("strategy__issue__plan")
        .prefetch_related(
            Prefetch("budgets", queryset=ProjectBudget.objects.filter(fiscal_year=fiscal_year))
        )
    )
    facts = reported(
        province_ids=list(column), indicators=indicators, fiscal_year=fiscal_year, today=today
    )
    for col in columns:
        col.quarter = facts.quarter_of(col.province.pk)
    shared: dict[int, tuple[NationalIndicator, list[list[SharedCell]]]] = {}
    for indicator in indicators:
        province_id = indicator.goal.issue.plan.organisation_id
        col = columns[column[province_id]]
        verdict = facts.verdict(indicator, province_id)
        col.indicators += 1
        col.counts[verdict.status if verdict else status.NO_DATA] += 1
        for national in indicator.national_indicators.all():
            _national, cells = shared.setdefault(
                national.pk, (national, [[] for _member in columns])
            )
            targets = {t.fiscal_year: t.value for t in indicator.targets.all()}
            cells[column[province_id]].append(
                SharedCell(
                    indicator=indicator,
                    code=_code(indicator),
                    target=targets.get(fiscal_year),
                    result=facts.result(indicator),
                    verdict=verdict,
                )
            )
    spent = spending(projects, facts)
    result = ClusterResults(cluster=cluster, fiscal_year=fiscal_year, members=columns, shared=[])
    for project in projects:
        col = columns[column[project.strategy.issue.plan.organisation_id]]
        budget = sum((b.amount for b in project.budgets.all()), ZERO)
        committed, disbursed = spent.get(project.pk, (ZERO, ZERO))
        col.budget += budget
        col.committed += committed
        col.disbursed += disbursed
    for col in columns:
        result.budget += col.budget
        result.committed += col.committed
        result.disbursed += col.disbursed
    result.shared = [
        SharedRow(national=national, cells=cells)
        for national, cells in sorted(shared.values(), key=lambda item: item[0].name)
        if sum(1 for cell in cells if cell) >= 2
    ]
    return result


# --------------------------------------------------------------------------
# Traceability: a national strategy down to the money, a project up to its strategy
# --------------------------------------------------------------------------


TRACE_PAGE_SIZE = 10  # provinces per page of the trace


@dataclass
class TracedIndicator:
    indicator: Indicator
    code: str
    target: Decimal | None
    result: Decimal | None
    verdict: status.Verdict | None
    national: list[NationalIndicator]


@dataclass
class TracedProject:
    project: Project
    code: str
    budget_by_year: dict[int, Decimal]  # every year of the plan
    sources: dict[str, Decimal]  # the fiscal year's budget by source (its label)
    committed: Decimal | None
    disbursed: Decimal | None


@dataclass
class TracedGoal:
    goal: Goal
    indicators: list[TracedIndicator]


@dataclass
class Gaps:
    """The breaks in the chain a planner must mend: an indicator without the year's target,
    a goal with no indicator, a project with no lead agency."""

    no_target: int = 0
    no_indicator: int = 0
    no_lead: int = 0

    @property
    def total(self) -> int:
        return self.no_target + self.no_indicator + self.no_lead

    def add(self, other: "Gaps") -> None:
        self.no_target += other.no_target
        self.no_indicator += other.no_indicator
        self.no_lead += other.no_lead


@dataclass
class TracedIssue:
    issue: StrategicIssue
    goals: list[TracedGoal]
    projects: list[TracedProject]
    gaps: Gaps = field(default_factory=Gaps)


@dataclass
class TracedProvince:
    province: Organisation
    quarter: int | None
    clusters: list[Organisation] = field(default_factory=list)
    issues: list[TracedIssue] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(status.LABELS, 0))
    budget: Decimal = ZERO  # the fiscal year's
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    gaps: Gaps = field(default_factory=Gaps)


@dataclass
class Trace:
    """The provinces of one page (``page``: a :class:`django.core.paginator.Page` of
    province ids), and the sums over them; ``clusters`` are the clusters of the fiscal year
    a reader may narrow the trace to, ``cluster`` the one chosen (or None: the country)."""

    strategy: object
    goals: list[NationalGoal]
    fiscal_year: int
    years: list[int]
    provinces: list[TracedProvince]
    page: Page
    clusters: list[Organisation]
    cluster: Organisation | None = None
    budget_by_year: dict[int, Decimal] = field(default_factory=dict)
    budget_by_source: dict[str, Decimal] = field(default_factory=dict)
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    counts: dict = field(default_factory=lambda: dict.fromkeys(status.LABELS, 0))
    gaps: Gaps = field(default_factory=Gaps)

    @property
    def source_labels(self):
        return [(key, label, self.budget_by_source.get(key)) for key, label in BudgetSource.choices]

    @property
    def with_gaps(self) -> list[TracedProvince]:
        return [row for row in self.provinces if row.gaps.total]


class UnknownCluster(Exception):
    """The cluster asked for is not one of the fiscal year's clusters."""


def clusters_in(fiscal_year: int) -> tuple[list[Organisation], dict[int, list[Organisation]]]:
    """The clusters of ``fiscal_year`` (their members on its first day), by name, and
    province id → its clusters. One query."""
    start, _end = fiscal.fiscal_year_bounds(fiscal_year)
    clusters: dict[int, Organisation] = {}
    of: dict[int, list[Organisation]] = defaultdict(list)
    for membership in (
        ClusterMembership.objects.filter(start_date__lte=start)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("cluster")
        .order_by("cluster__name", "cluster_id")
    ):
        cluster = clusters.setdefault(membership.cluster_id, membership.cluster)
        if cluster not in of[membership.province_id]:
            of[membership.province_id].append(cluster)
    return list(clusters.values()), of


def _target(fiscal_year):
    return Subquery(
        IndicatorTarget.objects.filter(indicator=OuterRef("pk"), fiscal_year=fiscal_year).values(
            "value"
        )[:1]
    )


def trace(
    *,
    user,
    strategy,
    fiscal_year: int,
    today,
    cluster_id: int | None = None,
    page: int | str = 1,
    per_page: int = TRACE_PAGE_SIZE,
) -> Trace:
    """The provinces whose strategic issues aligned with ``strategy`` ``user`` may read
    (:func:`proposals.monitoring.access.national_issue_filter`), for the plans covering
    ``fiscal_year`` — those of the cluster ``cluster_id`` only, when given — by name,
    ``per_page`` to a page; for the provinces of page ``page``, their issues' goals and
    indicators with the status at the province's latest locked quarter, their projects with
    the budget by year and source and the money committed and disbursed, and the gaps in
    the chain. A fixed number of queries, whatever the number of provinces.

    :class:`UnknownCluster` when ``cluster_id`` is not a cluster of the fiscal year;
    :class:`django.core.paginator.InvalidPage` when there is no page ``page``."""
    from proposals.monitoring.access import national_issue_filter

    aligned = StrategicIssue.objects.filter(
        national_issue_filter(user),
        national_strategies=strategy,
        plan__organisation__kind="province",
        **_in_year(fiscal_year),
    )
    clusters, clusters_of = clusters_in(fiscal_year)
    chosen = None
    if cluster_id is not None:
        chosen = next((c for c in clusters if c.pk == cluster_id), None)
        if chosen is None:
            raise UnknownCluster(cluster_id)
    province_ids = [
        pk
        for pk, _name in aligned.order_by("plan__organisation__name", "plan__organisation_id")
        .values_list("plan__organisation_id", "plan__organisation__name")
        .distinct()
        if chosen is None or chosen in clusters_of.get(pk, ())
    ]
    shown = Paginator(province_ids, per_page).page(page)
    goals = list(NationalGoal.objects.filter(strategy=strategy).prefetch_related("indicators"))
    issues = list(
        aligned.filter(plan__organisation_id__in=list(shown.object_list))
        .select_related("plan__organisation")
        # Into lists (``to_attr``): a related manager and a queryset made for each of
        # a page's hundreds of rows, only to hand back what was prefetched, were a fifth
        # of the page's time.
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.order_by("number")
                        .annotate(
                            target_before=_target(fiscal_year - 1), target_now=_target(fiscal_year)
                        )
                        .prefetch_related(
                            Prefetch("national_indicators", to_attr="traced_national")
                        ),
                        to_attr="traced_indicators",
                    )
                ),
                to_attr="traced_goals",
            ),
        )
        .order_by("plan__organisation__name", "plan__organisation_id", "number")
    )
    # The projects of the issues, each with its strategy (กลยุทธ์): one query, not two.
    projects_of: dict[int, list[Project]] = defaultdict(list)
    for project in (
        Project.objects.filter(strategy__issue__in=[issue.pk for issue in issues])
        .select_related("strategy", "lead_agency")
        .prefetch_related(
            Prefetch("budgets", queryset=ProjectBudget.objects.order_by(), to_attr="traced_budgets")
        )
        .order_by("strategy__number", "number")
    ):
        projects_of[project.strategy.issue_id].append(project)
    indicators = [i for issue in issues for g in issue.traced_goals for i in g.traced_indicators]
    projects = [p for ps in projects_of.values() for p in ps]
    facts = reported(
        province_ids={issue.plan.organisation_id for issue in issues},
        indicators=indicators,
        fiscal_year=fiscal_year,
        today=today,
    )
    spent = spending(projects, facts)
    result = Trace(
        strategy=strategy,
        goals=goals,
        fiscal_year=fiscal_year,
        years=sorted({y for issue in issues for y in issue.plan.years} | {fiscal_year}),
        provinces=[],
        page=shown,
        clusters=clusters,
        cluster=chosen,
    )
    by_province: dict[int, TracedProvince] = {}
    for issue in issues:
        province = issue.plan.organisation
        traced = by_province.get(province.pk)
        if traced is None:
            traced = by_province[province.pk] = TracedProvince(
                province=province,
                quarter=facts.quarter_of(province.pk),
                clusters=clusters_of.get(province.pk, []),
            )
            result.provinces.append(traced)
        traced_issue = TracedIssue(issue=issue, goals=[], projects=[])
        for goal in issue.traced_goals:
            rows = []
            for indicator in goal.traced_indicators:
                targets = {
                    fiscal_year - 1: indicator.target_before,
                    fiscal_year: indicator.target_now,
                }
                verdict = facts.verdict(indicator, province.pk, targets=targets)
                traced.counts[verdict.status if verdict else status.NO_DATA] += 1
                if indicator.target_now is None:
                    traced_issue.gaps.no_target += 1
                rows.append(
                    TracedIndicator(
                        indicator=indicator,
                        code=f"{issue.number}.{goal.number}.{indicator.number}",
                        target=indicator.target_now,
                        result=facts.result(indicator),
                        verdict=verdict,
                        national=indicator.traced_national,
                    )
                )
            if not rows:
                traced_issue.gaps.no_indicator += 1
            traced_issue.goals.append(TracedGoal(goal=goal, indicators=rows))
        for project in projects_of.get(issue.pk, []):
            by_year: dict[int, Decimal] = defaultdict(Decimal)
            sources: dict[str, Decimal] = defaultdict(Decimal)
            for budget in project.traced_budgets:
                by_year[budget.fiscal_year] += budget.amount
                result.budget_by_year[budget.fiscal_year] = (
                    result.budget_by_year.get(budget.fiscal_year, ZERO) + budget.amount
                )
                if budget.fiscal_year == fiscal_year:
                    sources[budget.source] += budget.amount
                    result.budget_by_source[budget.source] = (
                        result.budget_by_source.get(budget.source, ZERO) + budget.amount
                    )
            money = spent.get(project.pk)
            if project.lead_agency_id is None:
                traced_issue.gaps.no_lead += 1
            traced_issue.projects.append(
                TracedProject(
                    project=project,
                    code=f"{issue.number}.{project.strategy.number}.{project.number}",
                    budget_by_year=dict(by_year),
                    sources={BudgetSource(k).label: v for k, v in sorted(sources.items())},
                    committed=money[0] if money else None,
                    disbursed=money[1] if money else None,
                )
            )
            traced.budget += by_year.get(fiscal_year, ZERO)
            if money:
                traced.committed += money[0]
                traced.disbursed += money[1]
        traced.gaps.add(traced_issue.gaps)
        traced.issues.append(traced_issue)
    for traced in result.provinces:
        result.committed += traced.committed
        result.disbursed += traced.disbursed
        result.gaps.add(traced.gaps)
        for key, count in traced.counts.items():
            result.counts[key] += count
    return result


@dataclass
class Chain:
    """A project up to the national strategies it serves: project → strategy (กลยุทธ์) →
    strategic issue → the issue's aligned national strategies."""

    project: Project
    strategy: Strategy
    issue: StrategicIssue
    national: list


def chains_of(projects) -> dict[int, Chain]:
    """Project id → its chain, for projects read with ``strategy__issue`` and the issue's
    ``national_strategies`` prefetched (no query here)."""
    return {
        project.pk: Chain(
            project=project,
            strategy=project.strategy,
            issue=project.strategy.issue,
            national=list(project.strategy.issue.national_strategies.all()),
        )
        for project in projects
    }
