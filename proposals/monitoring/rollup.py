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

from django.db.models import Prefetch

from proposals.monitoring import status
from proposals.monitoring.models import IndicatorActual, ProjectSpend, ReportingPeriod
from strategies.models import (
    BudgetSource,
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

    def verdict(self, indicator, province_id) -> status.Verdict | None:
        """The indicator's status at its province's latest locked quarter (None: none locked)."""
        quarter = self.quarter_of(province_id)
        if quarter is None:
            return None
        return status.evaluate_indicator(
            indicator,
            fiscal_year=self.fiscal_year,
            quarter=quarter,
            values=self.values.get(indicator.pk, {}),
        )

    def result(self, indicator) -> Decimal | None:
        """The year's result so far (sum or last reported quarter) from the locked quarters."""
        return status.year_result(
            accumulation=indicator.accumulation, values=self.values.get(indicator.pk, {})
        )


def reported(*, province_ids, indicators, fiscal_year: int, today) -> Reported:
    """Two queries: the periods of the provinces, the values of the locked ones."""
    locked: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ReportingPeriod.objects.filter(
        province_id__in=province_ids, fiscal_year=fiscal_year
    ):
        if today > period.locks_after:
            locked[period.province_id].append(period)
    latest = {pid: max(periods, key=lambda p: p.quarter) for pid, periods in locked.items()}
    values: dict[int, dict[int, Decimal]] = {}
    all_locked = [p for periods in locked.values() for p in periods]
    if all_locked and indicators:
        for indicator_id, quarter, value in IndicatorActual.objects.filter(
            period__in=all_locked, indicator__in=indicators
        ).values_list("indicator_id", "period__quarter", "value"):
            values.setdefault(indicator_id, {})[quarter] = value
    return Reported(fiscal_year=fiscal_year, latest=latest, values=values)


def spending(projects, reported_: Reported) -> dict[int, tuple[Decimal, Decimal]]:
    """Project id → (committed, disbursed) to date in the fiscal year, as reported at its
    province's latest locked quarter (the amounts are year-to-date). One query."""
    result: dict[int, tuple[Decimal, Decimal]] = {}
    if not reported_.latest or not projects:
        return result
    for project_id, committed, disbursed in ProjectSpend.objects.filter(
        progress__period__in=list(reported_.latest.values()), progress__project__in=projects
    ).values_list("progress__project_id", "committed", "disbursed"):
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
class TracedIssue:
    issue: StrategicIssue
    goals: list[TracedGoal]
    projects: list[TracedProject]


@dataclass
class TracedProvince:
    province: Organisation
    quarter: int | None
    issues: list[TracedIssue] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(status.LABELS, 0))
    budget: Decimal = ZERO  # the fiscal year's
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO


@dataclass
class Trace:
    strategy: object
    goals: list[NationalGoal]
    fiscal_year: int
    years: list[int]
    provinces: list[TracedProvince]
    budget_by_year: dict[int, Decimal] = field(default_factory=dict)
    budget_by_source: dict[str, Decimal] = field(default_factory=dict)
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    counts: dict = field(default_factory=lambda: dict.fromkeys(status.LABELS, 0))

    @property
    def source_labels(self):
        return [(key, label, self.budget_by_source.get(key)) for key, label in BudgetSource.choices]


def trace(*, user, strategy, fiscal_year: int, today) -> Trace:
    """Every province's strategic issues aligned with ``strategy`` that ``user`` may read
    (:func:`proposals.monitoring.access.national_issue_filter`), for the plans covering
    ``fiscal_year``: their goals and indicators with the status at the province's latest
    locked quarter, their projects with the budget by year and source and the money
    committed and disbursed. A fixed number of queries."""
    from proposals.monitoring.access import national_issue_filter

    goals = list(NationalGoal.objects.filter(strategy=strategy).prefetch_related("indicators"))
    issues = list(
        StrategicIssue.objects.filter(
            national_issue_filter(user),
            national_strategies=strategy,
            plan__organisation__kind="province",
            **_in_year(fiscal_year),
        )
        .select_related("plan__organisation")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.order_by("number").prefetch_related(
                            _targets_prefetch(fiscal_year), "national_indicators"
                        ),
                    )
                ),
            ),
            Prefetch(
                "strategies",
                queryset=Strategy.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "projects",
                        queryset=Project.objects.order_by("number")
                        .select_related("lead_agency")
                        .prefetch_related("budgets"),
                    )
                ),
            ),
        )
        .order_by("plan__organisation__name", "number")
    )
    indicators = [i for issue in issues for g in issue.goals.all() for i in g.indicators.all()]
    projects = [p for issue in issues for s in issue.strategies.all() for p in s.projects.all()]
    province_ids = {issue.plan.organisation_id for issue in issues}
    facts = reported(
        province_ids=province_ids, indicators=indicators, fiscal_year=fiscal_year, today=today
    )
    spent = spending(projects, facts)
    result = Trace(
        strategy=strategy,
        goals=goals,
        fiscal_year=fiscal_year,
        years=sorted({y for issue in issues for y in issue.plan.years} | {fiscal_year}),
        provinces=[],
    )
    by_province: dict[int, TracedProvince] = {}
    for issue in issues:
        province = issue.plan.organisation
        traced = by_province.get(province.pk)
        if traced is None:
            traced = by_province[province.pk] = TracedProvince(
                province=province, quarter=facts.quarter_of(province.pk)
            )
            result.provinces.append(traced)
        traced_issue = TracedIssue(issue=issue, goals=[], projects=[])
        for goal in issue.goals.all():
            rows = []
            for indicator in goal.indicators.all():
                verdict = facts.verdict(indicator, province.pk)
                traced.counts[verdict.status if verdict else status.NO_DATA] += 1
                targets = {t.fiscal_year: t.value for t in indicator.targets.all()}
                rows.append(
                    TracedIndicator(
                        indicator=indicator,
                        code=f"{issue.number}.{goal.number}.{indicator.number}",
                        target=targets.get(fiscal_year),
                        result=facts.result(indicator),
                        verdict=verdict,
                        national=list(indicator.national_indicators.all()),
                    )
                )
            traced_issue.goals.append(TracedGoal(goal=goal, indicators=rows))
        for strategy_ in issue.strategies.all():
            for project in strategy_.projects.all():
                by_year: dict[int, Decimal] = defaultdict(Decimal)
                sources: dict[str, Decimal] = defaultdict(Decimal)
                for budget in project.budgets.all():
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
                traced_issue.projects.append(
                    TracedProject(
                        project=project,
                        code=f"{issue.number}.{strategy_.number}.{project.number}",
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
        traced.issues.append(traced_issue)
    for traced in result.provinces:
        result.committed += traced.committed
        result.disbursed += traced.disbursed
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
