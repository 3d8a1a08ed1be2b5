"""Fixtures for the Excel imports: Chumphon's plan with one complete chain, a Blueprint on it.

Pages are requested in English so assertions do not depend on the compiled Thai catalogue;
the workbooks themselves are Thai whatever the language.
"""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def chain(world):
    """Issue 1 → goal 1.1 → indicator 1.1.1 (targets every year); strategy 1.1 → project 1.1.1."""
    issue = factories.StrategicIssueFactory(plan=world.plan, number=1, title="ประเด็นเดิม")
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


@pytest.fixture
def blueprint(world, chain):
    from proposals import services

    return services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2548)
