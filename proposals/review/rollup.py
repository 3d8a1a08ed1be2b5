"""A provincial cluster's Blueprints side by side against the cluster's issues.

For a cluster and a fiscal year:

- **members**: the provinces in the cluster on the first day of the fiscal year
  (cluster membership carries dates);
- **rows**: the strategic issues of the cluster's own 4-year action plan covering the
  year. A province's Blueprint *addresses* a cluster issue when their strategic
  issues are aligned to a common national strategy (the cascade is the only link the
  data holds). When the cluster has no plan for the year, the rows are the national
  strategies the members' Blueprints align to;
- **shared indicators**: indicators that two or more member provinces measure — the
  same name (ignoring spacing and case) and unit;
- **combined budget**: the action-plan budgets of the submitted Blueprints, per
  province, per fiscal year and in total (each Blueprint counted once).

Content comes from the latest submitted version of each Blueprint the person may see
(never a working copy); Blueprints not submitted yet are listed by issue and status only.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from proposals.models import Blueprint
from proposals.review.dashboard import latest_snapshots
from strategies.models import NationalStrategy, Organisation, StrategicIssue


@dataclass
class Entry:
    """One province Blueprint as the roll-up shows it."""

    blueprint_id: int
    province_id: int
    issue_number: int
    issue_title: str
    status: str
    status_label: str
    edition: int | None = None
    budget_total: Decimal = Decimal(0)
    strategy_ids: frozenset = frozenset()
    submitted: bool = False


@dataclass
class RollupRow:
    number: str
    title: str
    strategies: list[str]
    cells: list[list[Entry]]  # one list per member province, in member order
    budget: Decimal = Decimal(0)


@dataclass
class SharedIndicator:
    name: str
    unit: str
    by_province: list[tuple[object, dict]]  # (province, {"baseline", "targets": {year: value}})


@dataclass
class Rollup:
    cluster: Organisation
    fiscal_year: int
    members: list[Organisation]
    has_cluster_plan: bool
    rows: list[RollupRow]
    unaligned: list[list[Entry]]
    not_submitted: list[list[Entry]]
    shared_indicators: list[SharedIndicator]
    years: list[int]
    budget_by_province: list[Decimal]
    budget_by_year: dict[int, Decimal] = field(default_factory=dict)
    budget_total: Decimal = Decimal(0)

    @property
    def any_unaligned(self) -> bool:
        return any(self.unaligned)


def _dec(value) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def indicator_key(name: str, unit: str) -> tuple[str, str]:
    """Two indicators are "the same" when their names match ignoring spacing and case."""

    def norm(text):
        return re.sub(r"\s+", "", unicodedata.normalize("NFC", text or "")).lower()

    return norm(name), norm(unit)


def members_of(cluster, fiscal_year: int):
    return Organisation.objects.cluster_members(cluster, fiscal_year)


def cluster_rollup(*, user, cluster, fiscal_year: int) -> Rollup:
    """The roll-up of ``cluster`` for ``fiscal_year`` as ``user`` may see it."""
    members = list(members_of(cluster, fiscal_year))
    column = {province.pk: index for index, province in enumerate(members)}
    blueprints = Blueprint.objects.filter(
        province__in=members, fiscal_year=fiscal_year
    ).select_related("issue")
    snapshots = {
        snapshot.blueprint_id: snapshot
        for snapshot in latest_snapshots(user=user, blueprints=blueprints.values("pk"))
    }

    entries: list[Entry] = []
    not_submitted: list[list[Entry]] = [[] for _member in members]
    for blueprint in blueprints.order_by("issue__number"):
        entry = Entry(
            blueprint_id=blueprint.pk,
            province_id=blueprint.province_id,
            issue_number=blueprint.issue.number,
            issue_title=blueprint.issue.title,
            status=blueprint.status,
            status_label=blueprint.get_status_display(),
        )
        snapshot = snapshots.get(blueprint.pk)
        if snapshot is None:
            not_submitted[column[blueprint.province_id]].append(entry)
            continue
        data = snapshot.data
        entry.submitted = True
        entry.edition = snapshot.edition
        entry.budget_total = _dec(data.get("action_plan", {}).get("budget_total"))
        entry.strategy_ids = frozenset(
            s.get("id") for s in data.get("alignment", {}).get("national_strategies", [])
        )
        entries.append(entry)

    cluster_issues = list(
        StrategicIssue.objects.filter(
            plan__organisation=cluster,
            plan__start_year__lte=fiscal_year,
            plan__end_year__gte=fiscal_year,
        )
        .prefetch_related("national_strategies")
        .order_by("number")
    )
    if cluster_issues:
        targets = [
            (
                str(issue.number),
                issue.title,
                {s.pk for s in issue.national_strategies.all()},
                [str(s) for s in issue.national_strategies.all()],
            )
            for issue in cluster_issues
        ]
    else:
        wanted = set().union(*(entry.strategy_ids for entry in entries)) if entries else set()
        targets = [
            (str(strategy.number), strategy.title, {strategy.pk}, [])
            for strategy in NationalStrategy.objects.filter(pk__in=wanted).order_by(
                "plan__start_year", "number"
            )
        ]

    rows = []
    placed = set()
    for number, title, strategy_ids, strategy_names in targets:
        cells: list[list[Entry]] = [[] for _member in members]
        budget = Decimal(0)
        for entry in entries:
            if entry.strategy_ids & strategy_ids:
                cells[column[entry.province_id]].append(entry)
                budget += entry.budget_total
                placed.add(entry.blueprint_id)
        rows.append(RollupRow(number, title, strategy_names, cells, budget))
    unaligned: list[list[Entry]] = [[] for _member in members]
    for entry in entries:
        if entry.blueprint_id not in placed:
            unaligned[column[entry.province_id]].append(entry)

    years: set[int] = set()
    budget_by_year: dict[int, Decimal] = defaultdict(Decimal)
    budget_by_province = [Decimal(0) for _member in members]
    shared: dict[tuple, dict] = {}
    for snapshot in snapshots.values():
        data = snapshot.data
        province_index = column[snapshot.blueprint.province_id]
        years.update(data.get("plan", {}).get("years") or [])
        for project in data.get("action_plan", {}).get("projects", []):
            for budget in project.get("budgets", []):
                budget_by_year[budget.get("fiscal_year")] += _dec(budget.get("amount"))
        budget_by_province[province_index] += _dec(data.get("action_plan", {}).get("budget_total"))
        for goal in data.get("goals", []):
            for ind in goal.get("indicators", []):
                key = indicator_key(ind.get("name", ""), ind.get("unit", ""))
                group = shared.setdefault(
                    key, {"name": ind.get("name", ""), "unit": ind.get("unit", ""), "by": {}}
                )
                group["by"].setdefault(
                    province_index,
                    {
                        "baseline": ind.get("baseline"),
                        "targets": {
                            t.get("fiscal_year"): t.get("value") for t in ind.get("targets", [])
                        },
                    },
                )
    shared_indicators = [
        SharedIndicator(
            name=group["name"],
            unit=group["unit"],
            by_province=[(members[index], values) for index, values in sorted(group["by"].items())],
        )
        for group in shared.values()
        if len(group["by"]) >= 2
    ]
    shared_indicators.sort(key=lambda item: item.name)
    return Rollup(
        cluster=cluster,
        fiscal_year=fiscal_year,
        members=members,
        has_cluster_plan=bool(cluster_issues),
        rows=rows,
        unaligned=unaligned,
        not_submitted=not_submitted,
        shared_indicators=shared_indicators,
        years=sorted(years),
        budget_by_province=budget_by_province,
        budget_by_year=dict(sorted(budget_by_year.items())),
        budget_total=sum(budget_by_province, Decimal(0)),
    )
