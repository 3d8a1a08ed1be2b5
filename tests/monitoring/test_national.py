"""OPDC's national view: every province's statuses in its latest locked quarter, for the
issues submitted to OPDC, filtered by national strategy, cluster and status."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from proposals.monitoring.models import IndicatorActual, ReportingPeriod
from tests import factories

URL = reverse("proposals:monitoring:national")


@pytest.fixture
def reported(world, chain):
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=datetime.date(2005, 1, 15)
    )
    IndicatorActual.objects.create(indicator=chain["indicator"], period=period, value=Decimal("0"))
    return period


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("editor", 403),
        ("contributor", 403),
        ("viewer", 403),
        ("stranger", 403),
        ("reviewer", 200),
        ("admin", 200),
    ],
)
def test_only_opdc_opens_it(world, client_for, actor, status):
    assert client_for(world.actor(actor)).get(URL).status_code == status


def test_opdc_sees_only_submitted_issues(world, chain, reported, client_for):
    client = client_for(world.reviewer)
    assert client.get(URL + "?year=2548").context["rows"] == []  # nothing submitted yet


def test_statuses_by_province_with_filters(world, chain, reported, client_for, submitted_blueprint):
    cluster = factories.ClusterMembershipFactory(province=world.province).cluster
    client = client_for(world.reviewer)
    rows = client.get(URL + "?year=2548").context["rows"]
    assert [(r.province, r.quarter, r.counts["off_track"]) for r in rows] == [
        (world.province, 1, 1)
    ]
    assert rows[0].cluster == cluster
    assert client.get(URL + "?year=2548&status=on_track").context["rows"] == []
    assert len(client.get(URL + f"?year=2548&cluster={cluster.pk}").context["rows"]) == 1
    other = factories.NationalStrategyFactory(plan=world.admin_plan)
    assert client.get(URL + f"?year=2548&strategy={other.pk}").context["rows"] == []
    strategy = world.national_strategy.pk
    assert len(client.get(URL + f"?year=2548&strategy={strategy}").context["rows"]) == 1


def test_each_status_is_the_rule_applied_at_the_latest_locked_quarter(
    world, chain, client_for, submitted_blueprint
):
    """The country's statuses are read as rows, not as indicators: the rule's inputs —
    the previous year's target as the starting point, the quarters' values — must still
    be those a province's own board uses."""
    from proposals.monitoring import status
    from strategies.models import Accumulation

    goal = chain["goal"]
    # Per period, 2548's target 10 → 2549's 20: 15 expected at Q2; 12 is beyond the
    # 10 % band (from the baseline 0 instead, 10 would be expected: on track).
    level = factories.IndicatorFactory(goal=goal, number=2, baseline=Decimal(0))
    factories.IndicatorTargetFactory(indicator=level, fiscal_year=2548, value=Decimal(10))
    factories.IndicatorTargetFactory(indicator=level, fiscal_year=2549, value=Decimal(20))
    # Cumulative, 20 for the year: 10 expected by Q2; Q1 4 + Q2 5 = 9, within the band.
    running = factories.IndicatorFactory(goal=goal, number=3, accumulation=Accumulation.CUMULATIVE)
    factories.IndicatorTargetFactory(indicator=running, fiscal_year=2549, value=Decimal(20))
    # No target for 2549, and no value: no data both.
    untargeted = factories.IndicatorFactory(goal=goal, number=4)
    periods = {
        q: ReportingPeriod.objects.create(
            province=world.province, fiscal_year=2549, quarter=q, due_date=due
        )
        for q, due in [(1, datetime.date(2006, 1, 15)), (2, datetime.date(2006, 4, 15))]
    }
    for indicator, quarter, value in [
        (level, 1, "11"),
        (level, 2, "12"),
        (running, 1, "4"),
        (running, 2, "5"),
        (untargeted, 2, "1"),
    ]:
        IndicatorActual.objects.create(
            indicator=indicator, period=periods[quarter], value=Decimal(value)
        )

    [row] = client_for(world.reviewer).get(URL + "?year=2549").context["rows"]

    assert row.quarter == 2
    assert row.counts == {"on_track": 0, "at_risk": 1, "off_track": 1, "no_data": 2}
    board = {}
    for indicator in [chain["indicator"], level, running, untargeted]:
        values = {
            a.period.quarter: a.value for a in IndicatorActual.objects.filter(indicator=indicator)
        }
        verdict = status.evaluate_indicator(indicator, fiscal_year=2549, quarter=2, values=values)
        board[verdict.status] = board.get(verdict.status, 0) + 1
    assert {k: v for k, v in row.counts.items() if v} == board
