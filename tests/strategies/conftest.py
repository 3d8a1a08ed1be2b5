import pytest
from django.utils import timezone

from tests import factories


def submit_issue(issue, status="submitted"):
    """A Blueprint of ``issue`` as submitted to OPDC (the row's state, not the workflow:
    tests/proposals/test_workflow.py goes through the real submission)."""
    from proposals.models import Blueprint

    return Blueprint.objects.create(
        issue=issue,
        province=issue.plan.organisation,
        fiscal_year=issue.plan.start_year,
        title=f"ข้อเสนอ {issue.title}",
        status=status,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def chain(world):
    """One complete chain in the Chumphon plan: issue → goal → indicator, strategy → project."""
    issue = factories.StrategicIssueFactory(plan=world.plan, number=1)
    issue.national_strategies.add(world.national_strategy)
    goal = factories.GoalFactory(issue=issue, number=1)
    indicator = factories.IndicatorFactory(goal=goal, number=1, owner=world.agency)
    for year in world.plan.years:
        factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=year)
    strategy = factories.StrategyFactory(issue=issue, number=1)
    strategy.goals.add(goal)
    project = factories.ProjectFactory(strategy=strategy, number=1, lead_agency=world.agency)
    factories.ProjectBudgetFactory(project=project, fiscal_year=2548)
    return {
        "plan": world.plan,
        "issue": issue,
        "goal": goal,
        "indicator": indicator,
        "strategy": strategy,
        "project": project,
    }
