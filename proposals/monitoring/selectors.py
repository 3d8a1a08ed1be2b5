"""Reading results: the province's monitoring board, what an agency must report, year-end
results. A fixed number of queries, however many indicators and periods."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Prefetch, Q, Sum
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from proposals.monitoring import access, status
from proposals.monitoring.models import (
    IndicatorActual,
    ProjectProgress,
    ReportingPeriod,
    TargetChange,
    TargetChangeStatus,
)
from strategies import fiscal
from strategies.http import Links
from strategies.models import Indicator, IndicatorTarget, Project, ProjectBudget
from strategies.templatetags.thai_dates import num


@dataclass
class Cell:
    quarter: int
    period: object  # ReportingPeriod or None (not opened)
    entry: object  # IndicatorActual / ProjectProgress or None
    verdict: status.Verdict | None
    overdue: bool = False
    can_enter: bool = False
    url: str = ""  # where the value is entered, corrected or seen in detail ("": nowhere)


@dataclass
class Line:
    obj: object  # Indicator or Project
    code: str
    cells: list[Cell]
    latest: Cell | None  # the last period with a verdict to show
    can_enter: bool = False
    target: Decimal | None = None
    result: Decimal | None = None  # the year's result so far
    budget: Decimal | None = None
    disbursed: Decimal | None = None
    sparkline: str = ""
    change_url: str = ""  # an indicator's target change, for those who may ask for one
    chain: list = field(default_factory=list)  # a project's national strategies: (it, its URL)


@dataclass
class Board:
    province: object
    fiscal_year: int
    years: list[int]
    periods: dict[int, ReportingPeriod]  # quarter → period (seen by the reader)
    indicators: list[Line] = field(default_factory=list)
    projects: list[Line] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    pending_changes: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    clusters: list = field(default_factory=list)  # the province's clusters in the year


def _plan_elements(province, fiscal_year, issue_ids):
    indicators = (
        Indicator.objects.filter(
            goal__issue__plan__organisation=province,
            goal__issue__plan__start_year__lte=fiscal_year,
            goal__issue__plan__end_year__gte=fiscal_year,
            goal__issue_id__in=issue_ids,
        )
        .select_related("goal__issue", "owner")
        .prefetch_related(
            # Unordered: the models' default orders chain up to the province's name (five
            # joins), and a dict by year needs none.
            Prefetch(
                "targets",
                queryset=IndicatorTarget.objects.filter(
                    fiscal_year__in=[fiscal_year - 1, fiscal_year]
                ).order_by(),
            )
        )
        .order_by("goal__issue__number", "goal__number", "number")
    )
    projects = (
        Project.objects.filter(
            strategy__issue__plan__organisation=province,
            strategy__issue__plan__start_year__lte=fiscal_year,
            strategy__issue__plan__end_year__gte=fiscal_year,
            strategy__issue_id__in=issue_ids,
        )
        .select_related("strategy__issue", "lead_agency")
        .prefetch_related(
            Prefetch(
                "budgets",
                queryset=ProjectBudget.objects.filter(fiscal_year=fiscal_year).order_by(),
            ),
            # The chain up to the national plan, shown under each project (one query).
            "strategy__issue__national_strategies",
        )
        .order_by("strategy__issue__number", "strategy__number", "number")
    )
    return list(indicators), list(projects)


def board(user, province, rights, *, fiscal_year: int, today, national=False) -> Board:
    """Every indicator and project of the province's plan for ``fiscal_year`` with its status
    in each quarter, as far as ``rights`` let the reader see, and the links of each line;
    ``national``: a project's national strategies link to OPDC's traceability page (else to
    the strategy's own page). Each progress carries ``disbursed_total``, the sum of its
    spending (None without any)."""
    periods = {
        p.quarter: p
        for p in ReportingPeriod.objects.filter(
            province=province, fiscal_year=fiscal_year
        ).order_by("quarter")
        if rights.sees_period(p, today)
    }
    issue_ids = access.readable_issue_ids(user, province)
    indicators, projects = _plan_elements(province, fiscal_year, issue_ids)
    actuals = {}
    progress = {}
    if periods:
        # The period of each value is one of ``periods``: attached, not read again.
        quarter_of = {p.pk: q for q, p in periods.items()}
        for actual in IndicatorActual.objects.filter(
            period__in=list(periods.values()), indicator__in=indicators
        ).order_by():
            quarter = quarter_of[actual.period_id]
            actual.period = periods[quarter]
            actuals[(actual.indicator_id, quarter)] = actual
        for item in (
            ProjectProgress.objects.filter(period__in=list(periods.values()), project__in=projects)
            .annotate(disbursed_total=Sum("spending__disbursed"))
            .order_by()
        ):
            quarter = quarter_of[item.period_id]
            item.period = periods[quarter]
            progress[(item.project_id, quarter)] = item
    years = sorted(
        set(
            ReportingPeriod.objects.filter(province=province)
            .order_by()
            .values_list("fiscal_year", flat=True)
            .distinct()
        )
        | {fiscal_year}
    )
    result = Board(province=province, fiscal_year=fiscal_year, years=years, periods=periods)
    result.clusters = list(clusters_of(province, fiscal_year))
    links = Links()
    for indicator in indicators:
        line = _indicator_line(indicator, periods, actuals, rights, fiscal_year, today)
        for cell in line.cells:
            if cell.period is not None and (cell.can_enter or cell.entry is not None):
                cell.url = links("proposals:monitoring:actual", cell.period.pk, indicator.pk)
        if line.can_enter:
            line.change_url = links("proposals:monitoring:target_change", indicator.pk)
        result.indicators.append(line)
    chains: dict[int, list] = {}  # issue id → its national strategies and their links
    for project in projects:
        line = _project_line(project, periods, progress, rights, today)
        for cell in line.cells:
            if cell.period is not None and (cell.can_enter or cell.entry is not None):
                cell.url = links("proposals:monitoring:progress", cell.period.pk, project.pk)
        issue = project.strategy.issue
        if issue.pk not in chains:
            chains[issue.pk] = [
                (
                    strategy,
                    f"{links('proposals:monitoring:trace', strategy.pk)}?year={fiscal_year}"
                    if national
                    else links("strategies:natstrategy_detail", strategy.pk),
                )
                for strategy in issue.national_strategies.all()
            ]
        line.chain = chains[issue.pk]
        result.projects.append(line)
    for line in result.indicators + result.projects:
        for cell in line.cells:
            if cell.overdue:
                owner = getattr(line.obj, "owner", None) or getattr(line.obj, "lead_agency", None)
                result.overdue.append(
                    {"line": line, "cell": cell, "agency": owner, "period": cell.period}
                )
    counts = dict.fromkeys(status.LABELS, 0)
    for line in result.indicators:
        counts[line.latest.verdict.status if line.latest else status.NO_DATA] += 1
    result.counts = counts
    if rights.member:
        result.pending_changes = list(
            TargetChange.objects.filter(
                indicator__in=indicators, status=TargetChangeStatus.PENDING
            ).select_related("indicator", "requested_by")
        )
    return result


def clusters_of(province, fiscal_year: int):
    """The clusters ``province`` belonged to on the first day of ``fiscal_year``."""
    from strategies.models import Organisation, OrganisationKind

    start, _end = fiscal.fiscal_year_bounds(fiscal_year)
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.CLUSTER,
            cluster_memberships__province=province,
            cluster_memberships__start_date__lte=start,
        )
        .filter(
            Q(cluster_memberships__end_date__isnull=True)
            | Q(cluster_memberships__end_date__gte=start)
        )
        .distinct()
        .order_by("name")
    )


def _indicator_line(indicator, periods, actuals, rights, fiscal_year, today) -> Line:
    targets = {t.fiscal_year: t.value for t in indicator.targets.all()}
    values = {
        q: actuals[(indicator.pk, q)].value for q in fiscal.QUARTERS if (indicator.pk, q) in actuals
    }
    can_enter = rights.can_enter_indicator(indicator)
    cells = []
    for quarter in fiscal.QUARTERS:
        period = periods.get(quarter)
        entry = actuals.get((indicator.pk, quarter))
        verdict = None
        if period is not None:
            verdict = status.evaluate_indicator(
                indicator, fiscal_year=fiscal_year, quarter=quarter, values=values, targets=targets
            )
        cells.append(
            Cell(
                quarter=quarter,
                period=period,
                entry=entry,
                verdict=verdict,
                overdue=bool(
                    period and entry is None and indicator.owner_id and period.is_overdue(today)
                ),
                can_enter=bool(period and can_enter and period.is_open(today)),
            )
        )
    shown = [cell for cell in cells if cell.verdict is not None]
    latest = next((c for c in reversed(shown) if c.entry is not None), shown[-1] if shown else None)
    line = Line(
        obj=indicator,
        code=f"{indicator.goal.issue.number}.{indicator.goal.number}.{indicator.number}",
        cells=cells,
        latest=latest,
        can_enter=can_enter,
        target=targets.get(fiscal_year),
        result=status.year_result(accumulation=indicator.accumulation, values=values),
    )
    line.sparkline = sparkline(
        [c.verdict.compared if c.verdict else None for c in cells],
        [c.verdict.expected if c.verdict else None for c in cells],
        label=indicator.name,
    )
    return line


def _project_line(project, periods, progress, rights, today) -> Line:
    can_enter = rights.can_enter_project(project)
    cells = []
    for quarter in fiscal.QUARTERS:
        period = periods.get(quarter)
        entry = progress.get((project.pk, quarter))
        verdict = None
        if period is not None:
            verdict = status.evaluate_project(
                percent=entry.percent_complete if entry else None, quarter=quarter
            )
        cells.append(
            Cell(
                quarter=quarter,
                period=period,
                entry=entry,
                verdict=verdict,
                overdue=bool(
                    period and entry is None and project.lead_agency_id and period.is_overdue(today)
                ),
                can_enter=bool(period and can_enter and period.is_open(today)),
            )
        )
    shown = [cell for cell in cells if cell.verdict is not None]
    latest = next((c for c in reversed(shown) if c.entry is not None), shown[-1] if shown else None)
    last_entry = next((c.entry for c in reversed(cells) if c.entry is not None), None)
    line = Line(
        obj=project,
        code=f"{project.strategy.issue.number}.{project.strategy.number}.{project.number}",
        cells=cells,
        latest=latest,
        can_enter=can_enter,
        budget=sum((b.amount for b in project.budgets.all()), Decimal(0)) or None,
        disbursed=(last_entry.disbursed_total or Decimal(0)) if last_entry else None,
    )
    line.sparkline = sparkline(
        [c.entry.percent_complete if c.entry else None for c in cells],
        [c.verdict.expected if c.verdict else None for c in cells],
        label=project.title,
    )
    return line


# --------------------------------------------------------------------------
# The sparkline: a small inline SVG, no script, readable without colour
# --------------------------------------------------------------------------

WIDTH, HEIGHT, PAD = 88, 24, 3


def sparkline(values, expected, *, label: str = "") -> str:
    """An inline SVG of the four quarters: the values as a line with dots, what was
    expected as a dashed line. Empty when nothing was reported."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    numbers = [v for v in values if v is not None] + [e for e in expected if e is not None]
    low, high = min(numbers), max(numbers)
    span = (high - low) or Decimal(1)

    def xy(index, value):
        x = PAD + index * (WIDTH - 2 * PAD) / 3
        y = HEIGHT - PAD - float((value - low) / span) * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"

    expected_points = [(i, e) for i, e in enumerate(expected) if e is not None]
    # Only numbers go into the shapes (formatted here, nothing to escape); the title, which
    # carries the indicator's name, is escaped.
    dashed = ""
    if len(expected_points) > 1:
        dashed = (
            f'<polyline points="{" ".join(xy(i, e) for i, e in expected_points)}" '
            'fill="none" stroke="#6c757d" stroke-dasharray="2 2" stroke-width="1"/>'
        )
    line = ""
    if len(points) > 1:
        line = (
            f'<polyline points="{" ".join(xy(i, v) for i, v in points)}" fill="none" '
            'stroke="#0d6efd" stroke-width="1.5"/>'
        )
    dots = "".join(
        '<circle cx="{}" cy="{}" r="2" fill="#0d6efd"/>'.format(*xy(i, v).split(","))
        for i, v in points
    )
    title = escape(
        _("%(label)s: %(values)s by quarter")
        % {
            "label": label[:80],
            "values": ", ".join(num(v) if v is not None else "–" for v in values),
        }
    )
    return mark_safe(  # numbers formatted above, and the escaped title
        f'<svg class="bp-spark" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{title}"><title>{title}</title>'
        f"{dashed}{line}{dots}</svg>"
    )


# --------------------------------------------------------------------------
# Year-end results
# --------------------------------------------------------------------------


def year_results(indicators, fiscal_year: int) -> dict[int, Decimal]:
    """The year's result of each indicator (id → value) from its actual values of
    ``fiscal_year`` — the sum or the last quarter, by its rule. Indicators without any
    value are left out. One query."""
    by_indicator: dict[int, dict[int, Decimal]] = {}
    rules = {ind.pk: ind.accumulation for ind in indicators}
    for indicator_id, quarter, value in IndicatorActual.objects.filter(
        indicator_id__in=rules, period__fiscal_year=fiscal_year
    ).values_list("indicator_id", "period__quarter", "value"):
        by_indicator.setdefault(indicator_id, {})[quarter] = value
    results = {}
    for indicator_id, values in by_indicator.items():
        value = status.year_result(accumulation=rules[indicator_id], values=values)
        if value is not None:
            results[indicator_id] = value
    return results


# --------------------------------------------------------------------------
# OPDC's national view
# --------------------------------------------------------------------------


@dataclass
class ProvinceRow:
    province: object
    cluster: object
    quarter: int | None  # the latest locked quarter, the one the statuses are of
    counts: dict
    indicators: int


def national(user, *, fiscal_year: int, today, strategy_id=None, status_filter="", cluster_id=None):
    """Every province's indicator statuses in its latest locked quarter of ``fiscal_year``,
    for OPDC: only the strategic issues submitted to it (everything, for a superuser),
    optionally those aligned with one national strategy, in one cluster, or with at least
    one indicator in ``status_filter``. A fixed number of queries, whatever the country."""
    from strategies.access import scope_for, submitted_issue_ids
    from strategies.models import ClusterMembership, Organisation, StrategicIssue

    issues = StrategicIssue.objects.filter(
        plan__organisation__kind="province",
        plan__start_year__lte=fiscal_year,
        plan__end_year__gte=fiscal_year,
    )
    if not scope_for(user).edit_all:
        issues = issues.filter(pk__in=submitted_issue_ids())
    if strategy_id:
        issues = issues.filter(national_strategies=strategy_id)
    # The issues are read first, as ids with their province: the three subqueries
    # of a filter by ``issues`` cost PostgreSQL more to plan than to run, in each of the
    # queries below.
    province_of = dict(issues.order_by().values_list("pk", "plan__organisation_id"))
    # Only what the status rule reads, with the two targets it compares: no model instance
    # for each of the country's indicators (about 1,700 at 75 provinces).
    indicators = list(
        Indicator.objects.filter(goal__issue_id__in=list(province_of))
        .order_by()
        .values_list("pk", "goal__issue_id", "direction", "accumulation", "tolerance", "baseline")
        .annotate(
            target=Max("targets__value", filter=Q(targets__fiscal_year=fiscal_year)),
            start=Max("targets__value", filter=Q(targets__fiscal_year=fiscal_year - 1)),
        )
    )
    province_ids = set(province_of.values())
    provinces = Organisation.objects.in_bulk(province_ids)
    locked = {}
    for period in ReportingPeriod.objects.filter(
        province_id__in=province_ids, fiscal_year=fiscal_year
    ).order_by():
        if today > period.locks_after:
            locked.setdefault(period.province_id, []).append(period)
    latest = {pid: max(ps, key=lambda p: p.quarter) for pid, ps in locked.items()}
    quarter_of = {p.pk: p.quarter for ps in locked.values() for p in ps}
    # Every value of the locked periods, kept for the indicators read above: a join up to
    # each value's issue cost the database more than the values of the issues not
    # submitted (the same provinces' periods) cost here.
    values: dict[int, dict[int, Decimal]] = {pk: {} for pk, *_rest in indicators}
    for indicator_id, period_id, value in (
        IndicatorActual.objects.filter(period_id__in=list(quarter_of))
        .order_by()  # into a dict: the model's ordering was a sort of the country's values
        .values_list("indicator_id", "period_id", "value")
    ):
        if indicator_id in values:
            values[indicator_id][quarter_of[period_id]] = value
    clusters = {}
    for membership in ClusterMembership.objects.filter(
        province_id__in=province_ids, end_date__isnull=True
    ).select_related("cluster"):
        clusters[membership.province_id] = membership.cluster
    rows: dict[int, ProvinceRow] = {}
    for pk, issue_id, direction, accumulation, tolerance, baseline, target, start in indicators:
        province_id = province_of[issue_id]
        row = rows.get(province_id)
        if row is None:
            period = latest.get(province_id)
            row = rows[province_id] = ProvinceRow(
                province=provinces[province_id],
                cluster=clusters.get(province_id),
                quarter=period.quarter if period else None,
                counts=dict.fromkeys(status.LABELS, 0),
                indicators=0,
            )
        row.indicators += 1
        if row.quarter is None:
            row.counts[status.NO_DATA] += 1
            continue
        verdict = status.evaluate_rule(
            direction=direction,
            accumulation=accumulation,
            tolerance=tolerance,
            baseline=baseline,
            fiscal_year=fiscal_year,
            quarter=row.quarter,
            values=values[pk],
            targets={fiscal_year - 1: start, fiscal_year: target},
        )
        row.counts[verdict.status] += 1
    result = sorted(rows.values(), key=lambda r: (getattr(r.cluster, "name", ""), r.province.name))
    if cluster_id:
        result = [r for r in result if r.cluster is not None and r.cluster.pk == cluster_id]
    if status_filter in status.LABELS:
        result = [r for r in result if r.counts[status_filter]]
    return result
