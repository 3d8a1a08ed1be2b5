"""Monitoring's history is append-only in the database (migration
``0018_monitoring_history_append_only``): a raw UPDATE of a revision, a reopening or a
decided target change is refused on SQLite and PostgreSQL, a DELETE on PostgreSQL; deleting
an indicator or project with results is refused by the application, naming what stands on
it. Run on both engines (``tools/pg_throwaway.sh``)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from proposals.monitoring import services
from proposals.monitoring.models import (
    ActualRevision,
    PeriodReopening,
    ProgressRevision,
    TargetChange,
    TargetChangeStatus,
)
from strategies import services as cascade_services

D = datetime.date
IN_Q1 = D(2005, 1, 10)
LATE = D(2005, 2, 1)
RULE = "proposals_monitoring_history_append_only"

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(world):
    return services.period_open(
        user=world.editor,
        province=world.province,
        fiscal_year=2548,
        quarter=1,
        due_date=D(2005, 1, 15),
        grace_days=7,
    )


@pytest.fixture
def history(world, chain, period):
    """An actual with two revisions, a progress revision, a reopening."""
    actual, _ = services.actual_save(
        user=world.contributor, indicator=chain["indicator"], period=period, value=10, on=IN_Q1
    )
    services.actual_save(
        user=world.contributor,
        indicator=chain["indicator"],
        period=period,
        value=12,
        version=1,
        on=IN_Q1,
    )
    services.progress_save(
        user=world.contributor,
        project=chain["project"],
        period=period,
        percent_complete=Decimal("30"),
        spending={"regular": (Decimal("500"), Decimal("100"))},
        on=IN_Q1,
    )
    services.period_reopen(
        user=world.editor, period=period, until=LATE, reason="ข้อมูลซ้ำซ้อน", on=LATE
    )
    return actual


def refused(queryset, **values):
    """Whether the database refuses ``queryset.update(**values)`` by the history rule."""
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError as error:
        assert RULE in str(error)
        return True
    return False


def delete_refused(queryset):
    try:
        with transaction.atomic():
            # Raw SQL: Django's collector would stop at PROTECT before the database is asked.
            table = queryset.model._meta.db_table
            ids = list(queryset.values_list("pk", flat=True))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE id IN ({','.join(['%s'] * len(ids))})", ids
                )
    except IntegrityError as error:
        assert RULE in str(error)
        return True
    return False


@pytest.mark.parametrize(
    "model, values",
    [
        (ActualRevision, {"value": Decimal("99")}),
        (ActualRevision, {"note": "แก้ย้อนหลัง"}),
        (ActualRevision, {"created_at": datetime.datetime(2005, 1, 1, tzinfo=datetime.UTC)}),
        (ActualRevision, {"number": 7}),
        (ProgressRevision, {"data": {"percent_complete": "99"}}),
        (PeriodReopening, {"reason": "อื่น"}),
        (PeriodReopening, {"until": D(2005, 3, 1)}),
    ],
)
def test_history_rows_cannot_be_changed(history, model, values):
    before = list(model.objects.values())
    assert refused(model.objects.all(), **values)
    assert list(model.objects.values()) == before


def test_history_rows_cannot_be_given_to_someone_else(world, history):
    assert refused(ActualRevision.objects.all(), author=world.editor)
    assert refused(PeriodReopening.objects.all(), by=world.contributor)


def test_deleting_an_account_keeps_its_history_without_it(world, history):
    """Django's SET_NULL is the one update history rows take."""
    numbers = list(ActualRevision.objects.values_list("number", "value"))
    get_user_model().objects.filter(pk=world.contributor.pk).delete()
    assert list(ActualRevision.objects.values_list("number", "value")) == numbers
    assert not ActualRevision.objects.filter(author__isnull=False).exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_history_rows_cannot_be_deleted_on_postgresql(history):
    for model in (ActualRevision, ProgressRevision, PeriodReopening):
        assert delete_refused(model.objects.all())
        assert model.objects.exists()


def test_an_indicator_or_project_with_results_cannot_be_deleted(world, chain, history):
    for element in (chain["indicator"], chain["project"]):
        with pytest.raises(ProtectedError):
            cascade_services.element_delete(user=world.editor, element=element)
    assert ActualRevision.objects.count() == 2 and ProgressRevision.objects.count() == 1


def test_a_target_change_is_decided_once_and_then_final(world, chain, submitted_blueprint):
    change = services.target_change_request(
        user=world.contributor,
        indicator=chain["indicator"],
        fiscal_year=2549,
        new_value=Decimal("80"),
        reason="ราคายางตกต่ำ",
    )
    pending = TargetChange.objects.filter(pk=change.pk)
    # What was asked never changes, even while it waits.
    assert refused(pending, reason="อื่น")
    assert refused(pending, new_value=Decimal("1"))
    services.target_change_decide(user=world.editor, change=change, approve=True, note="เห็นชอบ")
    decided = TargetChange.objects.filter(pk=change.pk)
    assert decided.get().status == TargetChangeStatus.APPROVED
    assert refused(decided, status=TargetChangeStatus.REFUSED)
    assert refused(decided, decision_note="แก้")
    assert refused(decided, decided_at=datetime.datetime(2005, 1, 1, tzinfo=datetime.UTC))
    if connection.vendor == "postgresql":
        assert delete_refused(decided)
    assert decided.get().decision_note == "เห็นชอบ"
