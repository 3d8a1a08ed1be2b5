"""Reminders before the due date and the office told when a period is overdue — each once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from proposals.monitoring import services
from proposals.monitoring.models import ReportingPeriod
from proposals.monitoring.reminders import results_reminders_send
from proposals.participation import notifications
from proposals.participation.models import EmailMode, Notification

D = datetime.date


@pytest.fixture
def period(world, chain):
    return ReportingPeriod.objects.create(
        province=world.province, fiscal_year=2548, quarter=1, due_date=D(2005, 1, 15)
    )


def kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_agency_is_reminded_once_before_the_due_date(world, period, second):
    assert results_reminders_send(today=D(2005, 1, 11)) == 0  # four days before: not yet
    assert results_reminders_send(today=D(2005, 1, 12)) == 1
    assert results_reminders_send(today=D(2005, 1, 13)) == 0  # once, however often it runs
    assert results_reminders_send(today=D(2005, 1, 15)) == 0
    assert kinds_of(world.contributor) == ["results_due"]
    assert kinds_of(second.contributor) == []  # owns nothing in the plan
    text = notifications.notification_text(Notification.objects.get())
    assert "Q1/2548" in text and "2 item(s)" in text  # the indicator and the project


def test_moving_the_due_date_reminds_again(world, period):
    results_reminders_send(today=D(2005, 1, 12))
    services.period_update(
        user=world.editor, period=period, due_date=D(2005, 1, 25), grace_days=7, version=1
    )
    assert results_reminders_send(today=D(2005, 1, 23)) == 1


def test_an_agency_that_has_reported_is_not_reminded(world, chain, period):
    from decimal import Decimal

    services.actual_save(
        user=world.contributor, indicator=chain["indicator"], period=period, value=Decimal(1),
        on=D(2005, 1, 10),
    )  # fmt: skip
    services.progress_save(
        user=world.contributor, project=chain["project"], period=period,
        percent_complete=Decimal(20), on=D(2005, 1, 10),
    )  # fmt: skip
    assert results_reminders_send(today=D(2005, 1, 12)) == 0
    assert results_reminders_send(today=D(2005, 1, 16)) == 0  # nothing overdue either


def test_the_office_is_told_once_when_the_period_is_overdue(world, period):
    assert results_reminders_send(today=D(2005, 1, 16)) == 1  # the office, after the due date
    assert "results_overdue" in kinds_of(world.editor)
    assert results_reminders_send(today=D(2005, 1, 17)) == 0
    assert results_reminders_send(today=D(2005, 2, 10)) == 0
    overdue = Notification.objects.get(kind="results_overdue")
    assert world.agency.name in notifications.notification_text(overdue)
    assert kinds_of(world.viewer) == []


def test_a_long_past_period_is_not_dug_up(world, period):
    assert results_reminders_send(today=D(2005, 3, 1)) == 0


def test_the_preference_decides_e_mail_now_or_digest(
    world, period, django_capture_on_commit_callbacks
):
    notifications.preference_set(user=world.contributor, email_mode=EmailMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_results_reminders", stdout=open("/dev/null", "w"))  # today: nothing
        results_reminders_send(today=D(2005, 1, 16))
    recipients = [address for message in mail.outbox for address in message.to]
    assert world.editor.email in recipients  # immediate (the default)
    assert world.contributor.email not in recipients  # waits for the digest
