"""Pages that list elements keep a constant number of queries as the lists grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def grow(plan, n):
    for i in range(n):
        issue = factories.StrategicIssueFactory(plan=plan, number=i + 1)
        goal = factories.GoalFactory(issue=issue, number=1)
        indicator = factories.IndicatorFactory(goal=goal, number=1)
        for year in plan.years:
            factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=year)
        strategy = factories.StrategyFactory(issue=issue, number=1)
        project = factories.ProjectFactory(strategy=strategy, number=1)
        factories.ProjectBudgetFactory(project=project)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["strategies:plan_detail", "strategies:plan_cascade"])
def test_plan_pages_constant_from_1_to_50_rows(world, client_for, name):
    client = client_for(world.editor)
    url = reverse(name, args=[world.plan.pk])
    grow(world.plan, 1)
    small = count(client, url)
    grow_more = 49
    for i in range(grow_more):
        factories.StrategicIssueFactory(plan=world.plan, number=100 + i)
    grow(
        factories.ActionPlanFactory(organisation=world.province, start_year=2552, end_year=2555), 0
    )
    large = count(client, url)
    assert small == large, (small, large)
    assert large <= 20


def test_plan_list_constant(world, client_for):
    client = client_for(world.reviewer)
    url = reverse("strategies:plan_list")
    small = count(client, url)
    for _ in range(50):
        factories.ActionPlanFactory()
    assert count(client, url) == small


def test_plan_detail_full_rows_constant(world, client_for, django_assert_max_num_queries):
    client = client_for(world.editor)
    url = reverse("strategies:plan_detail", args=[world.plan.pk])
    grow(world.plan, 1)
    small = count(client, url)
    # 49 more complete chains.
    for i in range(49):
        issue = factories.StrategicIssueFactory(plan=world.plan, number=200 + i)
        goal = factories.GoalFactory(issue=issue, number=1)
        indicator = factories.IndicatorFactory(goal=goal, number=1)
        factories.IndicatorTargetFactory(indicator=indicator, fiscal_year=2549)
        strategy = factories.StrategyFactory(issue=issue, number=1)
        project = factories.ProjectFactory(strategy=strategy, number=1, lead_agency=world.agency)
        factories.ProjectBudgetFactory(project=project)
    with django_assert_max_num_queries(small):
        client.get(url)
