"""The demo province has four quarters of 2548 results with evidence, a target change with
its reason and one agency that has not reported Q4."""

import datetime

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from proposals.demo.monitoring import load_monitoring_demo
from proposals.monitoring import access, selectors
from proposals.monitoring.models import (
    ActualRevision,
    Evidence,
    IndicatorActual,
    PeriodReopening,
    ProjectProgress,
    ReportingPeriod,
    TargetChange,
)
from strategies.demo import cascade as cascade_demo
from strategies.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    cascade_demo.load()
    for loader in settings.DEMO_LOADERS:
        import_string(loader)()
    return Organisation.objects.get(code="chumphon")


def test_four_quarters_with_evidence_a_target_change_and_one_late_agency(loaded):
    periods = ReportingPeriod.objects.filter(province=loaded, fiscal_year=2548)
    assert sorted(periods.values_list("quarter", flat=True)) == [1, 2, 3, 4]
    assert all(p.due_date > p.ends_on for p in periods)
    for period in periods:
        assert IndicatorActual.objects.filter(period=period).exists()
        assert ProjectProgress.objects.filter(period=period).exists()
    files = Evidence.objects.filter(kind="file")
    assert files.count() == 4 and Evidence.objects.filter(kind="link").exists()
    # What is entered is dated in 2548 (B.E.), not today.
    assert not IndicatorActual.objects.filter(entered_at__year__gt=2005).exists()
    assert not ActualRevision.objects.filter(created_at__year__gt=2005).exists()
    change = TargetChange.objects.get()
    assert change.status == "approved" and change.reason and change.old_value != change.new_value
    assert change.indicator.targets.get(fiscal_year=2550).value == change.new_value
    reopening = PeriodReopening.objects.get()
    assert reopening.reason and ActualRevision.objects.filter(number=2).count() == 1

    office = loaded.memberships.filter(role="editor").first().user
    rights = access.rights_for(office, loaded)
    board = selectors.board(
        office, loaded, rights, fiscal_year=2548, today=datetime.date(2026, 1, 1)
    )
    late_agencies = {item["agency"] for item in board.overdue}
    assert len(late_agencies) == 1
    assert {item["period"].quarter for item in board.overdue} == {4}
    statuses = {line.latest.verdict.status for line in board.indicators}
    assert {"on_track", "off_track"} <= statuses


def test_loading_twice_changes_nothing(loaded):
    counts = (
        IndicatorActual.objects.count(),
        Evidence.objects.count(),
        TargetChange.objects.count(),
    )
    load_monitoring_demo()
    assert counts == (
        IndicatorActual.objects.count(),
        Evidence.objects.count(),
        TargetChange.objects.count(),
    )


def test_loading_the_cascade_again_keeps_the_approved_target_change(loaded):
    """The cascade demo sets targets through the service, whose guard keeps an approved
    plan's targets: a second ``load_demo`` does not undo the recorded change."""
    change = TargetChange.objects.get()
    cascade_demo.load()
    assert change.indicator.targets.get(fiscal_year=2550).value == change.new_value


def test_seed_national_fills_periods_and_results_with_one_late_agency():
    from proposals.demo import national

    national.seed(provinces=1, scale=0.05)
    province = Organisation.objects.get(code=national.province_code(1))
    periods = ReportingPeriod.objects.filter(province=province, fiscal_year=2548)
    assert periods.count() == 4
    q1, q4 = periods.get(quarter=1), periods.get(quarter=4)
    indicators = IndicatorActual.objects.filter(period=q1).count()
    assert indicators > 0 and ActualRevision.objects.filter(actual__period=q1).count() == indicators
    assert 0 < IndicatorActual.objects.filter(period=q4).count() < indicators
    assert ProjectProgress.objects.filter(period=q1).exists()
