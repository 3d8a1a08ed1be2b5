"""What one strategic issue may hold (strategies.limits): the action-plan pages refuse a
goal, indicator or project past the bound with a Thai message, nothing saved; a Blueprint
of the issue keeps to the same bounds (proposals.limits reads them)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proposals.rows import KINDS
from strategies import limits
from strategies.models import Goal
from tests import factories

pytestmark = pytest.mark.django_db


def fill_goals(issue, upto):
    for number in range(Goal.objects.filter(issue=issue).count() + 1, upto + 1):
        factories.GoalFactory(issue=issue, number=number)


def test_the_page_refuses_a_goal_past_the_bound_and_keeps_what_was_typed(world, chain, client_for):
    fill_goals(chain["issue"], limits.MAX_GOALS)
    response = client_for(world.editor).post(
        reverse("strategies:goal_create", args=[chain["issue"].pk]),
        {"number": 99, "title": "เป้าประสงค์ที่เกิน", "perspective": "efficiency"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ประเด็นยุทธศาสตร์หนึ่งมี “เป้าประสงค์” ได้ไม่เกิน 30 รายการ" in body
    assert "เป้าประสงค์ที่เกิน" in body
    assert Goal.objects.filter(issue=chain["issue"]).count() == limits.MAX_GOALS


def test_room_is_counted_per_issue(world, chain):
    fill_goals(chain["issue"], limits.MAX_GOALS)
    with pytest.raises(ValidationError):
        limits.check_room(Goal, chain["issue"].pk)
    other = factories.StrategicIssueFactory(plan=world.plan, number=2)
    limits.check_room(Goal, other.pk)  # another issue has room


def test_a_blueprint_keeps_to_the_issues_bounds():
    assert KINDS["goal"].max_rows == limits.MAX_GOALS
    assert KINDS["indicator"].max_rows == limits.MAX_INDICATORS
    assert KINDS["project"].max_rows == limits.MAX_PROJECTS
