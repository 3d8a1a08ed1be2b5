"""Periods (opening, locking, reopening), actual values with history and evidence, project
progress, and target changes after approval — through the services people's actions call."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from proposals.monitoring import services
from proposals.monitoring.models import (
    ActualRevision,
    IndicatorActual,
    PeriodReopening,
    TargetChange,
    TargetChangeStatus,
)
from proposals.participation.models import Notification
from strategies import services as cascade_services
from strategies.models import IndicatorTarget
from tests.attachments.conftest import PDF, png_bytes

D = datetime.date
IN_Q1 = D(2005, 1, 10)  # before the due date of Q1 2548
LATE = D(2005, 2, 1)  # after due date + grace


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


def save(world, chain, period, value, *, user=None, version=None, on=IN_Q1, note=""):
    return services.actual_save(
        user=user or world.contributor,
        indicator=chain["indicator"],
        period=period,
        value=Decimal(value),
        note=note,
        version=version,
        on=on,
    )


# --- periods -------------------------------------------------------------------------


def test_the_office_opens_a_quarter_once(world, chain, period):
    assert (period.fiscal_year, period.quarter, period.opened_by) == (2548, 1, world.editor)
    with pytest.raises(ValidationError, match="open already"):
        services.period_open(
            user=world.editor,
            province=world.province,
            fiscal_year=2548,
            quarter=1,
            due_date=D(2005, 1, 20),
        )


@pytest.mark.parametrize("actor", ["contributor", "viewer"])
def test_only_the_office_opens_periods(world, actor):
    with pytest.raises(PermissionDenied):
        services.period_open(
            user=world.actor(actor),
            province=world.province,
            fiscal_year=2548,
            quarter=2,
            due_date=D(2005, 4, 15),
        )


def test_a_stranger_cannot_learn_the_province_exists(world):
    with pytest.raises(Http404):
        services.period_open(
            user=world.stranger,
            province=world.province,
            fiscal_year=2548,
            quarter=2,
            due_date=D(2005, 4, 15),
        )


@pytest.mark.parametrize(
    ("year", "quarter", "due", "grace", "message"),
    [
        (2552, 1, D(2009, 1, 15), 7, "no 4-year action plan"),  # the plan is 2548–2551
        (2548, 2, D(2004, 12, 31), 7, "before the quarter starts"),
        (2548, 2, D(2005, 4, 15), 91, "grace period"),
        (2548, 5, D(2005, 4, 15), 7, "quarter is 1 to 4"),
    ],
)
def test_bad_periods_are_refused_with_a_reason(world, year, quarter, due, grace, message):
    with pytest.raises(ValidationError, match=message):
        services.period_open(
            user=world.editor,
            province=world.province,
            fiscal_year=year,
            quarter=quarter,
            due_date=due,
            grace_days=grace,
        )


def test_a_locked_period_refuses_entries_until_the_office_reopens_it(world, chain, period):
    with pytest.raises(services.Refused, match="locked"):
        save(world, chain, period, "10", on=LATE)
    assert not IndicatorActual.objects.exists()
    with pytest.raises(ValidationError):  # a reason is required
        services.period_reopen(
            user=world.editor, period=period, until=D(2005, 2, 5), reason=" ", on=LATE
        )
    with pytest.raises(PermissionDenied):
        services.period_reopen(
            user=world.contributor, period=period, until=D(2005, 2, 5), reason="ล่าช้า", on=LATE
        )
    reopening = services.period_reopen(
        user=world.editor,
        period=period,
        until=D(2005, 2, 5),
        reason="สำนักงานเกษตรส่งข้อมูลล่าช้าเพราะน้ำท่วม",
        on=LATE,
    )
    assert PeriodReopening.objects.get() == reopening
    assert (reopening.by, reopening.until) == (world.editor, D(2005, 2, 5))
    actual, changed = save(world, chain, period, "10", on=LATE)
    assert changed and actual.value == 10
    with pytest.raises(services.Refused):
        save(world, chain, period, "11", on=D(2005, 2, 6), version=actual.version)


def test_an_open_period_needs_no_reopening(world, period):
    with pytest.raises(services.Refused, match="still open"):
        services.period_reopen(
            user=world.editor, period=period, until=D(2005, 1, 30), reason="x", on=IN_Q1
        )


def test_the_due_date_moves_with_a_version_check(world, period):
    services.period_update(
        user=world.editor, period=period, due_date=D(2005, 1, 20), grace_days=3, version=1
    )
    with pytest.raises(services.EditConflict):
        services.period_update(
            user=world.editor, period=period, due_date=D(2005, 1, 25), grace_days=3, version=1
        )
    period.refresh_from_db()
    assert (period.due_date, period.grace_days, period.version) == (D(2005, 1, 20), 3, 2)


# --- actual values -----------------------------------------------------------------------


def test_corrections_keep_the_history_and_the_same_value_writes_nothing(world, chain, period):
    actual, changed = save(world, chain, period, "10", note="รอบแรก")
    assert changed and actual.version == 1
    actual, changed = save(world, chain, period, "12.5", version=1, note="แก้ไขตามทะเบียน")
    assert changed and actual.version == 2
    actual, changed = save(world, chain, period, "12.5", version=2, note="แก้ไขตามทะเบียน")
    assert not changed and actual.version == 2
    history = list(
        ActualRevision.objects.filter(actual=actual).values_list("number", "value", "note")
    )
    assert history == [(1, Decimal("10"), "รอบแรก"), (2, Decimal("12.5"), "แก้ไขตามทะเบียน")]


def test_a_stale_correction_is_refused_and_writes_nothing(world, chain, period):
    save(world, chain, period, "10")
    save(world, chain, period, "11", version=1, user=world.editor)
    with pytest.raises(services.EditConflict) as conflict:
        save(world, chain, period, "99", version=1)
    assert conflict.value.current.value == 11
    with pytest.raises(services.EditConflict):  # "first entry" when someone entered it already
        save(world, chain, period, "99", version=None)
    assert IndicatorActual.objects.get().value == 11
    assert ActualRevision.objects.count() == 2


def test_an_agency_enters_only_the_indicators_it_owns(world, chain, period, second):
    with pytest.raises(PermissionDenied):
        save(world, chain, period, "10", user=second.contributor)
    with pytest.raises(PermissionDenied):
        save(world, chain, period, "10", user=world.viewer)
    with pytest.raises(Http404):
        save(world, chain, period, "10", user=world.stranger)
    actual, _changed = save(world, chain, period, "10", user=world.editor)  # the office may
    assert actual.entered_by == world.editor


@pytest.mark.parametrize(("value", "message"), [("1e15", "14 digits"), ("1.234", "2 decimals")])
def test_bad_values_are_refused(world, chain, period, value, message):
    with pytest.raises(ValidationError, match=message):
        save(world, chain, period, value)
    with pytest.raises(ValidationError, match="500"):
        save(world, chain, period, "1", note="ก" * 501)


def test_evidence_files_keep_their_fingerprint_and_links_are_checked(world, chain, period):
    actual, _ = save(world, chain, period, "10")
    pdf = services.evidence_add(
        user=world.contributor,
        actual=actual,
        title="รายงานผล",
        filename="report.pdf",
        content=PDF,
        on=IN_Q1,
    )
    assert pdf.content_type == "application/pdf" and len(pdf.sha256) == 64
    assert services.evidence_content(pdf) == PDF
    link = services.evidence_add(
        user=world.contributor, actual=actual, title="", url="https://example.go.th/r", on=IN_Q1
    )
    assert link.title == "https://example.go.th/r"
    with pytest.raises(ValidationError, match="https://"):
        services.evidence_add(
            user=world.contributor, actual=actual, title="x", url="javascript:alert(1)", on=IN_Q1
        )
    with pytest.raises(ValidationError, match="name does not match"):
        services.evidence_add(
            user=world.contributor,
            actual=actual,
            title="x",
            filename="a.pdf",
            content=png_bytes(),
            on=IN_Q1,
        )
    with pytest.raises(services.Refused):
        services.evidence_add(
            user=world.contributor, actual=actual, title="x", url="https://a.b/", on=LATE
        )


# --- project progress ---------------------------------------------------------------------


def test_project_progress_with_spending_by_source(world, chain, period):
    progress, changed = services.progress_save(
        user=world.contributor,
        project=chain["project"],
        period=period,
        percent_complete=Decimal("30"),
        milestones="จัดซื้อเครื่องคัดแยกผลไม้",
        spending={"regular": (Decimal("500000"), Decimal("120000"))},
        on=IN_Q1,
    )
    assert changed and progress.spending.get().disbursed == 120000
    progress, changed = services.progress_save(
        user=world.contributor,
        project=chain["project"],
        period=period,
        percent_complete=Decimal("30"),
        milestones="จัดซื้อเครื่องคัดแยกผลไม้",
        spending={"regular": (Decimal("500000"), Decimal("120000"))},
        version=1,
        on=IN_Q1,
    )
    assert not changed and progress.revisions.count() == 1
    with pytest.raises(ValidationError, match="more than committed"):
        services.progress_save(
            user=world.contributor,
            project=chain["project"],
            period=period,
            percent_complete=Decimal("30"),
            spending={"regular": (Decimal("1"), Decimal("2"))},
            version=1,
            on=IN_Q1,
        )


# --- target changes -------------------------------------------------------------------------


def test_before_approval_targets_are_edited_directly(world, chain, blueprint):
    with pytest.raises(services.Refused, match="not approved"):
        services.target_change_request(
            user=world.editor,
            indicator=chain["indicator"],
            fiscal_year=2549,
            new_value=5,
            reason="x",
        )
    cascade_services.indicator_set_targets(indicator=chain["indicator"], targets={2549: Decimal(5)})


def test_after_approval_a_target_changes_only_with_a_reason_and_the_office_approval(
    world, chain, submitted_blueprint
):
    indicator = chain["indicator"]
    before = IndicatorTarget.objects.get(indicator=indicator, fiscal_year=2549).value
    with pytest.raises(ValidationError, match="approved"):
        cascade_services.indicator_set_targets(indicator=indicator, targets={2549: Decimal(1)})
    with pytest.raises(ValidationError):
        services.target_change_request(
            user=world.contributor, indicator=indicator, fiscal_year=2549, new_value=1, reason=" "
        )
    change = services.target_change_request(
        user=world.contributor,
        indicator=indicator,
        fiscal_year=2549,
        new_value=Decimal("80"),
        reason="ราคายางตกต่ำ เกษตรกรเปลี่ยนไปปลูกปาล์ม",
    )
    assert change.status == TargetChangeStatus.PENDING and change.old_value == before
    assert Notification.objects.filter(recipient=world.editor, kind="target_change").exists()
    with pytest.raises(services.Refused, match="already waiting"):
        services.target_change_request(
            user=world.editor, indicator=indicator, fiscal_year=2549, new_value=90, reason="y"
        )
    with pytest.raises(PermissionDenied):
        services.target_change_decide(user=world.contributor, change=change, approve=True)
    services.target_change_decide(user=world.editor, change=change, approve=True, note="เห็นชอบ")
    assert IndicatorTarget.objects.get(indicator=indicator, fiscal_year=2549).value == 80
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.old_value, change.new_value) == (
        TargetChangeStatus.APPROVED,
        world.editor,
        before,
        Decimal("80"),
    )
    with pytest.raises(services.Refused, match="decided already"):
        services.target_change_decide(user=world.editor, change=change, approve=False, note="x")
    refused = services.target_change_request(
        user=world.editor, indicator=indicator, fiscal_year=2549, new_value=95, reason="ทดลอง"
    )
    with pytest.raises(ValidationError):  # refusing needs a reason too
        services.target_change_decide(user=world.editor, change=refused, approve=False)
    services.target_change_decide(
        user=world.editor, change=refused, approve=False, note="ไม่มีข้อมูลรองรับ"
    )
    assert IndicatorTarget.objects.get(indicator=indicator, fiscal_year=2549).value == 80
    history = TargetChange.objects.filter(indicator=indicator).order_by("pk")
    assert [(c.status, c.new_value) for c in history] == [("approved", 80), ("refused", 95)]
