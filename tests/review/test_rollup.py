"""A cluster's Blueprints side by side: which cluster issue each province addresses,
the indicators they share, and their combined budget."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from proposals.review.rollup import cluster_rollup
from strategies.models import ClusterMembership
from tests import factories

pytestmark = pytest.mark.django_db


def test_without_a_cluster_plan_rows_are_national_strategies(world, round_):
    rollup = cluster_rollup(user=world.reviewer, cluster=round_.cluster, fiscal_year=2548)
    assert [p.pk for p in rollup.members] == [world.province.pk, world.other_province.pk]
    assert not rollup.has_cluster_plan
    assert len(rollup.rows) == 1  # the one national strategy both align to
    row = rollup.rows[0]
    assert sorted(len(cell) for cell in row.cells) == [1, 1]
    assert row.budget == Decimal("3500000.00")
    assert rollup.budget_total == Decimal("3500000.00")
    assert rollup.budget_by_year == {2548: Decimal("3500000.00")}
    # Chumphon's draft (issue 2) is listed by status only.
    drafts = [entry for cell in rollup.not_submitted for entry in cell]
    assert [(e.issue_number, e.status) for e in drafts] == [(2, "draft")]


def test_shared_indicators_match_by_name_and_unit(world, round_):
    rollup = cluster_rollup(user=world.reviewer, cluster=round_.cluster, fiscal_year=2548)
    shared = rollup.shared_indicators
    assert len(shared) == 1
    assert "GAP" in shared[0].name
    assert {province.pk for province, _values in shared[0].by_province} == {
        world.province.pk,
        world.other_province.pk,
    }
    values = dict(shared[0].by_province)[world.province]
    assert values["targets"][2549] == "9.00"


def test_cluster_issues_from_the_cluster_plan(world, round_, client_for):
    plan = factories.ActionPlanFactory(
        organisation=round_.cluster, administration_plan=world.admin_plan, title="แผนกลุ่มจังหวัด"
    )
    agriculture = factories.StrategicIssueFactory(plan=plan, number=1, title="เกษตรและอาหารคุณภาพ")
    agriculture.national_strategies.add(world.national_strategy)
    factories.StrategicIssueFactory(plan=plan, number=2, title="การท่องเที่ยวอันดามัน")
    rollup = cluster_rollup(user=world.reviewer, cluster=round_.cluster, fiscal_year=2548)
    assert rollup.has_cluster_plan
    assert [row.title for row in rollup.rows] == ["เกษตรและอาหารคุณภาพ", "การท่องเที่ยวอันดามัน"]
    assert sum(len(cell) for cell in rollup.rows[0].cells) == 2
    assert sum(len(cell) for cell in rollup.rows[1].cells) == 0
    body = (
        client_for(world.reviewer)
        .get(reverse("proposals:review:cluster", args=[round_.cluster.pk]), {"fy": 2548})
        .content.decode()
    )
    assert "เกษตรและอาหารคุณภาพ" in body
    assert "3,500,000" in body
    assert reverse("proposals:review:review", args=[round_.surat.pk]) in body


def test_members_follow_membership_dates(world, round_):
    ClusterMembership.objects.filter(province=world.other_province).update(
        end_date=datetime.date(2004, 9, 30), start_date=datetime.date(2001, 10, 1)
    )
    rollup = cluster_rollup(user=world.reviewer, cluster=round_.cluster, fiscal_year=2548)
    assert [p.pk for p in rollup.members] == [world.province.pk]
    assert rollup.budget_total == Decimal("2500000.00")
    assert rollup.shared_indicators == []
