"""Notifications: stored with the action, e-mailed after it commits (never for a rolled-back
action), kept when sending fails and retried, sent as a daily digest when chosen; the bell."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from proposals.models import Section
from proposals.participation import comments, notifications
from proposals.participation.models import (
    EmailMode,
    EmailState,
    Notification,
    NotificationKind,
)
from proposals.participation.reminders import deadline_reminders_send
from tests.participation.conftest import assign
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

FAILING = "tests.participation.conftest.FailingBackend"


def mention(world, blueprint, body="@contributor ช่วยดูด้วย"):
    return comments.comment_post(user=world.editor, blueprint=blueprint, section="goals", body=body)


def test_mail_goes_out_only_after_the_commit(
    world, blueprint, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mention(world, blueprint)
        assert Notification.objects.filter(recipient=world.contributor).exists()
    assert mailoutbox == []  # nothing while the transaction is open
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world.contributor.email]
    assert "@contributor" in message.body and "/comments/?section=goals" in message.body
    notification = Notification.objects.get(recipient=world.contributor)
    assert notification.email_state == EmailState.SENT and notification.emailed_at


def test_links_in_e_mails_use_the_sites_configured_address(
    world, blueprint, settings, django_capture_on_commit_callbacks, mailoutbox
):
    """Issue 20: e-mails said 127.0.0.1:8000; every link starts with ``DJANGO_SITE_URL``."""
    settings.SITE_URL = "https://blueprint.opdc.go.th"
    with django_capture_on_commit_callbacks(execute=True):
        mention(world, blueprint)
    body = mailoutbox[0].body
    links = [word for word in body.split() if "://" in word]
    assert links and all(link.startswith("https://blueprint.opdc.go.th/") for link in links)
    assert "127.0.0.1" not in body and "localhost" not in body


def test_no_mail_and_no_event_for_a_rolled_back_action(
    world, blueprint, django_capture_on_commit_callbacks, mailoutbox
):
    class Boom(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            mention(world, blueprint)
            raise Boom
    assert callbacks == [] and mailoutbox == []
    assert not Notification.objects.exists()


def test_a_failure_to_send_never_loses_the_event(
    world, blueprint, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        mention(world, blueprint)  # does not raise: the action stands
    notification = Notification.objects.get(recipient=world.contributor)
    assert notification.email_state == EmailState.FAILED
    assert "mail server down" in notification.email_error and notification.email_attempts == 1
    # Still shown in the app…
    assert notification.is_unread
    # …and sent once the server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_notifications", stdout=open("/dev/null", "w"))
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT and len(mail.outbox) == 1
    call_command("send_pending_notifications", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # once


def test_daily_digest_instead_of_immediate_mail(
    world, blueprint, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    client = client_for(world.contributor)
    response = client.post(
        reverse("proposals:participation:notification_settings"),
        {"email_mode": EmailMode.DIGEST},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        mention(world, blueprint, "@contributor ข้อแรก")
    with django_capture_on_commit_callbacks(execute=True):
        mention(world, blueprint, "@contributor ข้อสอง")
    assert mailoutbox == []  # waits for the digest
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [world.contributor.email]
    assert "ข้อแรก" in digest.body and "ข้อสอง" in digest.body
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mailoutbox) == 1  # nothing new, nothing sent
    # What was read in the app meanwhile is not e-mailed again.
    with django_capture_on_commit_callbacks(execute=True):
        mention(world, blueprint, "@contributor อ่านแล้ว")
    notifications.mark_read(user=world.contributor)
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(email_state=EmailState.SKIPPED).count() == 1


def test_a_failed_digest_is_sent_by_the_next_run(world, blueprint, settings, mailoutbox):
    notifications.preference_set(user=world.contributor, email_mode=EmailMode.DIGEST)
    mention(world, blueprint)
    settings.EMAIL_BACKEND = FAILING
    assert notifications.send_digests() == 0
    assert Notification.objects.get().email_state == EmailState.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.send_digests() == 1
    assert len(mail.outbox) == 1


def test_assignment_and_state_changes_are_told(
    world, blueprint, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assign(blueprint, world, due_date=datetime.date(2005, 1, 31))
    assigned = Notification.objects.get(kind=NotificationKind.ASSIGNED)
    assert assigned.recipient == world.contributor
    assert assigned.data["section"] == "changes" and assigned.data["due"] == "2005-01-31"
    # The agency takes part from now on.
    assert blueprint.participants.filter(organisation=world.agency).exists()
    with django_capture_on_commit_callbacks(execute=True):
        advance(blueprint, world.editor, "consult")
    changed = Notification.objects.filter(kind=NotificationKind.STATE_CHANGED)
    # Everyone on the Blueprint but the person who acted.
    assert set(changed.values_list("recipient", flat=True)) == {world.contributor.pk}
    assert changed.get().data["status"] == "consultation"
    # The state change's e-mail waits out the coalescing window, then goes with the next run.
    assert len(mailoutbox) == 1
    changed.update(created_at=changed.get().created_at - notifications.COALESCE_WINDOW)
    notifications.send_pending()
    assert len(mailoutbox) == 2


def test_deadline_in_three_days(world, blueprint, mailoutbox):
    today = datetime.date(2005, 1, 28)
    assign(blueprint, world, due_date=datetime.date(2005, 1, 31))
    assign(blueprint, world, key="risks", due_date=datetime.date(2005, 2, 10))
    Notification.objects.all().delete()
    assert deadline_reminders_send(today=today) == 1
    reminder = Notification.objects.get()
    assert reminder.kind == NotificationKind.DEADLINE and reminder.recipient == world.contributor
    assert reminder.data["days"] == 3 and reminder.data["section"] == "changes"
    assert deadline_reminders_send(today=today + datetime.timedelta(days=1)) == 0  # once
    # Handed in: no reminder.
    Section.objects.filter(blueprint=blueprint, key="risks").update(status="submitted")
    assert deadline_reminders_send(today=datetime.date(2005, 2, 8)) == 0
    # The command runs for today.
    call_command("send_deadline_reminders", stdout=open("/dev/null", "w"))


def test_the_bell_and_marking_read(world, blueprint, client_for):
    mention(world, blueprint)
    mention(world, blueprint, "@contributor อีกข้อ")
    client = client_for(world.contributor)
    bell = client.get(reverse("proposals:participation:bell")).content.decode()
    assert ">2</span>" in bell
    # Every page loads the bell without holding up its own queries.
    page = client.get(reverse("proposals:participation:inbox")).content.decode()
    assert 'hx-get="/blueprints/notifications/bell/"' in page
    listing = client.get(reverse("proposals:participation:notifications"))
    assert listing.status_code == 200
    first = Notification.objects.filter(recipient=world.contributor).first()
    target = reverse("proposals:participation:notification_read", args=[first.pk])
    response = client.post(target, HTTP_HX_REQUEST="true")
    assert (
        response.status_code == 200 and f'id="notification-{first.pk}"' in response.content.decode()
    )
    first.refresh_from_db()
    assert first.read_at is not None
    response = client.post(target, {"open": "1"})
    assert response["Location"] == first.url
    # Another person's notification does not exist for them.
    assert client_for(world.viewer).post(target).status_code == 404
    client = client_for(world.contributor)
    client.post(reverse("proposals:participation:notifications_read_all"))
    assert not Notification.objects.filter(recipient=world.contributor, read_at=None).exists()


def test_texts_follow_the_readers_language(
    world, blueprint, django_capture_on_commit_callbacks, mailoutbox
):
    from django.utils import translation

    from strategies.models import Profile

    Profile.objects.create(user=world.contributor, language="th")
    with django_capture_on_commit_callbacks(execute=True):
        mention(world, blueprint)
    notification = Notification.objects.get()
    with translation.override("en"):
        text = notifications.notification_text(notification)
    assert text.startswith(world.editor.get_full_name() + " mentioned you in a comment on")
    # The Blueprint is named by province, issue and year in the reader's language.
    assert f"{blueprint.province.name} · issue {blueprint.issue.number} · FY 2548" in text
    with translation.override("th"):
        text = notifications.notification_text(notification)
    assert "กล่าวถึงคุณในความคิดเห็นต่อ" in text
    assert f"{blueprint.province.name} · ประเด็นที่ {blueprint.issue.number} · ปีงบประมาณ 2548" in text
    # The e-mail is written in the recipient's language, whatever the sender's.
    (message,) = mailoutbox
    assert message.subject.startswith("[ข้อเสนอการเปลี่ยนแปลง]")
    assert "กล่าวถึงคุณ" in message.body
