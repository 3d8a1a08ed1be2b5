"""Integrity lives in the database: these go straight to the ORM, past every form."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from strategies import fiscal
from strategies.models import ActionPlan, IndicatorTarget, ProjectBudget
from tests import factories

pytestmark = pytest.mark.django_db


def test_target_year_outside_plan_is_refused_by_the_database(chain):
    with pytest.raises(IntegrityError, match="strategies_target_year_in_plan"):
        with transaction.atomic():
            IndicatorTarget.objects.create(
                indicator=chain["indicator"], fiscal_year=2552, value=Decimal(1)
            )


def test_target_year_moved_outside_plan_is_refused(chain):
    target = chain["indicator"].targets.get(fiscal_year=2548)
    target.fiscal_year = 2547
    with pytest.raises(IntegrityError, match="strategies_target_year_in_plan"):
        with transaction.atomic():
            target.save()


def test_target_year_inside_plan_is_accepted(world):
    indicator = factories.IndicatorFactory(goal__issue__plan=world.plan)
    for year in (2548, 2551):
        IndicatorTarget.objects.create(indicator=indicator, fiscal_year=year, value=Decimal(1))
    assert indicator.targets.count() == 2


def test_duplicate_target_for_a_year_is_refused(chain):
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            IndicatorTarget.objects.create(
                indicator=chain["indicator"], fiscal_year=2548, value=Decimal(9)
            )


def test_negative_budget_is_refused(chain):
    with pytest.raises(IntegrityError, match="strategies_budget_non_negative"):
        with transaction.atomic():
            ProjectBudget.objects.create(
                project=chain["project"], fiscal_year=2549, amount=Decimal("-1")
            )


def test_budget_year_outside_plan_is_refused(chain):
    with pytest.raises(IntegrityError, match="strategies_budget_year_in_plan"):
        with transaction.atomic():
            ProjectBudget.objects.create(
                project=chain["project"], fiscal_year=2560, amount=Decimal("1")
            )


def test_duplicate_budget_for_year_and_source_is_refused(chain):
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            ProjectBudget.objects.create(
                project=chain["project"], fiscal_year=2548, amount=Decimal("5")
            )


def test_action_plan_must_span_four_years(world):
    with pytest.raises(IntegrityError, match="strategies_actionplan_four_years"):
        with transaction.atomic():
            factories.ActionPlanFactory(start_year=2548, end_year=2550)


def test_one_action_plan_per_organisation_and_period(world):
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            ActionPlan.objects.create(
                organisation=world.province,
                administration_plan=world.admin_plan,
                title="ซ้ำ",
                start_year=2548,
                end_year=2551,
            )


def test_cluster_membership_cannot_end_before_it_starts(world):
    with pytest.raises(IntegrityError, match="strategies_cluster_membership_dates"):
        with transaction.atomic():
            factories.ClusterMembershipFactory(
                province=world.province,
                start_date=datetime.date(2009, 10, 1),
                end_date=datetime.date(2009, 1, 1),
            )


def test_line_agency_needs_a_province(db):
    with pytest.raises(IntegrityError, match="strategies_org_line_agency_has_province"):
        with transaction.atomic():
            factories.OrganisationFactory(kind="line_agency", province=None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2004, 9, 30), 2547),
        (datetime.date(2004, 10, 1), 2548),
        (datetime.date(2005, 3, 23), 2548),
        (datetime.date(2005, 9, 30), 2548),
        (datetime.date(2005, 10, 1), 2549),
    ],
)
def test_fiscal_year_runs_october_to_september_named_by_be_end_year(day, expected):
    assert fiscal.fiscal_year_of(day) == expected


def test_fiscal_year_bounds():
    assert fiscal.fiscal_year_bounds(2548) == (
        datetime.date(2004, 10, 1),
        datetime.date(2005, 9, 30),
    )
    assert fiscal.thai_numerals("2548") == "๒๕๔๘"
