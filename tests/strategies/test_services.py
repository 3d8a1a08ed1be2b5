"""The cascade's services take values, re-check rights on the stored row and refuse a
stale save — whoever calls them (a page, the plan's Excel import, a script)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from strategies import limits, services
from strategies.models import ActionPlan, Goal, Indicator, Project, StrategicIssue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["viewer", "contributor", "reviewer", "stranger", "nobody"])
def test_only_an_editor_of_the_province_changes_its_plan(world, chain, who):
    user = None if who == "nobody" else getattr(world, who)
    goal = chain["goal"]
    with pytest.raises(PermissionDenied):
        services.element_update(user=user, element=goal, values={"title": "x"}, version=None)
    with pytest.raises(PermissionDenied):
        services.element_create(user=user, model=Goal, parent=chain["issue"], values={"number": 9})
    with pytest.raises(PermissionDenied):
        services.element_delete(user=user, element=chain["project"])
    with pytest.raises(PermissionDenied):
        services.action_plan_update(user=user, plan=world.plan, values={"title": "x"}, version=None)
    with pytest.raises(PermissionDenied):
        services.action_plan_create(
            user=user,
            organisation=world.province,
            administration_plan=world.admin_plan,
            title="แผนใหม่",
            start_year=2552,
        )
    goal.refresh_from_db()
    assert goal.title != "x" and not Goal.objects.filter(number=9).exists()
    assert Project.objects.filter(pk=chain["project"].pk).exists()


def test_rights_are_read_on_the_stored_row_not_on_the_object_passed(world, chain):
    """An object whose parent was changed in memory (to the editor's own plan) does not
    open another province's issue: the service reads where the row really is."""
    theirs = StrategicIssue.objects.create(plan=world.other_plan, number=1, title="ของเขา")
    theirs.plan = world.plan  # not saved: what a forged form instance would carry
    with pytest.raises(PermissionDenied):
        services.element_update(
            user=world.editor, element=theirs, values={"title": "แก้ของเขา"}, version=None
        )
    with pytest.raises(PermissionDenied):
        services.element_create(
            user=world.editor, model=Goal, parent=theirs, values={"number": 1, "title": "x"}
        )
    theirs.refresh_from_db()
    assert theirs.title == "ของเขา" and not theirs.goals.exists()


def test_the_parent_of_an_element_is_never_changed_by_values(world, chain):
    goal = services.element_update(
        user=world.editor,
        element=chain["goal"],
        values={"title": "ใหม่", "issue": StrategicIssue(pk=999)},
        version=chain["goal"].version,
    )
    goal.refresh_from_db()
    assert goal.issue_id == chain["issue"].pk and goal.title == "ใหม่"


def test_a_stale_version_is_refused_and_nothing_is_written(world, chain):
    indicator = chain["indicator"]
    read = indicator.version
    services.element_update(
        user=world.editor, element=indicator, values={"name": "ของคนแรก"}, version=read
    )
    targets_before = list(indicator.targets.values_list("fiscal_year", "value"))
    with pytest.raises(services.StaleEdit) as stale:
        services.element_update(
            user=world.editor,
            element=indicator,
            values={"name": "ของคนที่สอง"},
            version=read,
            targets={2548: Decimal("99")},
        )
    assert stale.value.current.name == "ของคนแรก"
    indicator.refresh_from_db()
    assert indicator.name == "ของคนแรก" and indicator.version == read + 1
    assert list(indicator.targets.values_list("fiscal_year", "value")) == targets_before


def test_a_stale_plan_save_is_refused(world):
    read = world.plan.version
    services.action_plan_update(
        user=world.editor, plan=world.plan, values={"title": "ก"}, version=read
    )
    with pytest.raises(services.StaleEdit):
        services.action_plan_update(
            user=world.editor, plan=world.plan, values={"title": "ข"}, version=read
        )
    world.plan.refresh_from_db()
    assert world.plan.title == "ก"


def test_values_create_an_element_with_its_many_to_many_and_children(world, chain):
    indicator = services.element_create(
        user=world.editor,
        model=Indicator,
        parent=chain["goal"],
        values={"number": 2, "name": "ตัวชี้วัดใหม่", "unit": "ร้อยละ", "owner": world.agency},
        targets={2548: Decimal("10"), 2549: None},
    )
    assert indicator.goal == chain["goal"] and indicator.owner == world.agency
    assert dict(indicator.targets.values_list("fiscal_year", "value")) == {2548: Decimal("10")}
    project = services.element_create(
        user=world.editor,
        model=Project,
        parent=chain["strategy"],
        values={"number": 2, "title": "โครงการใหม่", "supporting_agencies": [world.agency]},
        budgets={(2549, "regular"): Decimal("1000")},
    )
    assert list(project.supporting_agencies.all()) == [world.agency]
    assert list(project.budgets.values_list("fiscal_year", "amount")) == [(2549, Decimal("1000"))]


def test_a_plan_spans_four_years_whatever_the_values_say(world):
    plan = services.action_plan_create(
        user=world.editor,
        organisation=world.province,
        administration_plan=world.admin_plan,
        title="แผนถัดไป",
        start_year=2549,
    )
    assert (plan.start_year, plan.end_year) == (2549, 2552)
    plan = services.action_plan_update(
        user=world.editor,
        plan=plan,
        values={"start_year": 2550, "end_year": 2599, "organisation": world.other_province},
        version=plan.version,
    )
    plan.refresh_from_db()
    assert (plan.start_year, plan.end_year) == (2550, 2553)
    assert plan.organisation == world.province
    assert ActionPlan.objects.filter(organisation=world.other_province).count() == 1


def test_the_bounds_of_an_issue_hold_for_values_too(world, chain, monkeypatch):
    monkeypatch.setitem(limits.PER_ISSUE, Goal, 1)
    with pytest.raises(ValidationError):
        services.element_create(
            user=world.editor, model=Goal, parent=chain["issue"], values={"number": 2}
        )
    assert chain["issue"].goals.count() == 1
