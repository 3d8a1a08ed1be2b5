"""Periods on the Thai fiscal calendar, when they lock, and the database's own rules."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from proposals.monitoring.models import (
    Evidence,
    IndicatorActual,
    ProjectProgress,
    ProjectSpend,
    ReportingPeriod,
)
from strategies import fiscal

D = datetime.date


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (1, D(2004, 10, 1), D(2004, 12, 31)),
        (2, D(2005, 1, 1), D(2005, 3, 31)),
        (3, D(2005, 4, 1), D(2005, 6, 30)),
        (4, D(2005, 7, 1), D(2005, 9, 30)),
    ],
)
def test_quarters_of_fiscal_year_2548(quarter, first, last):
    assert fiscal.quarter_bounds(2548, quarter) == (first, last)
    assert fiscal.quarter_of(first) == (2548, quarter)
    assert fiscal.quarter_of(last) == (2548, quarter)


def test_a_period_locks_after_due_date_and_grace(world):
    period = ReportingPeriod(
        province=world.province, fiscal_year=2548, quarter=1, due_date=D(2005, 1, 15), grace_days=7
    )
    assert period.is_open(D(2005, 1, 15)) and not period.is_overdue(D(2005, 1, 15))
    assert period.is_overdue(D(2005, 1, 16)) and period.is_open(D(2005, 1, 16))
    assert period.is_open(D(2005, 1, 22))  # the last day of grace
    assert period.is_locked(D(2005, 1, 23))
    period.reopened_until = D(2005, 2, 1)
    assert period.is_open(D(2005, 2, 1)) and period.is_locked(D(2005, 2, 2))


@pytest.mark.parametrize("quarter", [0, 5])
def test_the_database_refuses_a_fifth_quarter(world, quarter):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            province=world.province, fiscal_year=2548, quarter=quarter, due_date=D(2005, 1, 15)
        )


def test_one_period_per_quarter_and_one_actual_per_period(world, chain):
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=D(2005, 1, 15)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            province=world.province, fiscal_year=2548, quarter=1, due_date=D(2005, 1, 20)
        )
    IndicatorActual.objects.create(indicator=chain["indicator"], period=period, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorActual.objects.create(indicator=chain["indicator"], period=period, value=2)


def test_evidence_is_a_file_or_a_link(world, chain):
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=D(2005, 1, 15)
    )
    actual = IndicatorActual.objects.create(indicator=chain["indicator"], period=period, value=1)
    Evidence.objects.create(
        actual=actual, kind="link", title="รายงาน", url="https://example.go.th/r"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(actual=actual, kind="link", title="ไม่มีลิงก์")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            actual=actual, kind="file", title="ไฟล์", content=b"x", size=1, content_type="text/html"
        )


def test_disbursed_never_exceeds_committed(world, chain):
    period = ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=D(2005, 1, 15)
    )
    progress = ProjectProgress.objects.create(
        project=chain["project"], period=period, percent_complete=Decimal("20")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectSpend.objects.create(
            progress=progress, source="regular", committed=Decimal(10), disbursed=Decimal(11)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectProgress.objects.create(
            project=chain["project"], period=period, percent_complete=Decimal("101")
        )
