"""Reading the cascade: a plan's whole tree, each element's chain up and down, and its breaks.

All functions here read with a fixed number of queries, whatever the size of the plan.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strategies import access
from strategies.models import (
    ActionPlan,
    Goal,
    Indicator,
    Project,
    StrategicIssue,
    Strategy,
)

# select_related paths from each element kind up to its plan and organisation.
PLAN_PATH = {
    "plan": ["organisation"],
    "issue": ["plan__organisation"],
    "goal": ["issue__plan__organisation"],
    "indicator": ["goal__issue__plan__organisation", "owner"],
    "strategy": ["issue__plan__organisation"],
    "project": ["strategy__issue__plan__organisation", "lead_agency"],
}


def plan_of(element) -> ActionPlan:
    """The action plan an element belongs to (no query when PLAN_PATH was selected)."""
    if isinstance(element, ActionPlan):
        return element
    if isinstance(element, StrategicIssue):
        return element.plan
    if isinstance(element, Goal | Strategy):
        return element.issue.plan
    if isinstance(element, Indicator):
        return element.goal.issue.plan
    if isinstance(element, Project):
        return element.strategy.issue.plan
    raise TypeError(f"Not an element of a plan: {element!r}")


def visible_issues(user):
    """Strategic issues the person may read (:func:`strategies.access.issues_q`)."""
    return StrategicIssue.objects.visible_to(user).select_related("plan__organisation")


def plan_issues(plan: ActionPlan, user):
    """The issues of ``plan`` that ``user`` may read (all of them for its members)."""
    if access.reads_whole_plan(user, plan):
        return plan.issues.all()
    return plan.issues.visible_to(user)


def plan_tree(plan: ActionPlan, issues=None):
    """The plan's issues with everything below them prefetched (a constant number of queries).

    ``issues``: the issues of the plan to show (:func:`plan_issues`); by default every
    issue — only for callers that already decided access for the whole plan."""
    if issues is None:
        issues = plan.issues.all()
    return issues.prefetch_related(
        "national_strategies__policy_headings",
        Prefetch(
            "goals",
            queryset=Goal.objects.prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.select_related("owner").prefetch_related("targets"),
                )
            ),
        ),
        Prefetch(
            "strategies",
            queryset=Strategy.objects.prefetch_related(
                "goals",
                Prefetch(
                    "projects",
                    queryset=Project.objects.select_related("lead_agency").prefetch_related(
                        "budgets", "supporting_agencies"
                    ),
                ),
            ),
        ),
    )


# --------------------------------------------------------------------------
# Breaks in the cascade
# --------------------------------------------------------------------------


class BreakKind:
    ISSUE_NOT_ALIGNED = "issue_not_aligned"
    ISSUE_NO_GOAL = "issue_no_goal"
    GOAL_NO_INDICATOR = "goal_no_indicator"
    INDICATOR_MISSING_TARGET = "indicator_missing_target"
    ISSUE_NO_STRATEGY = "issue_no_strategy"
    STRATEGY_NO_PROJECT = "strategy_no_project"
    PROJECT_NO_LEAD = "project_no_lead"
    PROJECT_NO_BUDGET = "project_no_budget"


BREAK_LABELS = {
    BreakKind.ISSUE_NOT_ALIGNED: _("Strategic issue aligned to no national strategy"),
    BreakKind.ISSUE_NO_GOAL: _("Strategic issue with no goal"),
    BreakKind.GOAL_NO_INDICATOR: _("Goal with no indicator"),
    BreakKind.INDICATOR_MISSING_TARGET: _("Indicator missing a year's target"),
    BreakKind.ISSUE_NO_STRATEGY: _("Strategic issue with no strategy"),
    BreakKind.STRATEGY_NO_PROJECT: _("Strategy with no project"),
    BreakKind.PROJECT_NO_LEAD: _("Project with no lead agency"),
    BreakKind.PROJECT_NO_BUDGET: _("Project with no budget"),
}


@dataclass
class Break:
    kind: str
    element: object
    detail: str = ""

    @property
    def label(self):
        return BREAK_LABELS[self.kind]

    @property
    def url(self):
        return self.element.get_absolute_url()


@dataclass
class CascadeReport:
    plan: ActionPlan
    breaks: list[Break] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.breaks

    def by_kind(self):
        grouped = {}
        for item in self.breaks:
            grouped.setdefault(item.kind, []).append(item)
        return [(BREAK_LABELS[kind], items) for kind, items in grouped.items()]


def find_breaks(plan: ActionPlan, issues=None) -> CascadeReport:
    """Every break in the plan's chain (of ``issues``, see :func:`plan_tree`), in plan order."""
    report = CascadeReport(plan=plan)
    years = plan.years
    counts = dict.fromkeys(("issues", "goals", "indicators", "strategies", "projects"), 0)
    for issue in plan_tree(plan, issues):
        counts["issues"] += 1
        if not issue.national_strategies.all():
            report.breaks.append(Break(BreakKind.ISSUE_NOT_ALIGNED, issue))
        goals = issue.goals.all()
        if not goals:
            report.breaks.append(Break(BreakKind.ISSUE_NO_GOAL, issue))
        for goal in goals:
            counts["goals"] += 1
            indicators = goal.indicators.all()
            if not indicators:
                report.breaks.append(Break(BreakKind.GOAL_NO_INDICATOR, goal))
            for indicator in indicators:
                counts["indicators"] += 1
                have = {target.fiscal_year for target in indicator.targets.all()}
                missing = [year for year in years if year not in have]
                if missing:
                    report.breaks.append(
                        Break(
                            BreakKind.INDICATOR_MISSING_TARGET,
                            indicator,
                            detail=", ".join(str(year) for year in missing),
                        )
                    )
        strategies = issue.strategies.all()
        if not strategies:
            report.breaks.append(Break(BreakKind.ISSUE_NO_STRATEGY, issue))
        for strategy in strategies:
            counts["strategies"] += 1
            projects = strategy.projects.all()
            if not projects:
                report.breaks.append(Break(BreakKind.STRATEGY_NO_PROJECT, strategy))
            for project in projects:
                counts["projects"] += 1
                if project.lead_agency_id is None:
                    report.breaks.append(Break(BreakKind.PROJECT_NO_LEAD, project))
                if not any(budget.amount > 0 for budget in project.budgets.all()):
                    report.breaks.append(Break(BreakKind.PROJECT_NO_BUDGET, project))
    report.counts = counts
    return report


# --------------------------------------------------------------------------
# One element's chain: what it serves upward and what serves it downward
# --------------------------------------------------------------------------


def upward_chain(issue: StrategicIssue):
    """National strategies (with their policy headings) that an issue serves."""
    return issue.national_strategies.select_related("plan").prefetch_related("policy_headings")


# The context of each element page: its chain up and its children down (one function a
# kind, named by strategies.views.ELEMENTS).


def issue_context(issue, user) -> dict:
    goals = issue.goals.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets"))
    )
    strategies = issue.strategies.prefetch_related(
        "goals", Prefetch("projects", queryset=Project.objects.select_related("lead_agency"))
    )
    return {
        "national_strategies": upward_chain(issue),
        "goals": goals,
        "strategies": strategies,
        # OPDC reads every plan but only the Blueprints that were submitted.
        "blueprints": issue.blueprints.visible_to(user),
    }


def goal_context(goal, user) -> dict:
    return {
        "issue": goal.issue,
        "national_strategies": upward_chain(goal.issue),
        "indicators": goal.indicators.select_related("owner").prefetch_related("targets"),
        "strategies": goal.strategies.prefetch_related("projects"),
    }


def indicator_context(indicator, user) -> dict:
    targets = {target.fiscal_year: target for target in indicator.targets.all()}
    plan = plan_of(indicator)
    return {
        "goal": indicator.goal,
        "issue": indicator.goal.issue,
        "national_strategies": upward_chain(indicator.goal.issue),
        "year_targets": [(year, targets.get(year)) for year in plan.years],
        "national_indicators": indicator.national_indicators.all(),
    }


def strategy_context(strategy, user) -> dict:
    return {
        "issue": strategy.issue,
        "national_strategies": upward_chain(strategy.issue),
        "goals": strategy.goals.all(),
        "projects": strategy.projects.select_related("lead_agency").prefetch_related("budgets"),
    }


def project_context(project, user) -> dict:
    plan = plan_of(project)
    budgets = list(project.budgets.all())
    return {
        "strategy": project.strategy,
        "issue": project.strategy.issue,
        "goals": project.strategy.goals.all(),
        "national_strategies": upward_chain(project.strategy.issue),
        "budgets": budgets,
        "budget_total": sum((budget.amount for budget in budgets), 0),
        "supporting_agencies": project.supporting_agencies.all(),
        "years": plan.years,
    }


def plan_url(plan: ActionPlan) -> str:
    return reverse("strategies:plan_detail", args=[plan.pk])
