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
