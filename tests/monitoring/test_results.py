"""Year-end results: the board's "year result" and the next Blueprint's baseline."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from proposals.monitoring import services
from proposals.monitoring.models import IndicatorActual, ReportingPeriod
from proposals.monitoring.selectors import year_results

FAR = datetime.date(2099, 1, 1)


def four_quarters(world, indicator, values):
    for quarter, value in enumerate(values, start=1):
        period = ReportingPeriod.objects.create(
            province=world.province, fiscal_year=2548, quarter=quarter, due_date=FAR
        )
        if value is not None:
            IndicatorActual.objects.create(indicator=indicator, period=period, value=Decimal(value))


@pytest.mark.parametrize(
    ("accumulation", "values", "result"),
    [("cumulative", ["10", "20", "30", "40"], "100"), ("level", ["10", "20", "35", None], "35")],
)
def test_the_year_result_follows_the_rule(world, chain, accumulation, values, result):
    indicator = chain["indicator"]
    indicator.accumulation = accumulation
    indicator.save()
    four_quarters(world, indicator, values)
    assert year_results([indicator], 2548) == {indicator.pk: Decimal(result)}


def test_the_office_takes_the_results_as_the_next_baseline(world, chain, blueprint):
    indicator = chain["indicator"]
    indicator.accumulation = "cumulative"
    indicator.save()
    four_quarters(world, indicator, ["10", "20", "30", "40"])
    with pytest.raises(PermissionDenied):
        services.baseline_from_results(
            user=world.contributor, province=world.province, fiscal_year=2548
        )
    version = indicator.version
    counts = services.baseline_from_results(
        user=world.editor, province=world.province, fiscal_year=2548
    )
    indicator.refresh_from_db()
    assert counts == {"updated": 1, "skipped": 0}
    assert (indicator.baseline, indicator.baseline_year) == (Decimal("100"), 2548)
    assert indicator.version == version + 1  # open editors of the indicator see the change
    again = services.baseline_from_results(
        user=world.editor, province=world.province, fiscal_year=2548
    )
    assert again == {"updated": 0, "skipped": 0}


def test_a_blueprint_awaiting_opdc_keeps_its_baseline(world, chain, submitted_blueprint):
    indicator = chain["indicator"]
    before = (indicator.baseline, indicator.baseline_year)
    four_quarters(world, indicator, ["10", "20", "30", "40"])
    counts = services.baseline_from_results(
        user=world.editor, province=world.province, fiscal_year=2548
    )
    indicator.refresh_from_db()
    assert counts == {"updated": 0, "skipped": 1}
    assert (indicator.baseline, indicator.baseline_year) == before
