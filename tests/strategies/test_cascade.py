"""The cascade check finds every kind of break, and nothing when the chain is whole."""

import pytest
from django.urls import reverse

from strategies.cascade import BreakKind, find_breaks
from tests import factories

pytestmark = pytest.mark.django_db


def kinds(report):
    return sorted((b.kind, b.element.pk) for b in report.breaks)


def test_complete_chain_has_no_breaks(chain):
    report = find_breaks(chain["plan"])
    assert report.ok, report.breaks
    assert report.counts == {
        "issues": 1,
        "goals": 1,
        "indicators": 1,
        "strategies": 1,
        "projects": 1,
    }


def test_each_break_is_flagged(chain, world):
    chain["issue"].national_strategies.clear()
    chain["indicator"].targets.filter(fiscal_year=2550).delete()
    empty_goal = factories.GoalFactory(issue=chain["issue"], number=2)
    chain["project"].lead_agency = None
    chain["project"].save()
    chain["project"].budgets.all().delete()
    bare_issue = factories.StrategicIssueFactory(plan=world.plan, number=2)

    report = find_breaks(world.plan)

    assert kinds(report) == sorted(
        [
            (BreakKind.ISSUE_NOT_ALIGNED, chain["issue"].pk),
            (BreakKind.INDICATOR_MISSING_TARGET, chain["indicator"].pk),
            (BreakKind.GOAL_NO_INDICATOR, empty_goal.pk),
            (BreakKind.PROJECT_NO_LEAD, chain["project"].pk),
            (BreakKind.PROJECT_NO_BUDGET, chain["project"].pk),
            (BreakKind.ISSUE_NOT_ALIGNED, bare_issue.pk),
            (BreakKind.ISSUE_NO_GOAL, bare_issue.pk),
            (BreakKind.ISSUE_NO_STRATEGY, bare_issue.pk),
        ]
    )
    missing = next(b for b in report.breaks if b.kind == BreakKind.INDICATOR_MISSING_TARGET)
    assert missing.detail == "2550"


def test_zero_budget_counts_as_no_budget(chain):
    chain["project"].budgets.update(amount=0)
    assert (BreakKind.PROJECT_NO_BUDGET, chain["project"].pk) in kinds(find_breaks(chain["plan"]))


def test_cascade_page_lists_breaks_with_links(client_for, world, chain):
    chain["project"].lead_agency = None
    chain["project"].save()
    response = client_for(world.editor).get(
        reverse("strategies:plan_cascade", args=[world.plan.pk])
    )
    assert response.status_code == 200
    assert chain["project"].get_absolute_url() in response.content.decode()
    assert "โครงการที่ไม่มีหน่วยงานรับผิดชอบหลัก" in response.content.decode()


def test_element_page_shows_chain_up_and_down(client_for, world, chain):
    heading = factories.PolicyHeadingFactory(statement=world.admin_plan.statement, number=1)
    world.national_strategy.policy_headings.add(heading)
    client = client_for(world.viewer)
    body = client.get(chain["project"].get_absolute_url()).content.decode()
    assert world.national_strategy.get_absolute_url() in body
    assert heading.get_absolute_url() in body
    assert chain["goal"].get_absolute_url() in body
    # And downward from the policy heading to the province's issue.
    body = client.get(heading.get_absolute_url()).content.decode()
    assert chain["issue"].get_absolute_url() in body


def test_heading_page_hides_other_provinces_issues(client_for, world, chain):
    heading = factories.PolicyHeadingFactory(statement=world.admin_plan.statement, number=1)
    world.national_strategy.policy_headings.add(heading)
    body = client_for(world.stranger).get(heading.get_absolute_url()).content.decode()
    assert chain["issue"].get_absolute_url() not in body
